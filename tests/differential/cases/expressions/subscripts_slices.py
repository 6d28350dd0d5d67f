"""Await inside subscripts and slices: the container is evaluated before the
index, slice bounds are evaluated start, stop, step, and __getitem__ receives
the right key. Rebinding the container while suspended in the index must not
change which object is subscripted."""
import asyncio
from tracelib import describe, suspend


class Seq:
    def __init__(self, name):
        self.name = name

    def __getitem__(self, key):
        print(f"  {self.name}.__getitem__({key!r})")
        return f"{self.name}[{key!r}]"


async def get(value, tag=None):
    print("  eval", tag if tag is not None else repr(value))
    await suspend()
    return value


SEQ = Seq("first")


async def rebind_seq(value):
    global SEQ
    await suspend()
    SEQ = Seq("second")
    print("  SEQ rebound")
    return value


async def index():
    print("index")
    s = Seq("s")
    print("  ->", s[await get(1)])
    print("  ->", (await get(s, "container"))[await get("k")])
    print("  ->", s[await get(1), await get(2)])


async def container_first():
    global SEQ
    print("container read before index await")
    SEQ = Seq("first")
    print("  ->", SEQ[await rebind_seq(0)])
    print("  ->", SEQ[0])


async def slices():
    print("slices")
    s = Seq("s")
    print("  ->", s[await get(1, "start"):await get(5, "stop"):await get(2, "step")])
    print("  ->", s[:await get(3, "stop")])
    print("  ->", s[await get(1, "start"):, ::await get(-1, "step")])
    data = list(range(10))
    print("  ->", data[await get(2):await get(8):await get(3)])
    print("  ->", "abcdef"[await get(-3):])


async def nested():
    print("nested subscripts")
    table = {"a": {"b": [10, 20, 30]}}
    print("  ->", table[await get("a")][await get("b")][await get(-1)])
    grid = [[1, 2], [3, 4]]
    print("  ->", grid[await get(1)][await get(0)] + grid[0][await get(1)])


async def errors():
    print("lookup errors after awaits")
    try:
        [1, 2][await get(5)]
    except IndexError as e:
        print("  caught", describe(e))
    try:
        {"a": 1}[await get("b")]
    except KeyError as e:
        print("  caught", describe(e))
    try:
        (await get(5))[await get(0)]
    except TypeError as e:
        print("  caught", describe(e))
    try:
        [1][await get("x"):]
    except TypeError as e:
        print("  caught", describe(e))


class Cls:
    def __class_getitem__(cls, item):
        print("  __class_getitem__", item)
        return f"Cls[{item}]"


async def class_getitem():
    print("class subscription")
    print("  ->", Cls[await get("int")])
    print("  ->", list[await get(int, "int")])


async def main():
    for case in (index, container_first, slices, nested, errors, class_getitem):
        await case()


asyncio.run(main())
