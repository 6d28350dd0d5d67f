"""Await as an operand of binary operators. The left operand is evaluated (and
a global/local read) before the right operand's await suspends; the dunder
methods log so the dispatch (including reflected methods) is visible."""
import asyncio
from tracelib import describe, suspend


class V:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"V({self.name})"

    def _op(op):
        def method(self, other):
            print(f"  {self!r}.{op}({other!r})")
            return V(f"{self.name}{op}{getattr(other, 'name', other)}")
        return method

    for _name in ("add", "sub", "mul", "matmul", "truediv", "floordiv", "mod",
                  "pow", "lshift", "rshift", "and", "or", "xor"):
        locals()[f"__{_name}__"] = _op(_name)
    del _name


class OnlyReflected:
    def __repr__(self):
        return "R"

    def __radd__(self, other):
        print(f"  R.__radd__({other!r})")
        return "radd"


async def get(value, tag=None):
    print("  eval", tag if tag is not None else value)
    await suspend()
    return value


X = V("x")


async def rebind_x():
    global X
    await suspend()
    X = V("REBOUND")
    print("  X rebound")
    return V("y")


async def all_operators():
    print("all operators, await on the right")
    a = V("a")
    ops = [
        lambda b: a + b, lambda b: a - b, lambda b: a * b, lambda b: a @ b,
        lambda b: a / b, lambda b: a // b, lambda b: a % b, lambda b: a ** b,
        lambda b: a << b, lambda b: a >> b, lambda b: a & b, lambda b: a | b,
        lambda b: a ^ b,
    ]
    for op in ops:
        op(await get(V("b")))
    print("  inline", (a + await get(V("b"))) * await get(V("c")))


async def left_read_before_right():
    global X
    print("global read before the right operand suspends")
    X = V("x")
    result = X + await rebind_x()
    print("  result", result, "X now", X)


async def local_read_before_right():
    print("local rebound by a closure during the await")
    n = 10

    async def bump():
        nonlocal n
        await suspend()
        n = 1000
        return 1

    result = n + await bump()
    print("  result", result, "n", n)


async def both_sides():
    print("both operands awaited, left first")
    r = await get(2, "left") ** await get(3, "right") - await get(1, "third")
    print("  result", r)


async def precedence():
    print("precedence with awaits")
    r = await get(2) + await get(3) * await get(4) ** await get(2)
    print("  result", r)
    r = (await get(2) + await get(3)) * await get(4)
    print("  result", r)


async def reflected():
    print("reflected operator")
    print("  result", await get(1) + await get(OnlyReflected(), "R"))


async def type_errors():
    print("type error after both awaits")
    try:
        await get("s") + await get(1)
    except TypeError as e:
        print("  caught", describe(e))
    try:
        await get(1) / await get(0)
    except ZeroDivisionError as e:
        print("  caught", describe(e))


async def string_and_containers():
    print("sequence concatenation and repetition")
    items = [1]
    items = items + await get([2]) + items
    print("  list", items)
    print("  repeat", await get("ab") * await get(3))
    print("  tuple", (0,) + tuple(await get([1, 2])))


async def main():
    for case in (all_operators, left_read_before_right, local_read_before_right,
                 both_sides, precedence, reflected, type_errors,
                 string_and_containers):
        await case()


asyncio.run(main())
