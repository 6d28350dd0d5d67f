"""When a loop is left, Python drops its iterator at once: a generator being
iterated is finalized (its `finally` runs) before the code after the loop, a
handler or a `finally` block runs. Loops whose body suspends keep their
iterator in the state machine; they must drop it at the same moments."""

import asyncio
import gc

from tracelib import describe, suspend


def numbers(tag, count=3):
    try:
        for i in range(count):
            yield i
    finally:
        print("  generator finalized:", tag)


async def agen(tag, count=3):
    try:
        for i in range(count):
            await asyncio.sleep(0)
            yield i
    finally:
        print("  async generator finalized:", tag)


async def sync_for_left_by_exception():
    print("exception out of a for loop into a handler")
    try:
        for i in numbers("raised"):
            await asyncio.sleep(0)
            if i == 1:
                raise KeyError(i)
    except KeyError as error:
        print("  handler", describe(error))
    print("  after try")


async def sync_for_left_by_return():
    print("return out of a for loop through finally")
    try:
        for i in numbers("returned"):
            await asyncio.sleep(0)
            if i == 1:
                return i
    finally:
        print("  finally block")


async def sync_for_left_by_break_through_finally():
    print("break out of a for loop through finally")
    for j in range(1):
        try:
            for i in numbers("inner"):
                await asyncio.sleep(0)
                if i == 1:
                    break
            print("  after inner loop")
        finally:
            print("  finally block")


async def async_for_left_by_break():
    print("break out of async for")
    async for x in agen("broken"):
        print("  got", x)
        if x == 1:
            break
    print("  after loop")
    for _ in range(3):
        await asyncio.sleep(0)
        print("  tick")


async def async_for_left_by_exception():
    print("exception out of async for into a handler")
    try:
        async for x in agen("raised"):
            print("  got", x)
            raise ValueError(x)
    except ValueError as error:
        print("  handler", describe(error))
    for _ in range(3):
        await asyncio.sleep(0)
        print("  tick")


async def with_exit_after_loop():
    print("exception out of a for loop inside a with block")

    class Manager:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            print("  __exit__", exc[0].__name__ if exc[0] else None)
            return True

    with Manager():
        for i in numbers("with"):
            await asyncio.sleep(0)
            raise RuntimeError(i)
    print("  after with")


async def main():
    await sync_for_left_by_exception()
    print("  returned", await sync_for_left_by_return())
    await sync_for_left_by_break_through_finally()
    await async_for_left_by_break()
    await async_for_left_by_exception()
    await with_exit_after_loop()
    gc.collect()


asyncio.run(main())
