# expect: runs-identically
# Windows line endings.
import asyncio


async def f(n):
    total = 0
    for i in range(n):
        total += await asyncio.sleep(0, i)
    return total


print(asyncio.run(f(4)))
