# expect: runs-identically
# Form feeds between definitions, backslash continuations, a semicolon line.
import asyncio


async def f(a, \
            b):
    x = await asyncio.sleep(0, a) + \
        await asyncio.sleep(0, b); y = x * 2
    return x, y


print(asyncio.run(f(1, 2)))
