"""A second operation on an async generator while the first is suspended at
an await inside it: "anext(): asynchronous generator is already running"
(for __anext__ and asend), "athrow(): ..." and "aclose(): ..." -- started by
hand (the first awaitable stepped once with .send(None)) and by two asyncio
tasks sharing one generator. `ag_running` is True only while an operation
is in progress; the first operation then completes normally."""
import asyncio
from tracelib import describe, suspend


async def slow():
    for i in range(3):
        print(f"  slow: awaiting before {i}")
        await asyncio.sleep(0)
        yield i


async def attempt(label, awaitable):
    try:
        print(f"  {label} ->", repr(await awaitable))
    except BaseException as e:
        print(f"  {label} raised {describe(e)}")


def finish(label, awaitable):
    try:
        while True:
            awaitable.send(None)
    except StopIteration as stop:
        print(f"  {label} finished: StopIteration{stop.args!r}")


async def consumer(name, g, results):
    try:
        async for v in g:
            results.append(f"{name} got {v}")
    except RuntimeError as e:
        results.append(f"{name} raised {describe(e)}")


async def main():
    g = slow()
    print("ag_running before:", g.ag_running)
    first = g.__anext__()
    print("first step suspends with", first.send(None))
    print("ag_running during:", g.ag_running)
    for label, make in (("__anext__", g.__anext__), ("asend(None)", lambda: g.asend(None)),
                        ("athrow(ValueError)", lambda: g.athrow(ValueError("v"))),
                        ("aclose", g.aclose)):
        aw = make()
        try:
            aw.send(None)
            print(f"  {label}: started?!")
        except RuntimeError as e:
            print(f"  {label}: {describe(e)}")
        except StopIteration as stop:
            print(f"  {label}: StopIteration{stop.args!r}")
    finish("first", first)
    print("ag_running after:", g.ag_running)
    await attempt("next normal __anext__", g.__anext__())

    print("two tasks sharing one generator")
    results = []
    g = slow()
    await asyncio.gather(consumer("A", g, results), consumer("B", g, results))
    for line in results:
        print(" ", line)
    print("  generator left:", [v async for v in g])


asyncio.run(main())
