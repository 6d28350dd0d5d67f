"""`and` / `or` with awaited operands: short-circuiting (later awaits never
start), the operand object itself is returned (not a bool), and __bool__ is
called exactly once per tested operand (and not at all for the last one when
the value is only returned).

(`(a and b) or c` with a false `a` is avoided on purpose: CPython 3.11 tests
`a` once there, 3.12+ tests it twice.)"""
import asyncio
from tracelib import describe, suspend


class T:
    def __init__(self, name, truth):
        self.name, self.truth = name, truth

    def __bool__(self):
        print(f"  __bool__({self.name})")
        return self.truth

    def __repr__(self):
        return self.name


started = []


async def get(obj):
    started.append(obj.name)
    print("  start", obj.name)
    await suspend()
    return obj


async def and_chain():
    print("and chain")
    r = await get(T("a", True)) and await get(T("b", False)) and await get(T("c", True))
    print("  result", r)
    r = await get(T("a", True)) and await get(T("b", True))
    print("  result", r)


async def or_chain():
    print("or chain")
    r = await get(T("a", False)) or await get(T("b", True)) or await get(T("c", True))
    print("  result", r)
    r = await get(T("a", False)) or await get(T("b", False))
    print("  result", r)


async def mixed():
    print("mixed and/or")
    r = await get(T("a", False)) or (await get(T("b", True)) and await get(T("c", True)))
    print("  result", r)
    r = await get(T("x", True)) or await get(T("never", True)) and await get(T("never2", True))
    print("  result", r)


async def as_condition():
    print("and/or as if condition: each operand's __bool__ once")
    if await get(T("a", True)) and await get(T("b", True)):
        print("  taken")
    if await get(T("a", False)) or await get(T("b", False)):
        print("  never")
    else:
        print("  else")
    while await get(T("w", False)) and await get(T("never", True)):
        pass
    print("  while done")


async def in_not():
    print("not (a or b)")
    r = not (await get(T("a", False)) or await get(T("b", True)))
    print("  result", r)


async def plain_values():
    print("plain values")

    async def v(x):
        await suspend()
        return x

    print("  ", await v(0) or await v("") or await v([]), await v(1) and await v(None))
    print("  ", await v(3) and await v(4), await v("") and await v("never"))


async def bool_raises():
    print("__bool__ raising in the middle")

    class Bad:
        name = "bad"

        def __bool__(self):
            print("  __bool__(bad) raising")
            raise RuntimeError("boom")

    try:
        await get(T("a", True)) and await get(Bad()) and await get(T("never", True))
    except RuntimeError as e:
        print("  caught", describe(e))


async def main():
    for case in (and_chain, or_chain, mixed, as_condition, in_not, plain_values,
                 bool_raises):
        await case()
    print("started:", started)


asyncio.run(main())
