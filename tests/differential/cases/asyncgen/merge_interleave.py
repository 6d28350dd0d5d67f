"""Several async generators advanced alternately by one consumer: a
round-robin merge that drops exhausted sources, a zip that stops at the
shortest (and closes the others), a generator that creates asyncio tasks
and yields their results as they are gathered, one that awaits
asyncio.wait_for() and asyncio.shield() between yields, and a generator
whose items come from an asyncio.Future set by another task."""
import asyncio
from tracelib import suspend

log = []


async def source(name, n):
    try:
        for i in range(n):
            await suspend()
            log.append(f"{name}{i}")
            yield f"{name}{i}"
    finally:
        log.append(f"{name} closed")


async def round_robin(*gens):
    active = list(gens)
    while active:
        for g in list(active):
            try:
                yield await g.__anext__()
            except StopAsyncIteration:
                active.remove(g)


async def azip(*gens):
    try:
        while True:
            items = []
            for g in gens:
                try:
                    items.append(await anext(g))
                except StopAsyncIteration:
                    return
            yield tuple(items)
    finally:
        for g in gens:
            await g.aclose()


async def work(i):
    await asyncio.sleep(0)
    return i * i


async def with_tasks(n):
    tasks = [asyncio.create_task(work(i)) for i in range(n)]
    for task in tasks:
        yield await task
    yield await asyncio.gather(*(work(i) for i in range(n)))


async def with_wait_for():
    yield await asyncio.wait_for(work(3), timeout=10)
    yield await asyncio.shield(work(4))


async def from_futures(futures):
    for fut in futures:
        yield await fut


async def setter(futures):
    for i, fut in enumerate(futures):
        await asyncio.sleep(0)
        fut.set_result(f"future {i}")


async def main():
    print("round robin:", [v async for v in round_robin(source("a", 3), source("b", 1), source("c", 2))])
    print("  log", log)
    log.clear()
    print("zip:", [v async for v in azip(source("x", 2), source("y", 5))])
    print("  log", log)
    log.clear()
    print("tasks:", [v async for v in with_tasks(3)])
    print("wait_for/shield:", [v async for v in with_wait_for()])
    loop = asyncio.get_running_loop()
    futures = [loop.create_future() for _ in range(3)]
    task = asyncio.create_task(setter(futures))
    print("futures:", [v async for v in from_futures(futures)])
    await task


asyncio.run(main())
