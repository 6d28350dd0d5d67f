"""Await as the operand of unary operators (-, +, ~, not) with logging dunders,
including `not` calling __bool__ exactly once and unary ops on awaited
awaitables nested in larger expressions."""
import asyncio
from tracelib import describe, suspend


class U:
    def __init__(self, name):
        self.name = name

    def __neg__(self):
        print(f"  __neg__({self.name})")
        return U(f"-{self.name}")

    def __pos__(self):
        print(f"  __pos__({self.name})")
        return U(f"+{self.name}")

    def __invert__(self):
        print(f"  __invert__({self.name})")
        return U(f"~{self.name}")

    def __bool__(self):
        print(f"  __bool__({self.name})")
        return self.name.startswith("t")

    def __repr__(self):
        return f"U({self.name})"


async def get(value):
    print("  eval", value)
    await suspend()
    return value


async def basics():
    print("basic unary operators")
    print("  neg", -await get(U("a")))
    print("  pos", +await get(U("b")))
    print("  inv", ~await get(U("c")))
    print("  not false", not await get(U("false")))
    print("  not true", not await get(U("true")))


async def nested():
    print("nested unary")
    print("  result", -(~(+await get(U("n")))))
    print("  double not", not not await get(U("thing")))
    print("  numbers", -await get(5) + ~await get(2), not await get(0))


async def in_condition():
    print("not in an if condition")
    if not await get(U("false")):
        print("  branch taken")
    while not await get(U("tick")):
        print("  never")
    print("  loop skipped")


async def errors():
    print("unary on unsupported type")
    try:
        -await get("text")
    except TypeError as e:
        print("  caught", describe(e))
    try:
        ~await get(1.5)
    except TypeError as e:
        print("  caught", describe(e))


class BadBool:
    def __repr__(self):
        return "BadBool()"

    def __bool__(self):
        print("  __bool__ raising")
        raise ValueError("no truth")


async def bad_bool():
    print("__bool__ raises under not")
    try:
        not await get(BadBool())
    except ValueError as e:
        print("  caught", describe(e))


async def main():
    for case in (basics, nested, in_condition, errors, bad_bool):
        await case()


asyncio.run(main())
