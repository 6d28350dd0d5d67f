"""CPython's TypeErrors for `async for` over objects that are not async
iterables: plain objects, sync iterables (a list), objects whose __aiter__
returns something without __anext__, and __anext__ returning a
non-awaitable. Also `async for` inside an async comprehension over a sync
iterable."""
import asyncio
import warnings
from tracelib import describe, suspend


class NoAnext:
    def __aiter__(self):
        print("  __aiter__ returns a list")
        return [1, 2]


class BadAnext:
    def __aiter__(self):
        return self

    def __anext__(self):
        print("  __anext__ returns 5")
        return 5


# AiterIsCoroutine's __aiter__ coroutine is dropped unawaited: keep stderr quiet.
warnings.filterwarnings("ignore", "coroutine .* was never awaited")


class AiterIsCoroutine:
    async def __aiter__(self):
        return self


async def loop(obj):
    async for x in obj:
        print("  body (wrong)", x)


async def main():
    for obj in (42, [1, 2], "text", NoAnext(), BadAnext(), AiterIsCoroutine()):
        print(type(obj).__name__)
        try:
            await loop(obj)
        except TypeError as e:
            print("  TypeError:", describe(e))
    print("async comprehension over a list")
    items = [1, 2]
    try:
        [x async for x in items]
    except TypeError as e:
        print("  TypeError:", describe(e))
    print("async for over a coroutine")

    async def coro():
        await suspend()

    c = coro()
    try:
        async for x in c:
            pass
    except TypeError as e:
        print("  TypeError:", describe(e))
    c.close()


asyncio.run(main())
