"""`return` (bare) in async generators: at the very start before any yield,
in the middle of a loop after an await, inside try/finally (the finally runs
and may still yield before the generator stops), inside `async with`, and
an early return reached through asend(). `return` ends iteration with
StopAsyncIteration and a loop's `else` does not run."""
import asyncio
from tracelib import describe, suspend


async def immediately(flag):
    if flag:
        return
    yield "not returned"


async def in_loop(stop_at):
    for i in range(10):
        await suspend()
        if i == stop_at:
            print(f"  returning at {i}")
            return
        yield i
    else:
        yield "loop else"


async def in_finally():
    try:
        yield 1
        await suspend()
        return
    finally:
        print("  finally runs")
        await asyncio.sleep(0)
        yield "from finally"
        print("  after yield in finally")
    yield "never"


class Manager:
    async def __aenter__(self):
        return "cm"

    async def __aexit__(self, *exc):
        print(f"  __aexit__ with {exc[0]}")
        await suspend()


async def in_async_with():
    async with Manager() as m:
        yield m
        return
    yield "never"


async def on_command():
    while True:
        command = yield "ready"
        await suspend()
        if command == "quit":
            return
        print(f"  command {command!r}")


async def main():
    for flag in (True, False):
        print(f"immediately({flag}):", [v async for v in immediately(flag)])
    print("in_loop(0):", [v async for v in in_loop(0)])
    print("in_loop(3):", [v async for v in in_loop(3)])
    print("in_finally:", [v async for v in in_finally()])
    print("in_async_with:", [v async for v in in_async_with()])
    g = on_command()
    print("on_command start:", await g.__anext__())
    print("  ->", await g.asend("go"))
    try:
        await g.asend("quit")
    except StopAsyncIteration as e:
        print("  stopped:", describe(e))
    try:
        await g.__anext__()
    except StopAsyncIteration as e:
        print("  again:", describe(e))


asyncio.run(main())
