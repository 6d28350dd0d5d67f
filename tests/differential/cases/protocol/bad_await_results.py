"""Custom __await__ implementations that break the protocol: returning a
coroutine ("__await__() returned a coroutine"), returning a non-iterator
("__await__() returned non-iterator of type ..."), raising inside __await__,
returning an iterator that raises on the first next(), and an iterator that
yields values straight to the driver (seen when driving by hand)."""
from tracelib import describe, drive, suspend


async def a_coroutine():
    return "inner"


class ReturnsCoroutine:
    def __await__(self):
        self.coro = a_coroutine()
        return self.coro


class ReturnsList:
    def __await__(self):
        return [1, 2]


class ReturnsInt:
    def __await__(self):
        return 7


class Raises:
    def __await__(self):
        raise LookupError("__await__ itself failed")


class FailingIterator:
    def __iter__(self):
        return self

    def __next__(self):
        raise ValueError("first next() failed")


class ReturnsFailingIterator:
    def __await__(self):
        return FailingIterator()


class YieldsValues:
    def __await__(self):
        got = yield "to the driver 1"
        got2 = yield f"to the driver 2 (got {got!r})"
        return f"done after {got2!r}"


async def attempt(label, obj):
    try:
        result = await obj
        print(f"  {label}: -> {result!r}")
    except Exception as e:
        print(f"  {label}: {describe(e)}")
    finally:
        if isinstance(obj, ReturnsCoroutine) and hasattr(obj, "coro"):
            obj.coro.close()


async def all_cases():
    for label, obj in (("returns coroutine", ReturnsCoroutine()), ("returns list", ReturnsList()),
                       ("returns int", ReturnsInt()), ("raises", Raises()),
                       ("failing iterator", ReturnsFailingIterator())):
        await attempt(label, obj)
    return await YieldsValues()


def main():
    drive(all_cases(), sends=["s1", "s2"])


main()
