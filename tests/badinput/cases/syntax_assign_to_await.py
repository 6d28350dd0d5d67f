import asyncio


async def store():
    await asyncio.sleep(0) = 1  # error@5: cannot assign to await expression here. Maybe you meant '==' instead of '='?
