# Fuzz regression (tests/fuzz): native and compiled traces differ.
# Found on Python 3.13.0, seed 505001515; subprocess: reproduced.
# Diagnosed and fixed: `z += ...` read z after its value, whose comprehension
# rebinds z with a walrus (lower.small_AugAssign now reads it first).
#
# --- native
# +++ compiled
# @@ -1,3 +1,3 @@
# -s2 2
# +s2 0
#  r3 -> None exc_info=None
#  done
import asyncio
import contextlib
import io
import sys


class E1(Exception):
    pass


class E2(E1):
    pass


def describe(exc, depth=0):
    """Type, args, __cause__/__context__ chain; no addresses."""
    if exc is None:
        return "None"
    text = f"{type(exc).__name__}{exc.args!r}"
    if depth > 6:
        return text + " ..."
    if exc.__cause__ is not None:
        text += f" from[{describe(exc.__cause__, depth + 1)}]"
    if exc.__context__ is not None and exc.__context__ is not exc.__cause__:
        hidden = "hidden " if exc.__suppress_context__ else ""
        text += f" {hidden}during[{describe(exc.__context__, depth + 1)}]"
    return text


def info():
    """sys.exc_info() right now."""
    return "exc_info=" + describe(sys.exc_info()[1])


def tick(tag, *args):
    """A traced call: prints its arguments (evaluation order), returns their sum."""
    print(tag, *args)
    return sum(args)


class Aw:
    """Awaitable: suspends `suspends` times (a value sent in replaces the
    result), then returns its value, or raises it if it is an exception."""

    def __init__(self, value, suspends=0):
        self.value = value
        self.suspends = suspends

    def __await__(self):
        value = self.value
        for _ in range(self.suspends):
            sent = yield
            if sent is not None:
                value = sent
        if isinstance(value, BaseException):
            raise value
        return value


class CM:
    def __init__(self, tag, suppress=False):
        self.tag = tag
        self.suppress = suppress

    def __enter__(self):
        print(self.tag, "enter")
        return 1

    def __exit__(self, typ, value, tb):
        print(self.tag, "exit", describe(value), info())
        return self.suppress


class ACM:
    def __init__(self, tag, suspends=0, suppress=False):
        self.tag = tag
        self.suspends = suspends
        self.suppress = suppress

    def __aenter__(self):
        print(self.tag, "aenter")
        return Aw(2, self.suspends)

    def __aexit__(self, typ, value, tb):
        print(self.tag, "aexit", describe(value), info())
        return Aw(self.suppress, self.suspends)


class ARange:
    """Async iterator over range(n); each step suspends `suspends` times."""

    def __init__(self, n, suspends=0):
        self.i = 0
        self.n = n
        self.suspends = suspends

    def __aiter__(self):
        return self

    def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        return Aw(self.i - 1, self.suspends)


class Report:
    """Await something and print its result or exception."""

    def __init__(self, label, awaitable):
        self.label = label
        self.awaitable = awaitable

    def __await__(self):
        try:
            value = yield from self.awaitable.__await__()
        except BaseException as exc:
            print(self.label, "raised", describe(exc), info())
            return None
        print(self.label, "->", repr(value), info())
        return value


class CancelAt:
    """Run a coroutine as a task, cancel it after `steps` loop iterations."""

    def __init__(self, label, coro, steps, *message):
        self.label = label
        self.coro = coro
        self.steps = steps
        self.message = message

    def __await__(self):
        task = asyncio.ensure_future(self.coro)
        for _ in range(self.steps):
            yield from asyncio.sleep(0).__await__()
        print(self.label, "cancel", task.cancel(*self.message))
        try:
            value = yield from task.__await__()
        except BaseException as exc:
            print(self.label, "raised", describe(exc), task.cancelled())
            return None
        print(self.label, "->", repr(value), task.cancelled())
        return value


def drive(label, coro, plan):
    """Step a coroutine (or an asend/athrow awaitable) by hand, then close it."""
    keep(coro)
    try:
        print(label, "yield", repr(coro.send(None)))
        for action, argument in plan:
            if action == "send":
                print(label, "yield", repr(coro.send(argument)))
            else:
                print(label, "yield", repr(coro.throw(argument)))
    except StopIteration as stop:
        print(label, "return", repr(stop.value))
    except BaseException as exc:
        print(label, "raised", describe(exc))
    try:
        print(label, "close", repr(coro.close()))
    except BaseException as exc:
        print(label, "close raised", describe(exc))


KEEP = []


def keep(obj):
    """Keep a coroutine or generator alive to the end: if it survives a
    close() (it ignored GeneratorExit), its finalizer must not run mid-trace
    at a moment that depends on garbage collection."""
    KEEP.append(obj)
    return obj


def run(main):
    try:
        asyncio.run(main())
    except BaseException as exc:
        print("main raised", describe(exc))
    print("done")
    # Finalizers that run at interpreter exit are not part of the trace.
    sys.stdout.flush()
    sys.stdout = io.StringIO()

async def f0(p):
    z = 2
    z += sum([0 for j1 in [0, 0] if (z := (await Aw(0, 0)))])
    print("s2", (await asyncio.sleep(0, (z + 0))))


async def main():
    await Report("r3", f0(0))


run(main)
