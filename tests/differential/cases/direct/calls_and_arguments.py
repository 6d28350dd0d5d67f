"""Compiled awaits of compiled coroutine functions run the callee's body
directly (no coroutine object unless it suspends): arguments bind exactly as
a call does (defaults shared with the function and evaluated once, keyword
and star arguments, CPython's argument errors), the function's later
changes to __defaults__ are seen, and results, exceptions and PEP 479 are
the same whether the callee suspends or not."""
import asyncio
from tracelib import describe, suspend


async def defaults(a, b=[], *rest, c=10, d={}, **more):
    b.append(a)
    d[a] = c
    if a % 2:
        await suspend()
    return a, list(b), rest, c, sorted(d), sorted(more)


async def positional_only(a, b=2, /, c=3):
    return a + b + c


async def raises_stop(suspending):
    if suspending:
        await suspend()
    raise StopIteration("inside")


async def deep(n):
    if n == 0:
        await suspend()
        return 0
    return 1 + await deep(n - 1)


async def main():
    print(await defaults(0))
    print(await defaults(1, c=5))
    print(await defaults(2, [], 3, 4, x=1))
    print(await defaults(3, d={}))
    defaults.__defaults__ = ([99],)
    print(await defaults(4))
    defaults.__kwdefaults__ = {"c": -1, "d": {}}
    print(await defaults(5))
    print(await positional_only(1), await positional_only(1, 2, c=4))
    for bad in (
        lambda: positional_only(),
        lambda: positional_only(1, 2, 3, 4),
        lambda: positional_only(a=1),
        lambda: defaults(1, c=1, zzz=2, **{"c": 3}),
        lambda: positional_only(1, c=1, d=2),
    ):
        try:
            await bad()
        except TypeError as error:
            print("TypeError:", error)
    for suspending in (False, True):
        try:
            await raises_stop(suspending)
        except RuntimeError as error:
            print(describe(error))
    print(await deep(5))
    calls = []

    def callee():
        calls.append("callee evaluated")
        return positional_only

    def argument(x):
        calls.append(f"argument {x}")
        return x

    print(await callee()(argument(1), argument(2)), calls)


asyncio.run(main())
