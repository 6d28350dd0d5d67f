"""asyncio tasks running compiled coroutines: create_task ordering (tasks
start in creation order at the next loop iteration), interleaving at each
suspension, task names, done callbacks (called in registration order),
result()/exception() of finished tasks, current_task() inside a task, and a
task awaiting another task."""
import asyncio
from tracelib import describe, suspend

log = []


async def worker(name, steps):
    log.append(f"{name} start")
    for i in range(steps):
        await suspend()
        log.append(f"{name} step {i}")
    return f"{name} done"


async def failing():
    await suspend()
    raise ValueError("task failed")


async def awaits_other(other):
    log.append("awaiter waiting")
    result = await other
    log.append(f"awaiter got {result!r}")
    return result.upper()


async def main():
    t1 = asyncio.create_task(worker("A", 3), name="task-A")
    t2 = asyncio.create_task(worker("B", 2), name="task-B")
    t3 = asyncio.create_task(awaits_other(t2))
    log.append("main created tasks")
    t1.add_done_callback(lambda t: log.append(f"callback 1 for {t.get_name()}"))
    t1.add_done_callback(lambda t: log.append(f"callback 2 for {t.get_name()}"))
    print("results", await t1, await t2, await t3)
    for line in log:
        print("  ", line)
    print("names", t1.get_name(), t2.get_name())
    print("done", t1.done(), t1.cancelled(), t1.exception())

    bad = asyncio.create_task(failing())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("failed task done:", bad.done(), "exception:", describe(bad.exception()))
    try:
        bad.result()
    except ValueError as e:
        print("result() raises the same object:", e is bad.exception())

    async def who_am_i():
        await suspend()
        return asyncio.current_task().get_name()

    print("current task:", await asyncio.create_task(who_am_i(), name="introspective"))
    print("main task is current:", asyncio.current_task().get_coro().__qualname__)


asyncio.run(main())
