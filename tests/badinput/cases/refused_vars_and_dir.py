import asyncio


async def names():
    await asyncio.sleep(0)
    return sorted(dir())  # error@19: movenext cannot compile dir() without explicit namespaces in an async function (its local variables live in the state machine)


async def values(x):
    await asyncio.sleep(0)
    if x:
        return vars()  # error@16: movenext cannot compile vars() without explicit namespaces in an async function (its local variables live in the state machine)
    return vars(x)
