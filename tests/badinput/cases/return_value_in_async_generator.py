import asyncio


async def numbers(limit):
    for n in range(limit):
        await asyncio.sleep(0)
        yield n
    if limit > 10:
        return limit  # error@9: 'return' with value in async generator
