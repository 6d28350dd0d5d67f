async def f():
    from asyncio import *  # error@25: import * only allowed at module level
    await sleep(0)
