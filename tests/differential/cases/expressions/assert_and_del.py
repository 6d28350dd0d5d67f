"""`assert await x, await msg()` (the message is only evaluated on failure),
and `del` of subscripts, slices, attributes and names with awaited keys,
including the error messages for deleting missing things."""
import asyncio
from tracelib import describe, suspend


async def get(value, tag=None):
    print("  eval", tag if tag is not None else repr(value))
    await suspend()
    return value


async def asserts():
    print("assert passing: message not evaluated")
    assert await get(True, "cond"), await get("never", "message")
    print("assert failing: message evaluated after the condition")
    try:
        assert await get(0, "cond"), await get("the message", "message")
    except AssertionError as e:
        print("  caught", describe(e))
    print("assert failing without a message")
    try:
        assert await get([], "cond")
    except AssertionError as e:
        print("  caught", describe(e))
    print("assert message is an arbitrary object")
    try:
        assert await get(None, "cond"), await get({"k": 1}, "dict")
    except AssertionError as e:
        print("  caught", describe(e))


class Store:
    def __init__(self):
        self.data = {}

    def __delitem__(self, key):
        print(f"  __delitem__({key!r})")
        if key == "missing":
            raise KeyError(key)

    def __delattr__(self, name):
        print(f"  __delattr__({name!r})")
        object.__delattr__(self, name)


def container(name, value):
    print("  container", name)
    return value


async def deletions():
    print("del obj[await k()]")
    s = Store()
    del container("s", s)[await get("key")]
    del s[await get(1), await get(2)]
    del s[await get(0):await get(5)]
    print("del of several targets, left to right")
    data = [0, 1, 2, 3, 4, 5]
    d = {"a": 1, "b": 2}
    del data[await get(0)], d[await get("a")], data[await get(-1)]
    print("  ", data, d)
    print("del attribute after await")
    s.attr = 1
    await suspend()
    del s.attr
    print("  has attr", hasattr(s, "attr"))


async def deletion_errors():
    print("deletion errors")
    s = Store()
    try:
        del s[await get("missing")]
    except KeyError as e:
        print("  caught", describe(e))
    try:
        del [1][await get(3)]
    except IndexError as e:
        print("  caught", describe(e))
    try:
        del (await get((1, 2), "tuple"))[0]
    except TypeError as e:
        print("  caught", describe(e))
    try:
        del s.never_set
    except AttributeError as e:
        print("  caught", describe(e))


async def del_names():
    print("del local names around suspensions")
    a, b = 1, 2
    await suspend()
    del a
    await suspend()
    try:
        print(a)
    except UnboundLocalError as e:
        print("  caught", describe(e))
    a = "rebound"
    await suspend()
    print("  a", a, "b", b)
    try:
        del a, c  # noqa: F821
    except UnboundLocalError as e:
        print("  caught", describe(e))
    try:
        print(a)
    except UnboundLocalError as e:
        print("  a deleted before the failing del:", describe(e))


async def main():
    for case in (asserts, deletions, deletion_errors, del_names):
        await case()


asyncio.run(main())
