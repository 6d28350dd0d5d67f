async def f():
    await = 1  # error@11: invalid syntax
