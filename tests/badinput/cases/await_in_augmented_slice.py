# expect: runs-identically
# `await` in an augmented assignment to a slice (once refused).
import asyncio


async def extend(items):
    items[1:2] += await asyncio.sleep(0, [9])
    items[::2] += await asyncio.sleep(0, [])
    return items


print(asyncio.run(extend([1, 2, 3])))
