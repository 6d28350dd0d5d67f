import asyncio

nonlocal counter  # error@1: nonlocal declaration not allowed at module level


async def bump():
    await asyncio.sleep(0)
