"""coro.__await__() returns an iterator wrapper: iterating it drives the
coroutine (next/send/throw/close on the wrapper act on the coroutine), it is
its own iterator, StopIteration carries the return value, `yield from
coro.__await__()` in a plain generator works, and a custom awaitable can
delegate its __await__ to a compiled coroutine's __await__()."""
from tracelib import describe, drive, suspend


async def steps(n):
    got = []
    for i in range(n):
        got.append(await suspend(f"step {i}"))
    return got


async def guarded(log):
    try:
        await suspend("guarded")
    except KeyError as e:
        log.append(f"caught {describe(e)}")
        await suspend("after catch")
    finally:
        log.append("finally")


class Delegating:
    def __init__(self, coro):
        self.coro = coro

    def __await__(self):
        print("  Delegating.__await__ -> coroutine's __await__()")
        return self.coro.__await__()


class Wrapping:
    def __init__(self, coro):
        self.coro = coro

    def __await__(self):
        result = yield from self.coro.__await__()
        return f"wrapped({result})"


async def uses_delegating():
    a = await Delegating(steps(1))
    b = await Wrapping(steps(2))
    return a, b


def main():
    coro = steps(3)
    w = coro.__await__()
    print("wrapper is its own iterator:", iter(w) is w)
    print("next ->", next(w))
    print("send ->", w.send("a"))
    print("send ->", w.send("b"))
    try:
        w.send("c")
    except StopIteration as stop:
        print("StopIteration value", stop.value)

    log = []
    coro = guarded(log)
    w = coro.__await__()
    next(w)
    print("throw via wrapper ->", w.throw(KeyError("k")))
    w.close()
    print("close via wrapper; log", log)
    try:
        coro.send(None)
    except RuntimeError as e:
        print("the coroutine itself is finished:", describe(e))

    def plain_generator():
        result = yield from steps(2).__await__()
        return f"generator got {result}"

    print("yield from in a plain generator")
    gen = plain_generator()
    print("  ", next(gen), gen.send(1))
    try:
        gen.send(2)
    except StopIteration as stop:
        print("  ", stop.value)

    print("delegating awaitables")
    drive(uses_delegating(), sends=["x", "y", "z"])


main()
