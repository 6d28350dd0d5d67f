import asyncio


async def total(values):
    await asyncio.sleep(0)
    return sum(values  # error@15: '(' was never closed
