import asyncio


async def f():
    if True:
        await asyncio.sleep(0)
	return 1  # error@1: inconsistent use of tabs and spaces in indentation
