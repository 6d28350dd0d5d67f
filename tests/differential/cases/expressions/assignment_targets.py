"""Await on the right-hand side of assignments to every target kind. CPython
evaluates the right-hand side first, then the target's object and key (left
to right, target by target), then stores; chained assignment stores left to
right; tuple/starred unpacking iterates the value and reports CPython's
errors."""
import asyncio
from tracelib import describe, suspend


class Obj:
    def __init__(self, name):
        self.__dict__["name"] = name

    def __setattr__(self, attr, value):
        print(f"  {self.name}.{attr} = {value!r}")
        self.__dict__[attr] = value

    def __setitem__(self, key, value):
        print(f"  {self.name}[{key!r}] = {value!r}")

    def __repr__(self):
        return self.name


def obj(name):
    print("  target object", name)
    return Obj(name)


def key(k):
    print("  target key", k)
    return k


async def get(value):
    print("  rhs", value)
    await suspend()
    return value


async def simple_targets():
    print("attribute and subscript targets: value first")
    obj("o").attr = await get(1)
    obj("d")[key("k")] = await get(2)
    obj("s")[key(1):key(2)] = await get([3])


async def awaited_target_keys():
    print("awaits inside the target run after the right-hand side")
    obj("o")[await get("key")] = await get("value")
    obj("s")[await get(0):await get(1)], obj("t").x = await get(("a", "b"))
    (await get(obj("awaited"))).field = await get("last")


async def chained():
    print("chained assignment stores left to right")
    obj("a").x = obj("b")[key("i")] = y = await get("v")
    print("  y", y)


async def unpacking():
    print("tuple unpacking into mixed targets")
    obj("p").a, obj("q")[key(0)], local = await get((1, 2, 3))
    print("  local", local)
    print("starred unpacking")
    first, *middle, last = await get(range(6))
    print("  ", first, middle, last)
    *init, obj("r").tail = await get("xyz")
    print("  init", init)
    [a, [b, c]] = await get([1, [2, 3]])
    print("  nested", a, b, c)


class Iter:
    def __init__(self, n):
        self.n, self.i = n, 0

    def __repr__(self):
        return f"Iter({self.n})"

    def __iter__(self):
        print("  __iter__")
        return self

    def __next__(self):
        if self.i >= self.n:
            print("  __next__ -> stop")
            raise StopIteration
        self.i += 1
        print("  __next__ ->", self.i)
        return self.i


async def unpack_iterator():
    print("unpacking a custom iterator: items fetched before stores")
    obj("t").a, obj("t2").b = await get(Iter(2))
    print("wrong counts")
    try:
        a, b = await get(Iter(3))
    except ValueError as e:
        print("  caught", describe(e))
    try:
        a, b, c = await get([1, 2])
    except ValueError as e:
        print("  caught", describe(e))
    try:
        a, *b, c = await get([1])
    except ValueError as e:
        print("  caught", describe(e))
    try:
        a, b = await get(5)
    except TypeError as e:
        print("  caught", describe(e))


async def swap():
    print("swap through an await")
    a, b = 1, 2
    a, b = await get(b), a
    print("  ", a, b)


async def rhs_target_rebound():
    print("the target object is evaluated after the right-hand side")
    holder = {"t": Obj("before")}

    async def rebind():
        await suspend()
        holder["t"] = Obj("after")
        print("  rebound target")
        return "value"

    holder["t"].field = await rebind()


async def main():
    for case in (simple_targets, awaited_target_keys, chained, unpacking, unpack_iterator, swap,
                 rhs_target_rebound):
        await case()


asyncio.run(main())
