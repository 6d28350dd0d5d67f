# expect: unchanged
# The word async appears, but no coroutine does: the file must come back as it is.
DOC = 'async def f(): await g()'
async_mode  =  {'async': True}   # odd spacing a formatter would change
