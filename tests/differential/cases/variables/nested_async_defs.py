"""Nested `async def`s: inside another `async def` (closing over the outer
coroutine's variables, including loop variables captured per iteration via
a factory or shared via late binding), inside plain functions (closing over
the plain function's arguments after it returned), three levels deep, and
an inner coroutine that modifies the outer one's state with nonlocal while
both are suspended alternately."""
import asyncio
from tracelib import suspend


async def outer_closure():
    prefix = "outer"

    async def inner(x):
        await suspend()
        return f"{prefix}:{x}"

    first = await inner(1)
    prefix = "changed"
    second = await inner(2)
    return first, second


async def loop_variable_capture():
    late, bound = [], []
    for i in range(3):
        async def late_fn():
            await suspend()
            return i

        def factory(j):
            async def bound_fn():
                await suspend()
                return j
            return bound_fn

        late.append(late_fn)
        bound.append(factory(i))
    return [await f() for f in late], [await f() for f in bound]


def plain_factory(greeting, times):
    count = times

    async def greet(name):
        nonlocal count
        out = []
        while count > 0:
            await suspend()
            out.append(f"{greeting}, {name}")
            count -= 1
        return out

    return greet


async def three_levels():
    a = "A"

    async def level2():
        b = "B"

        async def level3():
            c = "C"
            await suspend()
            return a + b + c

        await suspend()
        return await level3() + "!"

    await suspend()
    return await level2()


async def ping_pong():
    log = []
    turn = 0

    async def player(name):
        nonlocal turn
        for _ in range(3):
            while turn % 2 != (name == "pong"):
                await suspend()
            log.append(f"{name}{turn}")
            turn += 1

    await asyncio.gather(player("ping"), player("pong"))
    return log


async def main():
    print("outer closure", await outer_closure())
    print("loop capture", await loop_variable_capture())
    greet = plain_factory("hello", 2)
    print("plain factory", await greet("world"), await greet("again"))
    print("three levels", await three_levels())
    print("ping pong", await ping_pong())
    print("qualnames", plain_factory("x", 0).__qualname__)


asyncio.run(main())
