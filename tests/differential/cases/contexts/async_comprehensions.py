"""Async comprehensions: list/set/dict comprehensions with `async for`, with
`await` in the element, in conditions, and in nested for clauses; dict
comprehensions evaluate the key before the value; the outermost iterable is
evaluated once, before the first element; `await` in an ordinary
comprehension inside a coroutine; and an async generator expression consumed
by `async for`."""
import asyncio
from tracelib import suspend


class ARange:
    def __init__(self, n, name):
        self.n, self.i, self.name = n, 0, name

    def __aiter__(self):
        print(f"  {self.name}.__aiter__")
        return self

    async def __anext__(self):
        await suspend()
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        return self.i - 1


async def val(v, tag):
    print(f"  {tag}({v})")
    await suspend()
    return v


def source(name, n):
    print(f"  evaluating iterable {name}")
    return ARange(n, name)


async def list_comp():
    print("list with async for and await element")
    r = [await val(x * 10, "elem") async for x in source("A", 3)]
    print("  ->", r)


async def conditions():
    print("await in the condition")
    r = [x async for x in source("B", 6) if await val(x % 2 == 0, "even?")]
    print("  ->", r)


async def set_and_dict():
    print("set comprehension")
    r = {await val(x % 2, "mod") async for x in source("S", 4)}
    print("  ->", sorted(r))
    print("dict comprehension: key before value")
    r = {await val(f"k{x}", "key"): await val(x * x, "value") async for x in source("D", 3)}
    print("  ->", r)


async def nested_fors():
    print("nested for clauses")
    r = [(a, b) async for a in source("outer", 3) for b in range(a)
         if await val(a + b, "sum") != 2]
    print("  ->", r)
    r = [(a, b) for a in range(2) async for b in source(f"inner", 2)]
    print("  ->", r)


async def await_in_sync_comprehension():
    print("await inside an ordinary comprehension")
    r = [await val(x, "elem") for x in range(3)]
    print("  ->", r)
    r = {x: await val(x + "!", "v") for x in "ab"}
    print("  ->", r)
    r = [y for x in range(3) if await val(x, "cond") for y in [x, -x]]
    print("  ->", r)


async def async_genexp():
    print("async generator expression")
    gen = (await val(x, "genexp elem") async for x in source("G", 3))
    print("  created:", type(gen).__name__)
    async for item in gen:
        print("  got", item)


async def main():
    for case in (list_comp, conditions, set_and_dict, nested_fors,
                 await_in_sync_comprehension, async_genexp):
        await case()


asyncio.run(main())
