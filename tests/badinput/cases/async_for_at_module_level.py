async def ticks():
    yield 1


async for tick in ticks():  # error@1: 'async for' outside async function
    print(tick)
