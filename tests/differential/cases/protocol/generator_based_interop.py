"""Interoperation with generator-based coroutines: a @types.coroutine
generator that `yield from`s a native coroutine (allowed because of the
iterable-coroutine flag), an async def awaiting such a generator which in turn
awaits an async def, a plain (undecorated) generator trying `yield from` on a
coroutine (TypeError), and coroutines not being iterable (only the exception
type is printed)."""
import asyncio
import types
from tracelib import describe, drive, suspend


async def leaf(tag):
    got = await suspend(f"{tag}: leaf yields")
    return f"{tag}: leaf got {got!r}"


@types.coroutine
def bridge(tag):
    first = yield from leaf(f"{tag}/1")
    extra = yield f"{tag}: bridge yields itself"
    second = yield from leaf(f"{tag}/2")
    return [first, extra, second]


async def top():
    result = await bridge("B")
    return result


def plain_generator():
    coro = leaf("plain")
    try:
        yield from coro
    finally:
        coro.close()


async def under_asyncio():
    @types.coroutine
    def sleeper():
        yield from asyncio.sleep(0)
        return "slept through a bridge"

    return await sleeper()


def main():
    print("bridge driven by hand")
    drive(top(), sends=["s1", "s2", "s3"])
    print("plain generator yield from a coroutine")
    gen = plain_generator()
    try:
        next(gen)
    except TypeError as e:
        print("  ", describe(e))
    print("coroutines are not iterable")
    coro = leaf("x")
    for attempt in (lambda: iter(coro), lambda: list(coro)):
        try:
            attempt()
        except TypeError as e:
            print("   TypeError raised")
    coro.close()
    print("under asyncio:", asyncio.run(under_asyncio()))


main()
