"""asyncio.run() finalizes async generators left unfinished when the main
coroutine returns: loop.shutdown_asyncgens() calls aclose() on each, so
their finally blocks (and `except GeneratorExit` handlers) run -- and may
await -- after main() has returned but before asyncio.run() does. Each run
below leaves one generator suspended (kept alive in a global list so only
shutdown_asyncgens closes it); the last run leaves three, whose logs are
sorted because shutdown closes them concurrently in set order. A generator
whose finally raises is reported by asyncio on stderr, not stdout. Also a
generator abandoned and garbage collected *during* the run: asyncio's
finalizer hook schedules its aclose() as a task on the loop."""
import asyncio
import gc
from tracelib import describe

keep = []
log = []


async def ticker(name, cleanup_awaits=True):
    try:
        for i in range(100):
            await asyncio.sleep(0)
            yield i
    except GeneratorExit:
        log.append(f"{name}: GeneratorExit")
        raise
    finally:
        log.append(f"{name}: finally")
        if cleanup_awaits:
            await asyncio.sleep(0)
            log.append(f"{name}: finally awaited")


async def bad_cleanup():
    try:
        yield 1
    finally:
        print("bad_cleanup: finally raises")
        raise ValueError("cleanup failed")


async def one():
    g = ticker("one")
    keep.append(g)
    print("one:", await g.__anext__(), await g.__anext__())
    print("one: main returns")


async def async_for_break():
    g = ticker("two")
    keep.append(g)
    async for v in g:
        if v == 1:
            break
    print("two: main broke out at", v)


async def several():
    for name in ("a", "b", "c"):
        g = ticker(name)
        keep.append(g)
        await g.__anext__()
    print("several: main returns")


async def raising():
    g = bad_cleanup()
    keep.append(g)
    await g.__anext__()
    print("raising: main returns")


async def collected_during_run():
    g = ticker("gc", cleanup_awaits=False)
    await g.__anext__()
    del g
    gc.collect()
    print("collected: log right after gc:", log)
    for _ in range(3):
        await asyncio.sleep(0)
    print("collected: log after a few loop iterations:", log)
    log.clear()


def run(main, sort=False):
    asyncio.run(main())
    print("  after asyncio.run:", sorted(log) if sort else log)
    log.clear()
    for g in keep:
        print("  generator finished:", g.ag_frame is None)
    keep.clear()


run(one)
run(async_for_break)
run(several, sort=True)
run(raising)
run(collected_during_run)
