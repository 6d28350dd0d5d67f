async def ticks():
    yield 1


values = [tick async for tick in ticks()]  # error@10: asynchronous comprehension outside of an asynchronous function
