"""Async generators under anyio, run on both backends (asyncio and trio): a
generator producing into a memory object stream while the consumer iterates
the receiving end, a consumer whose cancel scope is cancelled while it is
suspended inside the generator's await (the generator's except/finally see
the backend's cancellation exception, and the generator is finished), a
move_on_after(0) around an `async for` closed with aclosing, and anyio's
task group running two consumers of separate generators (results sorted)."""
import contextlib

import anyio
from tracelib import describe


async def numbers(name, n, log):
    try:
        for i in range(n):
            await anyio.sleep(0)
            yield i
    except anyio.get_cancelled_exc_class():
        log.append(f"{name}: cancelled inside the generator")
        raise
    finally:
        log.append(f"{name}: finally")


async def produce(send, log):
    async with send:
        async for v in numbers("producer", 3, log):
            await send.send(v * 10)


async def streams(log):
    send, receive = anyio.create_memory_object_stream(1)
    got = []
    async with anyio.create_task_group() as tg:
        tg.start_soon(produce, send, log)
        async with receive:
            async for item in receive:
                got.append(item)
    print("  stream got", got, "log", log)


async def cancelled_inside(log):
    g = numbers("inner", 100, log)
    with anyio.CancelScope() as scope:
        async for v in g:
            if v == 2:
                scope.cancel()
    print("  cancelled_caught:", scope.cancelled_caught, "| log", log)
    print("  generator finished:", g.ag_frame is None)
    print("  anext afterwards:", await anext(g, "exhausted"))


async def move_on(log):
    with anyio.move_on_after(0) as scope:
        async with contextlib.aclosing(numbers("deadline", 100, log)) as g:
            async for v in g:
                log.append(f"got {v}")
    print("  cancelled_caught:", scope.cancelled_caught, "| log", log)


async def consume(name, results, log):
    results[name] = [v async for v in numbers(name, 2, log)]


async def task_group(log):
    results = {}
    async with anyio.create_task_group() as tg:
        for name in ("t1", "t2"):
            tg.start_soon(consume, name, results, log)
    print("  results", sorted(results.items()), "| log", sorted(log))


async def main():
    for case in (streams, cancelled_inside, move_on, task_group):
        print(case.__name__)
        try:
            await case([])
        except BaseException as e:
            print("  raised", describe(e))


for backend in ("asyncio", "trio"):
    print(f"=== {backend}")
    anyio.run(main, backend=backend)
