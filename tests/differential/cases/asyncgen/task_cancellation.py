"""Cancelling an asyncio task while it iterates an async generator.
(1) The task is suspended inside the generator (at an await reached through
__anext__): CancelledError is delivered there, the generator's handler and
finally run, and the generator is finished. (2) The generator swallows the
cancellation and yields instead: the task keeps going (task.cancelling()
is printed). (3) The task is suspended in its own loop body while the
generator sits at a yield: the `async for` is abandoned; a generator kept
alive globally is closed by shutdown_asyncgens after main() returns, one
that only the task referenced is closed through asyncio's finalizer hook
when it is collected. (4) Cancelled while aclosing() is closing the
generator, whose finally awaits."""
import asyncio
import contextlib
import gc
from tracelib import describe

log = []
keep = []


async def source(name, delay_in_gen=True):
    try:
        for i in range(100):
            if delay_in_gen:
                await asyncio.sleep(0)
            yield i
    except asyncio.CancelledError:
        log.append(f"{name}: CancelledError at an await inside the generator")
        raise
    except GeneratorExit:
        log.append(f"{name}: GeneratorExit")
        raise
    finally:
        log.append(f"{name}: finally")


async def swallowing():
    i = 0
    while True:
        try:
            await asyncio.sleep(0)
        except asyncio.CancelledError:
            log.append("swallowing: cancelled, yielding anyway")
            yield "swallowed"
            continue
        yield i
        i += 1


async def slow_close():
    try:
        yield 1
    finally:
        log.append("slow_close: finally starts")
        try:
            await asyncio.sleep(10)
            log.append("slow_close: never")
        except asyncio.CancelledError:
            log.append("slow_close: cancelled inside finally")
            raise


async def consumer_inside(started):
    async for v in source("inside"):
        if v == 1:
            started.set()


async def consumer_swallow(started):
    got = []
    async for v in swallowing():
        got.append(v)
        if v == 1:
            started.set()
        if v == "swallowed":
            log.append(f"consumer: cancelling() = {asyncio.current_task().cancelling()}")
            break
    return got


async def consumer_in_body(started, name, kept):
    g = source(name, delay_in_gen=False)
    if kept:
        keep.append(g)
    async for v in g:
        started.set()
        await asyncio.sleep(10)
        log.append("never")


async def run(label, make):
    started = asyncio.Event()
    task = asyncio.create_task(make(started))
    await started.wait()
    task.cancel()
    try:
        result = await task
        log.append(f"task returned {result!r}")
    except asyncio.CancelledError:
        log.append("task cancelled")
    except BaseException as e:
        log.append(f"task raised {describe(e)}")
    gc.collect()
    for _ in range(3):
        await asyncio.sleep(0)
    print(f"{label}:")
    for line in log:
        print("  ", line)
    log.clear()


async def main():
    await run("suspended inside the generator", consumer_inside)
    await run("generator swallows the cancellation", consumer_swallow)
    await run("suspended in the loop body, generator collected",
              lambda started: consumer_in_body(started, "collected", False))
    await run("suspended in the loop body, generator kept",
              lambda started: consumer_in_body(started, "kept", True))
    print("main returns")


async def closing_case():
    started = asyncio.Event()

    async def consumer(event):
        async with contextlib.aclosing(slow_close()) as g:
            async for v in g:
                event.set()
                break
        log.append("never")

    task = asyncio.create_task(consumer(started))
    await started.wait()
    await asyncio.sleep(0)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        log.append("task cancelled")
    print("cancelled during aclose:")
    for line in log:
        print("  ", line)
    log.clear()


asyncio.run(main())
print("after asyncio.run:", log)
log.clear()
asyncio.run(closing_case())
