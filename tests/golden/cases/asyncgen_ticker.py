import asyncio


async def ticker(limit, delay):
    """Yield 0, 1, ... limit - 1, sleeping in between."""
    for tick in range(limit):
        yield tick
        await asyncio.sleep(delay)
