# expect: runs-identically
# `await` inside a for-loop target (once refused): the target is evaluated
# for each item, after the item is fetched.
import asyncio


class Box:
    value = None


async def box(log):
    log.append("box")
    await asyncio.sleep(0)
    return Box()


async def fill(values):
    log = []
    for (await box(log)).value in values:
        log.append("body")
    async def items():
        for value in values:
            log.append(f"item {value}")
            yield value
    async for (await box(log)).value in items():
        log.append("async body")
    return log


print(asyncio.run(fill([1, 2])))
