"""Async generator expressions and async comprehensions working together:
a genexp consumed by list/set/dict async comprehensions, genexps capturing
loop variables of the enclosing function (late binding vs. binding at
creation through the outermost iterable), a genexp that closes over a
variable changed between its items, genexps nested inside a genexp's
element, and passing a genexp to an `async def` that iterates it."""
import asyncio
from tracelib import suspend


async def numbers(n, tag=""):
    for i in range(n):
        await suspend()
        yield i


async def total(agen):
    result = 0
    async for v in agen:
        result += v
    return result


async def main():
    print("list/set/dict comprehensions")
    g = (x * x async for x in numbers(4))
    print("  list", [v async for v in g])
    print("  set ", {v % 3 async for v in (x async for x in numbers(5))})
    print("  dict", {k: v async for k, v in ((x, str(x)) async for x in numbers(3))})

    print("late binding of a free variable")
    factor = 1
    g = (x * factor async for x in numbers(3))
    factor = 10
    first = await anext(g)
    factor = 100
    print("  ", first, [v async for v in g])

    print("genexps made in a loop")
    gens = []
    for k in range(3):
        gens.append((k + x async for x in numbers(2)))
    for g in gens:
        print("   ->", [v async for v in g])

    print("binding through the outermost iterable")
    gens = [(x + k for x in [k]) for k in range(3)]
    print("  ", [list(g) for g in gens])

    print("genexp inside a genexp's element")
    outer = ([y async for y in (x * 10 + z async for z in numbers(2))] async for x in numbers(3))
    print("  ", [row async for row in outer])

    print("a genexp passed to a coroutine")
    print("  total", await total(x async for x in numbers(5)))
    print("  total", await total(await asyncio.sleep(0, x) for x in range(4)))

    print("comprehension condition using a genexp")
    print("  ", [x async for x in numbers(4) if x in [y async for y in (v * 2 async for v in numbers(3))]])


asyncio.run(main())
