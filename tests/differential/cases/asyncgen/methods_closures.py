"""Async generators as methods and closures: an instance method using self
and a name-mangled attribute, `async def __aiter__` written as an async
generator (calling it returns the generator, so `async for obj` works), a
staticmethod and a classmethod, super() and __class__ inside a generator
method, a closure reading and rebinding (`nonlocal`) an outer variable
between yields, a recursive generator walking a tree (re-yielding by hand),
defaults / *args / keyword-only / **kwargs parameters, and a decorator
wrapping a generator function with another async generator."""
import asyncio
import functools
from tracelib import suspend


class Playlist:
    def __init__(self, *songs):
        self.__songs = list(songs)

    async def __aiter__(self):
        for song in self.__songs:
            await suspend()
            yield song

    async def shuffled(self, key):
        for song in sorted(self.__songs, key=key):
            yield f"{self.__class__.__name__}:{song}"

    @staticmethod
    async def countdown(n):
        while n:
            await asyncio.sleep(0)
            yield n
            n -= 1

    @classmethod
    async def describe(cls):
        yield cls.__name__
        yield cls.__qualname__


class LoudPlaylist(Playlist):
    async def shuffled(self, key):
        async for item in super().shuffled(key):
            yield item.upper()
        yield f"defined in {__class__.__name__}"


def make_counter(start):
    count = start

    async def counting(step):
        nonlocal count
        while count < start + 3 * step:
            await suspend()
            yield count
            count += step

    def peek():
        return count

    return counting, peek


async def walk(tree, depth=0):
    label, children = tree
    yield "  " * depth + label
    for child in children:
        async for line in walk(child, depth + 1):
            yield line


async def params(a, b=2, *rest, key, flag=False, **extra):
    yield a, b
    await suspend()
    yield rest
    yield key, flag
    yield sorted(extra.items())


def logged(gen_fn):
    @functools.wraps(gen_fn)
    async def wrapper(*args, **kwargs):
        print(f"  start {gen_fn.__name__}{args}")
        async for item in gen_fn(*args, **kwargs):
            yield item
        print(f"  end {gen_fn.__name__}")
    return wrapper


@logged
async def squares(n):
    for i in range(n):
        await suspend()
        yield i * i


async def main():
    p = Playlist("b", "a", "c")
    print("__aiter__:", [s async for s in p], type(p.__aiter__()).__name__)
    print("shuffled:", [s async for s in p.shuffled(key=str)])
    print("loud:", [s async for s in LoudPlaylist("y", "x").shuffled(key=str)])
    print("static:", [n async for n in Playlist.countdown(3)], [n async for n in p.countdown(1)])
    print("class:", [n async for n in LoudPlaylist.describe()])
    counting, peek = make_counter(10)
    g = counting(5)
    print("closure:", await anext(g), "peek", peek())
    print("closure:", await anext(g), "peek", peek())
    print("closure rest:", [v async for v in g], "peek", peek())
    tree = ("root", [("a", [("a1", []), ("a2", [])]), ("b", [])])
    print("walk:")
    async for line in walk(tree):
        print("  " + line)
    print("params:", [v async for v in params(1, 3, 4, 5, key="k", x=1, w=0)])
    print("params defaults:", [v async for v in params(1, key=None)])
    print("decorated:", squares.__name__, [v async for v in squares(3)])
    print("qualnames:", Playlist.__aiter__.__qualname__, p.shuffled(str).__qualname__,
          counting.__qualname__, squares(1).__qualname__)


asyncio.run(main())
