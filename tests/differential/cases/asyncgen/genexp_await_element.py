"""Asynchronous generator expressions made so by `await` in the element or
in a condition: `(await f(x) for x in xs)`, `(x for x in xs if await
keep(x))`, nested `for`s with an await in the inner condition, consumed by
`async for`, by async comprehensions, by anext(), and left half-consumed.
Each is an async generator (`inspect.isasyncgen`) named `<genexpr>`, and its
side effects happen only as it is iterated."""
import asyncio
import inspect
from tracelib import suspend


async def double(x):
    print(f"  double({x})")
    await suspend()
    return x * 2


async def keep(x):
    print(f"  keep({x})?")
    await asyncio.sleep(0)
    return x % 2 == 1


async def main():
    xs = [1, 2, 3, 4]
    g = (await double(x) for x in xs)
    print("created; is async gen:", inspect.isasyncgen(g), "| has __anext__:", hasattr(g, "__anext__"))
    print("name:", g.__name__, "| qualname:", g.__qualname__)
    async for v in g:
        print("  got", v)

    print("condition awaits")
    print("  ", [v async for v in (x for x in xs if await keep(x))])

    print("both")
    print("  ", [v async for v in (await double(x) for x in xs if await keep(x))])

    print("nested fors")
    pairs = ((a, b, await double(f"{a}{b}")) for a in range(2) for b in "xy"[: a + 1] if await keep(a + 1))
    async for triple in pairs:
        print("  triple", triple)

    print("consumed by anext")
    g = (await double(x) for x in range(10, 13))
    print("  anext ->", await anext(g))
    print("  anext ->", await anext(g))
    print("  rest:", {v async for v in g})
    print("  anext with default after end ->", await anext(g, "default"))

    print("half-consumed then closed")
    g = (await double(x) for x in range(100, 103))
    print("  first", await g.__anext__())
    await g.aclose()
    print("  after aclose:", await anext(g, "exhausted"))

    print("late binding of the loop source")
    source = [1]
    g = (await double(x) for x in source)
    source.append(2)
    print("  ", [v async for v in g])


asyncio.run(main())
