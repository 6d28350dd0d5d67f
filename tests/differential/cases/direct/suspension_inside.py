"""A body run directly that suspends inside a loop, a try/except handler,
a try/finally and a with block becomes a machine there and resumes in the
right place with its variables, its handled exception (sys.exc_info(),
bare raise, __context__) and its pending finally; chains of such calls
suspend and resume at every level; `del`eted variables stay unbound."""
import asyncio
from tracelib import describe, exc_info, suspend


class Manager:
    def __enter__(self):
        print("  enter")
        return self

    def __exit__(self, *exc):
        print("  exit", exc[0].__name__ if exc[0] else None)


async def in_loop(n):
    total = 0
    for i in range(n):
        total += i
        if i == 2:
            await suspend()
    return total


async def in_handler():
    try:
        raise ValueError("handled")
    except ValueError:
        await suspend()
        print("  after resuming in handler:", exc_info())
        try:
            raise
        except ValueError as again:
            print("  bare raise:", describe(again))
        try:
            raise KeyError("new")
        except KeyError as new:
            print("  context:", describe(new))
    return "handler done"


async def in_bare_handler():
    try:
        raise OSError("bare")
    except:  # noqa: E722
        await suspend()
        print("  bare handler:", exc_info())
    return "bare done"


async def in_finally(flag):
    try:
        if flag:
            return "returned from try"
    finally:
        await suspend()
        print("  finally ran")
    return "after"


async def with_block():
    with Manager():
        value = 1
    await suspend()
    return value


async def deleted(x):
    del x
    await suspend()
    try:
        return x  # noqa: F821
    except UnboundLocalError as error:
        return f"UnboundLocalError: {error}"


async def level3():
    await suspend()
    return 3


async def level2():
    return await level3() + 2


async def level1():
    value = await level2()
    await suspend()
    return value + 1


async def main():
    print(await in_loop(5))
    print(await in_handler())
    print(await in_bare_handler())
    print(await in_finally(True), await in_finally(False))
    print(await with_block())
    print(await deleted(1))
    print(await level1())


asyncio.run(main())
