"""CPython's TypeErrors for `async for` over objects that are not async
iterables: plain objects, sync iterables (a list), objects whose __aiter__
returns something without __anext__, and __anext__ returning a
non-awaitable. Also `async for` inside an async comprehension over a sync
iterable."""
import asyncio
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


async def loop(obj):
    await suspend()
    async for x in obj:
        print("  body (wrong)", x)


async def main():
    for obj in (42, [1, 2], "text", NoAnext(), BadAnext()):
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


asyncio.run(main())
