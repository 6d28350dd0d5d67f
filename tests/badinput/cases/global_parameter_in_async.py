async def f(state):
    global state  # error@5: name 'state' is parameter and global
    return state
