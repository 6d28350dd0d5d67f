"""Chained comparisons with awaited operands: `a < await b() < c` evaluates the
middle operand once, calls __bool__ on the first result to decide whether to
continue, short-circuits (later operands are not evaluated), and returns the
last comparison result object as-is."""
import asyncio
from tracelib import describe, suspend


class Result:
    def __init__(self, label, truth):
        self.label, self.truth = label, truth

    def __bool__(self):
        print(f"  __bool__({self.label}) -> {self.truth}")
        return self.truth

    def __repr__(self):
        return f"Result({self.label})"


class N:
    def __init__(self, n):
        self.n = n

    def __repr__(self):
        return f"N{self.n}"

    def __lt__(self, other):
        r = Result(f"{self!r}<{other!r}", self.n < other.n)
        print(f"  __lt__ {self!r} {other!r}")
        return r

    def __le__(self, other):
        print(f"  __le__ {self!r} {other!r}")
        return Result(f"{self!r}<={other!r}", self.n <= other.n)

    def __eq__(self, other):
        print(f"  __eq__ {self!r} {other!r}")
        return Result(f"{self!r}=={other!r}", self.n == other.n)

    def __gt__(self, other):
        print(f"  __gt__ {self!r} {other!r}")
        return Result(f"{self!r}>{other!r}", self.n > other.n)

    __hash__ = None


async def get(n):
    print("  eval", n)
    await suspend()
    return N(n)


def plain(n):
    print("  eval", n)
    return N(n)


async def middle_once():
    print("middle operand evaluated once")
    r = plain(1) < await get(2) < plain(3)
    print("  result", r)


async def short_circuit():
    print("short circuit stops later operands")
    r = plain(5) < await get(2) < await get(3) < plain(4)
    print("  result", r)


async def long_chain():
    print("long chain, all awaited")
    r = await get(1) <= await get(1) == await get(1) < await get(2) > await get(0)
    print("  result", r)


async def in_if():
    print("chain as an if condition")
    if await get(1) < await get(2) < await get(0):
        print("  true branch")
    else:
        print("  else branch")


async def numbers():
    print("plain numbers")

    async def n(x):
        await suspend()
        return x

    print("  ", 1 < await n(2) < 3, 3 < await n(2) < 4, 1 == await n(1) != 2)
    print("  ", await n(1) is not None is not False, await n(3) in [1, 2, 3] not in [[]])


class Container:
    def __init__(self, items):
        self.items = items

    def __contains__(self, item):
        print(f"  __contains__({item!r})")
        return item in self.items


async def membership():
    print("in / not in")

    async def val(x):
        print("  eval", x)
        await suspend()
        return x

    c = Container([1, 2])
    print("  result", await val(1) in c, await val(3) not in c)
    print("  chain", await val(1) in c in [True])


async def compare_error():
    print("incomparable types after awaits")

    async def val(x):
        await suspend()
        return x

    try:
        await val(1) < await val("a") < await val(None)
    except TypeError as e:
        print("  caught", describe(e))


async def main():
    for case in (middle_once, short_circuit, long_chain, in_if, numbers,
                 membership, compare_error):
        await case()


asyncio.run(main())
