"""Scoping rules for comprehensions inside coroutines: the iteration variable
does not leak (a same-named local is untouched, also across suspensions), a
walrus inside binds in the coroutine, closures created in a comprehension
capture per-comprehension cells, and the comprehension sees the coroutine's
locals as they are when it runs."""
import asyncio
from tracelib import describe, suspend


class ARange:
    def __init__(self, n):
        self.n, self.i = n, 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        await suspend()
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        return self.i - 1


async def val(v):
    await suspend()
    return v


async def no_leak():
    x = "outer x"
    r = [x async for x in ARange(3)]
    await suspend()
    print("  result", r, "x is still", repr(x))
    [y async for y in ARange(2)]
    try:
        print(y)  # noqa: F821
    except NameError as e:
        print("  y not defined:", type(e).__name__)


async def walrus_binds():
    r = [last := await val(v * 3) async for v in ARange(3)]
    await suspend()
    print("  result", r, "last", last)
    total = 0
    [total := total + v async for v in ARange(4)]
    print("  running total", total)


async def closures_in_comprehension():
    fns = [lambda: i async for i in ARange(3)]
    print("  late binding inside one comprehension:", [f() for f in fns])
    fns = [lambda i=i: i async for i in ARange(3)]
    print("  default-captured:", [f() for f in fns])


async def sees_current_locals():
    factor = 1
    task_values = []

    async def changer():
        nonlocal factor
        await suspend()
        factor = 100

    pending = asyncio.create_task(changer())
    r = [await val(v) * factor async for v in ARange(4)]
    await pending
    r2 = [v * factor async for v in ARange(2)]
    print("  changed while the comprehension ran:", r, "afterwards:", r2)


async def outer_iterable_in_enclosing_scope():
    data = ARange(3)
    r = [v + len(extra) async for v in data for _ in [0]] if (extra := "ab") else []
    print("  result", r, "extra", extra)


async def error_inside():
    try:
        [1 / (v - 1) async for v in ARange(3)]
    except ZeroDivisionError as e:
        print("  caught", describe(e))


async def main():
    for case in (no_leak, walrus_binds, closures_in_comprehension, sees_current_locals,
                 outer_iterable_in_enclosing_scope, error_inside):
        print(case.__name__)
        await case()


asyncio.run(main())
