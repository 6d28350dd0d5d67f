"""`async with` over context managers whose __aenter__/__aexit__ are compiled
`async def`s that suspend: order of aenter/body/aexit, the arguments given to
__aexit__ on normal exit and when the body raises, the `as` target receiving
the awaited __aenter__ result, and __aenter__/__aexit__ returning awaitables
that are not coroutines."""
import asyncio
from tracelib import describe, suspend


class ACM:
    def __init__(self, name):
        self.name = name

    async def __aenter__(self):
        print(f"  {self.name}.__aenter__ start")
        await suspend()
        print(f"  {self.name}.__aenter__ end")
        return f"{self.name}-resource"

    async def __aexit__(self, typ, val, tb):
        print(f"  {self.name}.__aexit__ start ({getattr(typ, '__name__', None)}, {val!r}, "
              f"tb={'yes' if tb is not None else None})")
        await suspend()
        print(f"  {self.name}.__aexit__ end")
        return False


class Step:
    def __init__(self, label, result):
        self.label, self.result = label, result

    def __await__(self):
        print(f"  {self.label} awaited")
        yield
        return self.result


class AwaitableReturning:
    """__aenter__/__aexit__ are plain methods returning custom awaitables."""

    def __aenter__(self):
        print("  plain __aenter__ called")
        return Step("enter-step", "custom-resource")

    def __aexit__(self, typ, val, tb):
        print("  plain __aexit__ called with", val)
        return Step("exit-step", False)


async def normal():
    async with ACM("n") as res:
        print("  body got", res)
        await suspend()
        print("  body end")
    print("  after")


async def raising():
    async with ACM("r"):
        await suspend()
        raise KeyError("body error")


async def nested():
    async with ACM("outer") as a:
        async with ACM("inner") as b:
            print("  body", a, b)
            await suspend()


async def custom_awaitables():
    async with AwaitableReturning() as res:
        print("  body got", res)
        await suspend()


async def no_as_target_value_ignored():
    async with ACM("anon"):
        await suspend()
    return "done"


async def main():
    for case in (normal, raising, nested, custom_awaitables, no_as_target_value_ignored):
        print(case.__name__)
        try:
            r = await case()
            if r is not None:
                print("  ->", r)
        except Exception as e:
            print("  raised", describe(e))


asyncio.run(main())
