"""Driving async generators by hand, without an event loop: the awaitables
returned by __anext__(), asend(), athrow() and aclose() are stepped with
.send(None) and .throw(); an await inside the generator surfaces as a value
yielded by the awaitable, a `yield` finishes it with StopIteration(value)
(StopIteration() when the yielded value is None), the end of the generator
is StopAsyncIteration, and .throw() on an awaitable delivers the exception
at the generator's current await. Also .close() on a half-run awaitable:
natively on 3.11 that leaves the generator marked running (ag_running True,
the next __anext__ fails as "already running"), on 3.12+ it closes the
generator (ag_running False, StopAsyncIteration) -- a known difference."""
import asyncio
from tracelib import describe, drive, suspend


async def worker():
    print("  worker: start")
    got = await suspend("await #1")
    print(f"  worker: await #1 -> {got!r}")
    sent = yield "first"
    print(f"  worker: yield -> {sent!r}")
    try:
        got = await suspend("await #2")
        print(f"  worker: await #2 -> {got!r}")
    except ValueError as e:
        print(f"  worker: caught at await #2: {describe(e)}")
        yield "after caught"
    yield None
    try:
        yield "in try"
    except KeyError as e:
        print(f"  worker: athrow arrived: {describe(e)}")
        await suspend("suspended in handler")
        yield "handled"
    finally:
        print("  worker: finally")
        await suspend("suspended in finally")


def step(label, awaitable, *actions):
    """actions: ("send", v) or ("throw", exc) applied one after another."""
    print(label)
    for kind, arg in actions:
        try:
            if kind == "send":
                out = awaitable.send(arg)
            else:
                out = awaitable.throw(arg)
            print(f"  {kind}({arg!r}) -> suspended with {out!r}")
        except StopIteration as stop:
            print(f"  {kind}({arg!r}) -> StopIteration{stop.args!r}")
            return
        except BaseException as e:
            print(f"  {kind}({arg!r}) -> raised {describe(e)}")
            return


def run_by_hand():
    g = worker()
    step("__anext__", g.__anext__(), ("send", None), ("send", "resumed-1"))
    step("asend('S')", g.asend("S"), ("send", None), ("throw", ValueError("into await #2")))
    step("__anext__ (yields None)", g.__anext__(), ("send", None))
    step("__anext__", g.__anext__(), ("send", None))
    step("athrow(KeyError)", g.athrow(KeyError("k")), ("send", None), ("send", "resumed-2"))
    step("aclose", g.aclose(), ("send", None), ("send", None))
    step("__anext__ after close", g.__anext__(), ("send", None))

    print("close() of a half-run awaitable")
    g = worker()
    aw = g.__anext__()
    print("  send ->", aw.send(None))
    aw.close()
    print("  closed the awaitable; generator running:", g.ag_running)
    drive(g.__anext__())

    print("drive with throws")
    g = worker()
    drive(g.__anext__(), sends=["x"])
    drive(g.asend("y"), throws=[OSError("deep")])
    drive(g.__anext__())


async def main():
    run_by_hand()
    print("same generator under asyncio")

    async def plain():
        for i in range(2):
            await asyncio.sleep(0)
            yield i
    g = plain()
    print("  ", await g.__anext__(), await g.asend(None))
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("   StopAsyncIteration")


asyncio.run(main())
