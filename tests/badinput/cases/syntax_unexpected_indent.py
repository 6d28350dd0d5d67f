import asyncio


async def f():
    await asyncio.sleep(0)
        return 1  # error@8: unexpected indent
