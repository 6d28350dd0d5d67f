"""Parameters of coroutine functions: defaults and keyword-only defaults
evaluated once at definition time (a mutable default shared across calls and
mutated across suspensions), positional-only parameters, *args/**kwargs
captured before the first suspension, parameters rebound inside the body,
and CPython's TypeErrors for bad calls (raised at call time, before any
coroutine object exists, with the function's qualname)."""
import asyncio
from tracelib import describe, suspend

evaluations = []


def default(tag, value):
    evaluations.append(tag)
    return value


async def with_defaults(a, b=default("b", 2), *, c=default("c", 3), d):
    await suspend()
    return a, b, c, d


async def shared_mutable(item, bucket=[]):  # noqa: B006
    await suspend()
    bucket.append(item)
    return list(bucket)


async def positional_only(x, y, /, z=0, *args, key="k", **kwargs):
    await suspend()
    return x, y, z, args, key, sorted(kwargs.items())


async def rebinds(a, *args, **kwargs):
    a = a * 2
    args = args + ("extra",)
    await suspend()
    kwargs["added"] = True
    return a, args, sorted(kwargs)


async def argument_objects_identity(lst, dct):
    await suspend()
    lst.append("appended by coroutine")
    dct["k"] = "set by coroutine"


class Namespace:
    async def method(self, a, /, b, *, c):
        await suspend()
        return a, b, c


async def main():
    print("definitions evaluated defaults:", evaluations)
    print(await with_defaults(1, d=4), await with_defaults(1, 20, c=30, d=40))
    print("after calls:", evaluations)
    print(await shared_mutable("x"), await shared_mutable("y"), await shared_mutable("z", []))
    print(await positional_only(1, 2, 3, 4, 5, key="K", extra=1, x=9))
    print(await rebinds(1, 2, 3, k=1))
    lst, dct = [], {}
    await argument_objects_identity(lst, dct)
    print("caller sees", lst, dct)
    print(await Namespace().method(1, b=2, c=3))

    bad_calls = [
        lambda: with_defaults(),
        lambda: with_defaults(1),
        lambda: with_defaults(1, 2, 3, d=4),
        lambda: with_defaults(1, d=4, e=5),
        lambda: with_defaults(1, a=1, d=4),
        lambda: positional_only(x=1, y=2),
        lambda: Namespace().method(1, 2, 3),
        lambda: Namespace().method(1, c=3),
    ]
    for call in bad_calls:
        try:
            coro = call()
        except TypeError as e:
            print("TypeError:", e)
        else:
            coro.close()
            print("no error (wrong)")


asyncio.run(main())
