"""Recursive coroutines: an async function awaiting itself 50 deep (with a
suspension at every level), mutual recursion, recursion that raises at the
bottom with finally blocks unwinding level by level, recursion through
asyncio tasks, and fibonacci with memo across suspensions."""
import asyncio
from tracelib import describe, suspend


async def depth(n):
    if n == 0:
        await suspend()
        return 0
    await suspend()
    below = await depth(n - 1)
    await suspend()
    return below + 1


async def is_even(n):
    await suspend()
    return True if n == 0 else await is_odd(n - 1)


async def is_odd(n):
    await suspend()
    return False if n == 0 else await is_even(n - 1)


unwound = []


async def explode(n):
    try:
        await suspend()
        if n == 0:
            raise RecursionError("bottom reached")
        return await explode(n - 1)
    finally:
        await suspend()
        unwound.append(n)


async def via_tasks(n):
    if n == 0:
        return ["leaf"]
    task = asyncio.create_task(via_tasks(n - 1))
    await suspend()
    return [n] + await task


async def fib(n, memo):
    if n in memo:
        return memo[n]
    await suspend()
    value = n if n < 2 else await fib(n - 1, memo) + await fib(n - 2, memo)
    memo[n] = value
    return value


async def main():
    print("depth 50 ->", await depth(50))
    print("even/odd 25 ->", await is_even(25), await is_odd(25))
    try:
        await explode(10)
    except RecursionError as e:
        print("explode ->", describe(e))
    print("unwound order", unwound)
    print("via tasks ->", await via_tasks(5))
    print("fib 40 ->", await fib(40, {}))


asyncio.run(main())
