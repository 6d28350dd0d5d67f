"""anyio task groups running compiled coroutines, executed twice: on the
asyncio backend and on the trio backend (anyio.run(main, backend="trio")).
Children record into per-name slots (trio's scheduling order within a batch is
random), `anyio.sleep(0)` checkpoints interleave them, start() waits for
task_status.started(), a failing child cancels its siblings (their
get_cancelled_exc_class() handler and finally run) and the error arrives as an
ExceptionGroup, and the task group's cancel scope cancels everything."""
import anyio
from tracelib import describe


async def child(name, steps, results):
    for _ in range(steps):
        await anyio.sleep(0)
    results[name] = steps


async def service(*, task_status=anyio.TASK_STATUS_IGNORED):
    await anyio.sleep(0)
    task_status.started("service ready")
    await anyio.sleep_forever()


async def failing():
    await anyio.sleep(0)
    raise ValueError("child failed")


async def victim(name, record):
    try:
        await anyio.sleep_forever()
    except anyio.get_cancelled_exc_class():
        record[name] = "cancelled"
        raise
    finally:
        record[f"{name} finally"] = True


def leaves(eg):
    out = []
    for e in eg.exceptions:
        out.extend(leaves(e) if isinstance(e, BaseExceptionGroup) else [describe(e)])
    return sorted(out)


async def main(backend):
    print(f"[{backend}]")
    results = {}
    async with anyio.create_task_group() as tg:
        for name, steps in (("x", 3), ("y", 1), ("z", 2)):
            tg.start_soon(child, name, steps, results)
    print("  results", sorted(results.items()))

    async with anyio.create_task_group() as tg:
        print("  start() ->", await tg.start(service))
        tg.cancel_scope.cancel()
    print("  service cancelled via the group scope")

    record = {}
    try:
        async with anyio.create_task_group() as tg:
            tg.start_soon(victim, "v1", record)
            tg.start_soon(victim, "v2", record)
            tg.start_soon(failing)
    except BaseExceptionGroup as eg:
        print("  group", leaves(eg))
    print("  siblings", sorted(record.items()))


for backend in ("asyncio", "trio"):
    anyio.run(main, backend, backend=backend)
