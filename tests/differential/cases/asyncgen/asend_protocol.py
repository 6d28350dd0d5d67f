"""asend() in detail: the first asend must be asend(None) (a non-None value
into a just-started generator is a TypeError, and the generator stays
usable... or not -- printed), `__anext__()` is asend(None), the value sent
becomes the yield expression's value, asend on an exhausted generator raises
StopAsyncIteration, and asend while the generator awaits passes the await's
suspension value through to the driver (tags only when driven by hand:
asyncio itself accepts only None). Each awaitable is also stepped by
hand with `drive` to show what the event loop sees."""
import asyncio
from tracelib import describe, drive, suspend


async def accumulator(tags=False):
    total = 0
    while True:
        got = yield total
        print(f"  accumulator got {got!r}")
        if got is None:
            break
        resumed = await suspend(f"suspended after {got!r}" if tags else None)
        print(f"  accumulator resumed with {resumed!r}")
        total += got
    yield f"final {total}"


async def main():
    print("non-None first asend")
    g = accumulator()
    try:
        await g.asend(5)
    except TypeError as e:
        print("  TypeError:", describe(e))
    try:
        print("  then asend(None) ->", await g.asend(None))
    except BaseException as e:
        print("  then:", describe(e))
    print("non-None first asend, stepped by hand")
    drive(accumulator(True).asend("x"))
    print("normal sends")
    g = accumulator()
    print("  start ->", await g.asend(None))
    print("  asend(3) ->", await g.asend(3))
    print("  asend(4) ->", await g.asend(4))
    print("  __anext__ ->", await g.__anext__())
    for attempt in (1, 2):
        try:
            await g.asend(1)
        except StopAsyncIteration as e:
            print(f"  exhausted #{attempt}:", describe(e))
    print("asend stepped by hand")
    g = accumulator(True)
    drive(g.asend(None))
    drive(g.asend(10), sends=["resume-value"])
    drive(g.__anext__())
    drive(g.asend(1))
    aw = g.asend(None)
    print("  the asend object:", type(aw).__name__)
    aw.close()


asyncio.run(main())
