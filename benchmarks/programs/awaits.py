"""Awaits without an event loop: the cost of the await machinery itself.

Every coroutine here is driven by `drive()`, a bare `send(None)` loop, so no
scheduler time is mixed into the measurement. The loops are unrolled ten
times so that the `for` loop's own cost is a small share of each iteration.
"""

import types


def drive(coroutine):
    """Run a coroutine to completion by sending None until it returns."""
    send = coroutine.send
    try:
        while True:
            send(None)
    except StopIteration as stop:
        return stop.value


# -- awaits that complete at once ------------------------------------------


async def leaf(x):
    return x


async def sync_await(n):
    """n awaits of a coroutine that returns at once (n a multiple of 10)."""
    total = 0
    for i in range(n // 10):
        total += await leaf(i)
        total += await leaf(i)
        total += await leaf(i)
        total += await leaf(i)
        total += await leaf(i)
        total += await leaf(i)
        total += await leaf(i)
        total += await leaf(i)
        total += await leaf(i)
        total += await leaf(i)
    return total


async def level1(x):
    return x


async def level2(x):
    return await level1(x)


async def level3(x):
    return await level2(x)


async def level4(x):
    return await level3(x)


async def level5(x):
    return await level4(x)


async def level6(x):
    return await level5(x)


async def level7(x):
    return await level6(x)


async def level8(x):
    return await level7(x)


async def level9(x):
    return await level8(x)


async def level10(x):
    return await level9(x)


async def sync_chain10(n):
    """n awaits of a 10-deep chain that returns at once: 10 n awaits in all."""
    total = 0
    for i in range(n):
        total += await level10(i)
    return total


# -- awaits that suspend ----------------------------------------------------


@types.coroutine
def yield_once():
    """The smallest awaitable that suspends: one bare yield to the driver."""
    yield


async def suspend_roundtrip(n):
    """n awaits that each suspend once (n a multiple of 10)."""
    for _ in range(n // 10):
        await yield_once()
        await yield_once()
        await yield_once()
        await yield_once()
        await yield_once()
        await yield_once()
        await yield_once()
        await yield_once()
        await yield_once()
        await yield_once()
    return n


async def suspending1():
    await yield_once()
    return 1


async def suspending2():
    return await suspending1()


async def suspending3():
    return await suspending2()


async def suspending4():
    return await suspending3()


async def suspending5():
    return await suspending4()


async def suspending6():
    return await suspending5()


async def suspending7():
    return await suspending6()


async def suspending8():
    return await suspending7()


async def suspending9():
    return await suspending8()


async def suspending10():
    return await suspending9()


async def suspend_chain10(n):
    """n awaits of a 10-deep chain whose innermost coroutine suspends once."""
    total = 0
    for _ in range(n):
        total += await suspending10()
    return total
