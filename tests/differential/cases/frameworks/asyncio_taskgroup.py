"""asyncio.TaskGroup with compiled coroutines: the group waits for all
children, tasks created by other tasks in the same group, results read after
the block, a child failure cancelling the siblings and the body (whose
CancelledError handler awaits), and an outer task cancelling the whole group
(children's finally blocks run, the CancelledError propagates)."""
import asyncio
from tracelib import describe, suspend

log = []


async def child(name, steps, tg=None):
    try:
        for i in range(steps):
            await suspend()
        if tg is not None:
            log.append(f"{name} spawning grandchild")
            tg.create_task(child(f"{name}.grandchild", 1))
        log.append(f"{name} done")
        return name
    finally:
        log.append(f"{name} finally")


async def failer():
    await suspend()
    raise KeyError("child failed")


async def waits_for_all():
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(child("a", 2, tg))
        b = tg.create_task(child("b", 1))
        log.append("body done creating")
    log.append("group exited")
    return a.result(), b.result()


async def failure_cancels_body():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("long", 100))
            tg.create_task(failer())
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                log.append("body cancelled")
                await suspend()
                log.append("body cleanup awaited")
                raise
    except* KeyError as eg:
        log.append(f"group raised {[describe(e) for e in eg.exceptions]}")


async def outer_cancel():
    async def run_group():
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("x", 100))
            tg.create_task(child("y", 100))

    task = asyncio.create_task(run_group())
    for _ in range(3):
        await asyncio.sleep(0)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        log.append("outer task cancelled")
    log.append(f"task.cancelled() = {task.cancelled()}")


async def main():
    for case in (waits_for_all, failure_cancels_body, outer_cancel):
        log.clear()
        print(case.__name__, "->", await case())
        for line in log:
            print("  ", line)


asyncio.run(main())
