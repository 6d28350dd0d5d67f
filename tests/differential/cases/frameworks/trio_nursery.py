"""trio nurseries running compiled coroutines. Trio randomizes the order of
tasks within a scheduling batch, so each child records into its own slot and
the parent prints results sorted or sequenced with Events: start_soon
children all finish before the nursery block exits, nursery.start() waits
for task_status.started(value), a failing child cancels its siblings (their
finally blocks run, Cancelled seen at their checkpoints) and the error
arrives as an ExceptionGroup, and a parent's body error also cancels the
children."""
import trio
from tracelib import describe


async def child(name, steps, results):
    for _ in range(steps):
        await trio.lowlevel.checkpoint()
    results[name] = f"{name} finished after {steps} checkpoints"


async def server(task_status=trio.TASK_STATUS_IGNORED):
    await trio.lowlevel.checkpoint()
    task_status.started("port 1234")
    await trio.sleep_forever()


async def failing(name):
    await trio.lowlevel.checkpoint()
    raise ValueError(f"{name} failed")


async def sleeper(name, record):
    try:
        await trio.sleep_forever()
    except trio.Cancelled:
        record[name] = "saw Cancelled"
        raise
    finally:
        record[f"{name} finally"] = True


def leaves(eg):
    out = []
    for e in eg.exceptions:
        out.extend(leaves(e) if isinstance(e, BaseExceptionGroup) else [describe(e)])
    return sorted(out)


async def main():
    results = {}
    async with trio.open_nursery() as nursery:
        for name, steps in (("a", 3), ("b", 1), ("c", 2)):
            nursery.start_soon(child, name, steps, results)
    print("all children done:", [results[k] for k in sorted(results)])

    async with trio.open_nursery() as nursery:
        started = await nursery.start(server)
        print("start() returned:", started)
        nursery.cancel_scope.cancel()
    print("server cancelled with the nursery scope")

    record = {}
    try:
        async with trio.open_nursery() as nursery:
            nursery.start_soon(sleeper, "s1", record)
            nursery.start_soon(sleeper, "s2", record)
            nursery.start_soon(failing, "f")
    except BaseExceptionGroup as eg:
        print("group:", type(eg).__name__, leaves(eg))
    print("siblings:", sorted(record.items()))

    record = {}
    try:
        async with trio.open_nursery() as nursery:
            nursery.start_soon(sleeper, "t1", record)
            await trio.lowlevel.checkpoint()
            raise KeyError("body failed")
    except BaseExceptionGroup as eg:
        print("body error group:", leaves(eg))
    print("children:", sorted(record.items()))


trio.run(main)
