"""Awaits inside list/tuple/set/dict displays, with starred elements and `**`
unpacking. Elements are evaluated left to right; a dict display evaluates
each key before its value; starred iterables are consumed (and their
generators run) at their position in the order."""
import asyncio
from tracelib import describe, suspend


async def get(value, tag=None):
    print("  eval", tag if tag is not None else repr(value))
    await suspend()
    return value


def gen(tag, n):
    for i in range(n):
        print(f"  {tag} yields {i}")
        yield f"{tag}{i}"


async def lists():
    print("list display")
    print("  ->", [await get(1), *gen("g", 2), await get(2), *await get([3, 4], "star")])
    print("  ->", [])
    print("  ->", [*await get((), "empty")])


async def tuples():
    print("tuple display")
    t = (await get("a"), *gen("h", 2), await get("b"))
    print("  ->", t)
    single = await get("only"),
    print("  ->", single)


async def sets():
    print("set display")
    s = {await get(3), *gen("s", 2), await get(3)}
    print("  ->", sorted(s, key=str))


class Key:
    def __init__(self, name):
        self.name = name

    def __hash__(self):
        print(f"  __hash__({self.name})")
        return hash(self.name)

    def __eq__(self, other):
        return isinstance(other, Key) and other.name == self.name

    def __repr__(self):
        return f"Key({self.name})"


async def dicts():
    print("dict display: key before value")
    d = {await get("k1"): await get("v1"), "k2": await get("v2"),
         **await get({"k3": 3}, "unpack"), await get("k1", "k1 again"): "override"}
    print("  ->", d)
    print("hashing happens when the entry is stored")
    d = {Key("a"): await get("va"), await get(Key("b"), "Key(b)"): await get("vb")}
    print("  ->", d)


async def unpack_errors():
    print("unpacking errors")
    try:
        [1, *await get(5, "not iterable")]
    except TypeError as e:
        print("  caught", describe(e))
    try:
        {**await get([1], "not mapping")}
    except TypeError as e:
        print("  caught", describe(e))
    try:
        {await get([], "unhashable"): 1}
    except TypeError as e:
        print("  caught", describe(e))


async def nested():
    print("nested displays")
    data = {"list": [await get(1), (await get(2), {await get(3)})],
            "dict": {await get("inner"): [*await get("ab", "str")]}}
    print("  ->", data)


async def main():
    for case in (lists, tuples, sets, dicts, unpack_errors, nested):
        await case()


asyncio.run(main())
