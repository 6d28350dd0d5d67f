"""CPython's rule for generator expressions with `await`: an `await` only in
the outermost iterable is evaluated by the enclosing coroutine, so
`(x for x in await get_list())` is an ordinary (sync) generator; an await
anywhere else (element, condition, inner iterable) or any `async for` makes
it an async generator. Printed for each: inspect.isgenerator /
isasyncgen, whether it has __anext__ / __next__, and when the outermost
await runs (at creation, before the first item is requested)."""
import asyncio
import inspect
from tracelib import suspend


async def get_list(tag):
    print(f"  get_list({tag}) awaited")
    await suspend()
    return [1, 2, 3]


async def get_ait(tag):
    print(f"  get_ait({tag}) awaited")
    await asyncio.sleep(0)
    return numbers()


async def numbers():
    for i in range(3):
        await suspend()
        yield i


async def odd(x):
    await suspend()
    return x % 2


def kind(g):
    return (f"isgenerator={inspect.isgenerator(g)} isasyncgen={inspect.isasyncgen(g)} "
            f"__next__={hasattr(g, '__next__')} __anext__={hasattr(g, '__anext__')}")


async def main():
    print("await only in the outermost iterable")
    g = (x * 10 for x in await get_list("a"))
    print("  created:", kind(g))
    print("  items:", list(g))

    print("outermost await plus a sync inner for")
    g = ((x, y) for x in await get_list("b") for y in "ab" if x < 2)
    print("  created:", kind(g))
    print("  items:", list(g))

    print("outermost await plus an await in the condition")
    g = (x for x in await get_list("c") if await odd(x))
    print("  created:", kind(g))
    print("  items:", [x async for x in g])

    print("outermost await plus an await in the element")
    g = (await odd(x) for x in await get_list("d"))
    print("  created:", kind(g))
    print("  items:", [x async for x in g])

    print("await in an inner iterable")
    g = (y for x in [1, 2] for y in await get_list(f"inner{x}"))
    print("  created:", kind(g))
    print("  items:", [x async for x in g])

    print("async for over an awaited async iterable")
    g = (x async for x in await get_ait("e"))
    print("  created:", kind(g))
    print("  items:", [x async for x in g])

    print("no await at all")
    g = (x for x in [1])
    print("  created:", kind(g))

    print("sync genexp inside an async comprehension element")
    rows = [list(x * y for y in await get_list("row")) async for x in numbers()]
    print("  rows:", rows)


asyncio.run(main())
