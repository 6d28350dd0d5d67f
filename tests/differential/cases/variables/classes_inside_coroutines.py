"""Classes defined inside coroutines: class bodies reading coroutine locals
(class scope skips to the enclosing function scope), methods closing over
coroutine variables rebound after a suspension, __qualname__ of local
classes, class bodies that cannot see their own names from methods, and a
class created fresh on each call."""
import asyncio
from tracelib import describe, suspend


async def class_reads_locals():
    color = "red"
    await suspend()

    class Paint:
        shade = color
        upper = shade.upper()

        def current(self):
            return color

    await suspend()
    color = "blue"
    p = Paint()
    print("  class attrs", Paint.shade, Paint.upper, "method sees", p.current())
    print("  qualname", Paint.__qualname__)


async def class_scope_not_enclosing():
    class Scoped:
        x = "class x"

        def method(self):
            try:
                return x
            except NameError as e:
                return describe(e)

    await suspend()
    print("  method cannot see class attribute:", Scoped().method())


async def fresh_class_per_call(n):
    class Made:
        number = n

    await suspend()
    return Made


async def class_with_async_method_closing_over():
    multiplier = 2

    class Calc:
        async def apply(self, v):
            await suspend()
            return v * multiplier

    c = Calc()
    first = await c.apply(5)
    multiplier = 10
    second = await c.apply(5)
    print("  ", first, second, Calc.apply.__qualname__)


async def class_body_same_name_as_local():
    value = "coroutine local"

    class Shadow:
        value = "class attribute"
        seen = value

    await suspend()
    print("  ", Shadow.seen, "/", value)


async def main():
    for case in (class_reads_locals, class_scope_not_enclosing,
                 class_with_async_method_closing_over, class_body_same_name_as_local):
        print(case.__name__)
        await case()
    a, b = await fresh_class_per_call(1), await fresh_class_per_call(2)
    print("fresh classes", a is b, a.number, b.number, a.__qualname__)


asyncio.run(main())
