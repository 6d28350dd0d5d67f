# A module without coroutines comes back byte for byte.
def f(x):
    return x  +  1   # odd spacing is kept
