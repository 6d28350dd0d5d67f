"""Async generators under trio: trio.run installs its own asyncgen hooks.
Generators left suspended when the main task returns are closed by trio
before trio.run returns, one at a time, each aclose() inside an already
cancelled (shielded) scope -- so an await in the generator's finally raises
trio.Cancelled, which the finally logs. A generator abandoned and garbage
collected during the run is closed by a trio system task (its ResourceWarning
is not shown: ignored by default). Also ordinary use: nursery children
consuming their own generators, and contextlib.aclosing. Several leftover
generators are closed in set order, so their logs are sorted."""
import contextlib
import gc

import trio
import trio.testing

log = []
keep = []


async def counter(name, n=100):
    try:
        for i in range(n):
            await trio.lowlevel.checkpoint()
            yield i
    finally:
        log.append(f"{name}: finally")
        try:
            await trio.sleep(0)
            log.append(f"{name}: finally awaited")
        except trio.Cancelled:
            log.append(f"{name}: await in finally cancelled")


async def consumer(name, results):
    total = 0
    async for v in counter(name, 3):
        total += v
    results[name] = total


async def leftover():
    g = counter("leftover")
    keep.append(g)
    print("leftover: got", await g.__anext__(), await g.__anext__())


async def several_leftovers():
    for name in ("x", "y", "z"):
        g = counter(name)
        keep.append(g)
        await g.__anext__()
    print("several: main returns")


async def collected_during_run():
    g = counter("collected")
    await g.__anext__()
    del g
    gc.collect()
    print("collected: right after gc:", log)
    await trio.testing.wait_all_tasks_blocked()
    print("collected: after the system task ran:", log)
    log.clear()


async def ordinary_use():
    results = {}
    async with trio.open_nursery() as nursery:
        for name in ("a", "b"):
            nursery.start_soon(consumer, name, results)
    print("ordinary: results", sorted(results.items()))
    print("ordinary: log", sorted(log))
    log.clear()
    async with contextlib.aclosing(counter("closing")) as g:
        async for v in g:
            if v == 2:
                break
    print("ordinary: aclosing log", log)
    log.clear()


def run(main, sort=False):
    trio.run(main)
    print("  after trio.run:", sorted(log) if sort else log)
    log.clear()
    print("  generators finished:", [g.ag_frame is None for g in keep])
    keep.clear()


run(ordinary_use)
run(leftover)
run(several_leftovers, sort=True)
run(collected_during_run)
