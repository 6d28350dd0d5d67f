"""Asynchronous generator expressions with `async for`: `(x async for x in
ait)` over compiled async generators, native ones (made by exec) and a
class-based iterator; with `if` conditions, with a sync `for` nested inside
an `async for` and vice versa, with awaits in the element, genexps fed into
genexps (a lazy pipeline; the interleaving of the stages is logged), and
an error raised by the source propagating out of the consumer."""
import asyncio
from tracelib import describe, suspend

NATIVE_SOURCE = '''
async def native_letters(text):
    for ch in text:
        await suspend()
        print(f"  native yields {ch!r}")
        yield ch
'''


def load_native():
    namespace = {"suspend": suspend}
    exec(NATIVE_SOURCE, namespace)
    return namespace["native_letters"]


native_letters = load_native()


async def numbers(n):
    for i in range(n):
        await asyncio.sleep(0)
        print(f"  numbers yields {i}")
        yield i


class Countdown:
    def __init__(self, n):
        self.n = n

    def __aiter__(self):
        return self

    async def __anext__(self):
        await suspend()
        if self.n <= 0:
            raise StopAsyncIteration
        self.n -= 1
        return self.n


async def square(x):
    await suspend()
    return x * x


async def failing():
    yield 1
    await suspend()
    raise ValueError("source failed")


async def main():
    print("simple")
    print("  ", [x async for x in (x async for x in numbers(3))])
    print("with condition")
    print("  ", [x async for x in (x async for x in numbers(5) if x % 2 == 0)])
    print("native source")
    print("  ", [c async for c in (c.upper() async for c in native_letters("ab"))])
    print("class source")
    print("  ", [v async for v in (v * 10 async for v in Countdown(3))])
    print("async for then sync for")
    g = ((i, ch) async for i in numbers(2) for ch in "xy" if ch != "y" or i)
    print("  ", [p async for p in g])
    print("sync for then async for")
    g = ((label, i) for label in "AB" async for i in numbers(2))
    print("  ", [p async for p in g])
    print("await in element")
    print("  ", [v async for v in (await square(x) async for x in numbers(3))])
    print("pipeline of genexps")
    stage1 = (x async for x in numbers(3))
    stage2 = (x + 100 async for x in stage1)
    stage3 = (f"<{x}>" async for x in stage2 if x != 101)
    async for v in stage3:
        print("  pipeline out", v)
    print("error from the source")
    try:
        async for v in (x async for x in failing()):
            print("  got", v)
    except ValueError as e:
        print("  caught", describe(e))
    print("dict and set comprehensions over a genexp")
    print("  ", {k: v async for k, v in ((x, x * x) async for x in numbers(3))})
    print("  ", sorted({x % 2 async for x in (x async for x in numbers(4))}))


asyncio.run(main())
