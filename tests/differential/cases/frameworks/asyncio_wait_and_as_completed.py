"""asyncio.wait and asyncio.as_completed over compiled coroutines whose
completion order is fixed by the number of suspensions: FIRST_COMPLETED,
FIRST_EXCEPTION and ALL_COMPLETED (the done/pending sets, printed sorted by
task name), as_completed yielding results in completion order, and
cancelling the leftovers."""
import asyncio
from tracelib import describe, suspend


async def job(name, steps, fail=False):
    for _ in range(steps):
        await suspend()
    if fail:
        raise ValueError(name)
    return name


def names(tasks):
    return sorted(t.get_name() for t in tasks)


async def main():
    tasks = [asyncio.create_task(job(n, s), name=n) for n, s in (("slow", 6), ("fast", 1), ("mid", 3))]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print("FIRST_COMPLETED done", names(done), "pending", names(pending))
    done, pending = await asyncio.wait(pending)
    print("ALL_COMPLETED done", names(done), "pending", names(pending))

    tasks = [asyncio.create_task(job(n, s, f), name=n)
             for n, s, f in (("ok1", 1, False), ("boom", 2, True), ("late", 10, False))]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    print("FIRST_EXCEPTION done", names(done), "pending", names(pending))
    for t in sorted(done, key=lambda t: t.get_name()):
        print("  ", t.get_name(), describe(t.exception()) if t.exception() else t.result())
    for t in pending:
        t.cancel()
    await asyncio.wait(pending)
    print("leftovers cancelled:", [t.cancelled() for t in pending])

    order = []
    for next_done in asyncio.as_completed([job("c", 5), job("a", 1), job("b", 3)]):
        order.append(await next_done)
    print("as_completed order", order)


asyncio.run(main())
