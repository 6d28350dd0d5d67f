"""A coroutine with many locals of many kinds (ints, strings, lists, dicts,
tuples, None, functions, exceptions, iterators mid-iteration, objects with
__del__-free state) that must all survive a long run of suspensions, with
some rebound between suspensions and some only read. Also a coroutine that
keeps a sync iterator and a partially consumed generator alive across
suspensions."""
import asyncio
from tracelib import suspend


async def many():
    a, b, c = 1, "two", [3]
    d = {"four": 4}
    e = (5, 6)
    f = None
    g = lambda: a + 100  # noqa: E731
    h = ValueError("stored")
    it = iter(range(10))
    gen = (x * x for x in range(10))
    first_it, first_gen = next(it), next(gen)
    await suspend()
    a += 1
    c.append(a)
    await suspend()
    d["five"] = next(it)
    b = b * 2
    await suspend()
    for _ in range(5):
        await suspend()
        e = e + (next(gen),)
    f = [a, b, c, d, e, g(), describe_exc(h), first_it, first_gen, list(it)]
    await suspend()
    return f


def describe_exc(e):
    return f"{type(e).__name__}:{e}"


async def interleaved_state(name, n):
    acc = []
    total = 0
    for i in range(n):
        await suspend()
        total += i
        acc.append(f"{name}{i}")
    return name, total, acc


async def main():
    for item in await many():
        print(item)
    results = await asyncio.gather(*(interleaved_state(c, 4 + i) for i, c in enumerate("xyz")))
    for r in results:
        print(r)


asyncio.run(main())
