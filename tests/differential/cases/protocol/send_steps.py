"""Driving coroutines by hand with send(): the values yielded by suspend()
reach the driver, values sent in become the result of the innermost yield,
the return value arrives as StopIteration.value, a coroutine that never
suspends finishes on the first send, and sending after completion raises
"cannot reuse already awaited coroutine"."""
from tracelib import describe, drive, suspend


async def echo(n):
    got = []
    for i in range(n):
        got.append(await suspend(f"yield-{i}"))
    return got


async def no_suspension():
    return "finished immediately"


async def nested_sends():
    async def inner(tag):
        a = await suspend(f"{tag}-a")
        b = await suspend(f"{tag}-b")
        return f"{tag}:{a}+{b}"

    first = await inner("one")
    second = await inner("two")
    return [first, second]


async def returns_none():
    await suspend("only yield")


def manual():
    print("manual send loop")
    coro = echo(3)
    print("  first send ->", repr(coro.send(None)))
    print("  send 'A' ->", repr(coro.send("A")))
    print("  send 'B' ->", repr(coro.send("B")))
    try:
        coro.send("C")
    except StopIteration as stop:
        print("  StopIteration.value ->", stop.value, "args", stop.args)
    try:
        coro.send(None)
    except RuntimeError as e:
        print("  send after completion:", describe(e))


def main():
    manual()
    print("echo via drive")
    drive(echo(2), sends=[10, 20])
    print("no suspension")
    drive(no_suspension())
    print("nested sends")
    drive(nested_sends(), sends=[1, 2, 3, 4])
    print("returns None")
    drive(returns_none())
    print("StopIteration for a None result has no args")
    coro = returns_none()
    coro.send(None)
    try:
        coro.send(None)
    except StopIteration as stop:
        print("  args", stop.args, "value", stop.value)


main()
