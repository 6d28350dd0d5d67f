"""One function with thirty states: the state graph must stay readable."""

import asyncio


async def long_haul(steps, bus):
    await bus.open()
    for step in steps:
        await bus.send(step, "a")
        await bus.send(step, "b")
        try:
            await bus.send(step, "c")
            await bus.send(step, "d")
        except TimeoutError:
            await bus.retry(step, "c")
            await bus.retry(step, "d")
        finally:
            await bus.flush()
        while await bus.pending():
            await bus.drain()
            if await bus.stalled():
                break
            await asyncio.sleep(0)
        await bus.send(step, "e")
    async with bus.lock():
        await bus.send("locked", 1)
        await bus.send("locked", 2)
    try:
        await bus.send("last", 1)
    except Exception:
        await bus.report()
        raise
    await bus.send("last", 2)
    await bus.send("last", 3)
    await bus.send("last", 4)
    await bus.send("last", 5)
    await bus.send("last", 6)
    await bus.send("last", 7)
    await bus.send("last", 8)
    await bus.send("last", 9)
    await bus.send("last", 10)
    await bus.close()
    return "done"
