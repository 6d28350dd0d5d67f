"""Awaiting things that are not awaitable: ints, None, strings, lists, plain
generators (not marked with types.coroutine), objects whose __await__ is
None and classes (awaiting the class itself). Each TypeError is caught inside the coroutine and
printed; the coroutine continues normally afterwards. Also awaiting a
types.coroutine generator and a generator-based awaitable works."""
import asyncio
import types
from tracelib import describe, suspend


def plain_gen():
    yield


@types.coroutine
def marked_gen():
    value = yield
    return f"marked generator resumed with {value!r}"


class AwaitNone:
    __await__ = None


class HasAwait:
    def __await__(self):
        yield
        return "HasAwait result"


async def try_await(label, obj):
    try:
        result = await obj
        print(f"  {label}: awaited -> {result!r}")
    except TypeError as e:
        print(f"  {label}: {describe(e)}")


async def main():
    gen = plain_gen()
    cases = [("int", 1), ("None", None), ("str", "text"), ("list", [1]),
             ("plain generator", gen), ("__await__ is None", AwaitNone()),
             ("class with __await__", HasAwait),
             ("marked generator", marked_gen()), ("HasAwait instance", HasAwait())]
    for label, obj in cases:
        await try_await(label, obj)
    gen.close()
    await suspend()
    print("  coroutine continues after the errors")
    print("  await in an expression after errors:", 1 + await asyncio.sleep(0, 41))


asyncio.run(main())
