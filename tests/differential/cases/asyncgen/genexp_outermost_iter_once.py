"""The outermost iterable of a generator expression is evaluated, and its
`__iter__` / `__aiter__` called, exactly once and immediately, in the
enclosing scope -- for sync genexps and async ones alike; the inner
iterables are evaluated afresh for every outer item, lazily. Errors from a
non-iterable outermost source happen at creation; from an inner one, during
iteration. Also the genexp's __name__ / __qualname__ (including inside a
method and a nested function)."""
import asyncio
from tracelib import describe, suspend


class LoggedIterable:
    def __init__(self, name, items):
        self.name, self.items = name, items

    def __iter__(self):
        print(f"  {self.name}.__iter__")
        return iter(self.items)


class LoggedAsyncIterable:
    def __init__(self, name, items):
        self.name, self.items = name, items

    def __aiter__(self):
        print(f"  {self.name}.__aiter__")
        return Feeder(self.name, self.items)


class Feeder:
    def __init__(self, name, items):
        self.name, self.items = name, list(items)

    def __aiter__(self):
        return self

    async def __anext__(self):
        await suspend()
        if not self.items:
            print(f"  {self.name} exhausted")
            raise StopAsyncIteration
        return self.items.pop(0)


def source(name, items):
    print(f"  evaluating source {name}")
    return LoggedIterable(name, items)


async def slow(x):
    await asyncio.sleep(0)
    return x


class Holder:
    def make(self):
        return (await slow(x) for x in [1])


async def main():
    print("sync genexp")
    g = (x for x in source("outer", [1, 2]))
    print("  created")
    print("  ", list(g))

    print("async genexp (await in element)")
    g = (await slow(x) for x in source("outer", [1, 2]) for y in source("inner", "ab"))
    print("  created")
    print("  ", [v async for v in g])

    print("async genexp (async for outermost)")
    g = (x async for x in LoggedAsyncIterable("aouter", [1, 2]))
    print("  created")
    print("  ", [v async for v in g])

    print("async for nested inside sync for")
    g = ((x, y) for x in source("outer", [1, 2]) async for y in LoggedAsyncIterable("ainner", "z"))
    print("  created")
    print("  ", [v async for v in g])

    print("not iterable at creation")
    items = [1, 2]
    for make in (lambda: (x for x in 5),
                 lambda: (await slow(x) for x in 5),
                 lambda: (x async for x in 5),
                 lambda: (x async for x in items)):
        try:
            make()
            print("  created?!")
        except TypeError as e:
            print("  TypeError:", describe(e))

    print("inner not iterable: raised during iteration")
    g = (await slow(y) for x in [1] for y in x)
    print("  created")
    try:
        print([v async for v in g])
    except TypeError as e:
        print("  TypeError:", describe(e))

    print("names")
    g = (await slow(x) for x in [])
    print("  ", g.__name__, g.__qualname__)

    def nested():
        return (x async for x in Feeder("n", []))
    g = nested()
    print("  ", g.__name__, g.__qualname__)
    g = Holder().make()
    print("  ", g.__name__, g.__qualname__)
    print("  ", [v async for v in g])


asyncio.run(main())
