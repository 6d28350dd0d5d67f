import asyncio
import contextlib


async def holder():
    await asyncio.sleep(0)
    return {}


async def use():
    with contextlib.nullcontext(1) as (await holder())["value"]:  # error@39: movenext cannot compile 'await' inside a with-statement target
        pass
