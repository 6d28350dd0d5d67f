"""The aiter() and anext() builtins with compiled async generators:
anext(g) returns the awaitable that raises StopAsyncIteration at the end,
anext(g, default) returns the default instead (also after the generator
raised, it does not swallow other exceptions), the awaitable of anext with a
default stepped by hand, aiter(g) is g, anext on non-iterators (TypeError),
aiter of an async generator *function* result inside comprehension
expressions, and anext on a closed generator."""
import asyncio
from tracelib import describe, drive, suspend


async def gen(n, tags=False):
    for i in range(n):
        await suspend(f"await {i}" if tags else None)
        yield i


async def raising():
    yield "ok"
    raise ValueError("inside")


async def attempt(label, make):
    try:
        print(f"  {label} ->", repr(await make()))
    except BaseException as e:
        print(f"  {label} raised {describe(e)}")


async def main():
    g = gen(2)
    print("aiter(g) is g:", aiter(g) is g)
    await attempt("anext(g)", lambda: anext(g))
    await attempt("anext(g, 'd')", lambda: anext(g, "d"))
    await attempt("anext(g) at end", lambda: anext(g))
    await attempt("anext(g, 'd') at end", lambda: anext(g, "d"))
    await attempt("anext(g, None) at end", lambda: anext(g, None))
    print("errors are not swallowed by the default")
    g = raising()
    await attempt("first", lambda: anext(g, "d"))
    await attempt("second", lambda: anext(g, "d"))
    await attempt("third", lambda: anext(g, "d"))
    print("type errors")
    for bad in (5, [1], gen):
        try:
            anext(bad)
        except TypeError as e:
            print("  anext:", describe(e))
        try:
            aiter(bad)
        except TypeError as e:
            print("  aiter:", describe(e))
    print("anext with default stepped by hand")
    g = gen(1, tags=True)
    drive(anext(g, "default"), sends=["resumed"])
    drive(anext(g, "default"))
    drive(anext(g))
    print("anext on a closed generator")
    g = gen(5)
    await anext(g)
    await g.aclose()
    await attempt("anext(g, 'closed')", lambda: anext(g, "closed"))
    print("aiter/anext in expressions")
    it = aiter(gen(4))
    pairs = [(await anext(it), await anext(it)) for _ in range(2)]
    print("  pairs", pairs)
    print("  leftover", await anext(it, "none left"))


asyncio.run(main())
