import asyncio


async def pair():
    return [await asyncio.sleep(0, 1) await asyncio.sleep(0, 2)]  # error@13: invalid syntax. Perhaps you forgot a comma?
