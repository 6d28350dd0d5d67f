import asyncio


class Box:
    value = None


async def box():
    await asyncio.sleep(0)
    return Box()


async def fill(values):
    for (await box()).value in values:  # error@9: movenext cannot compile 'await' inside a for-loop target
        pass
