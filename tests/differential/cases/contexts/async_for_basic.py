"""`async for` over custom async iterators whose __anext__ is a compiled
`async def` that suspends: __aiter__ called once, __anext__ once per item
plus the final StopAsyncIteration, loop `else` runs on exhaustion, targets of
every kind (tuple unpacking, attribute, subscript), and __anext__ returning
custom awaitables instead of coroutines."""
import asyncio
from tracelib import suspend


class Counter:
    def __init__(self, n, name="counter"):
        self.n, self.i, self.name = n, 0, name

    def __aiter__(self):
        print(f"  {self.name}.__aiter__")
        return self

    async def __anext__(self):
        print(f"  {self.name}.__anext__ #{self.i}")
        await suspend()
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        return self.i


class Pairs(Counter):
    async def __anext__(self):
        v = await super().__anext__()
        return v, v * v


class Ready:
    def __init__(self, value):
        self.value = value

    def __await__(self):
        yield
        if self.value is None:
            raise StopAsyncIteration
        return self.value


class AwaitableIter:
    """__anext__ is a plain method returning a custom awaitable."""

    def __init__(self, items):
        self.items = list(items)

    def __aiter__(self):
        return self

    def __anext__(self):
        print("  plain __anext__")
        return Ready(self.items.pop(0) if self.items else None)


class SeparateIterator:
    """__aiter__ returns a different object."""

    def __aiter__(self):
        print("  SeparateIterator.__aiter__ -> new Counter")
        return Counter(2, "inner")


async def basic():
    total = 0
    async for v in Counter(3):
        print("  body", v)
        await suspend()
        total += v
    else:
        print("  else, total", total)


async def unpacking():
    async for i, sq in Pairs(3, "pairs"):
        print("  ", i, sq)


async def targets():
    class Holder:
        pass

    h, d = Holder(), {}
    async for h.value in Counter(2, "attr"):
        pass
    async for d["k"] in Counter(2, "item"):
        pass
    print("  targets", h.value, d)


async def custom_awaitables():
    async for item in AwaitableIter("ab"):
        print("  item", item)


async def separate_iterator():
    async for v in SeparateIterator():
        print("  v", v)


async def empty_with_else():
    async for v in Counter(0, "empty"):
        print("  never")
    else:
        await suspend()
        print("  else of empty loop")
    try:
        print(v)
    except UnboundLocalError:
        print("  v never bound")


async def main():
    for case in (basic, unpacking, targets, custom_awaitables, separate_iterator,
                 empty_with_else):
        print(case.__name__)
        await case()


asyncio.run(main())
