"""Sync `with` statements whose bodies suspend: __enter__ runs before the
body, __exit__ runs once with (None, None, None) on normal exit, and with the
exception type/value (traceback presence only) when the body raises after
resuming; the `as` target receives __enter__'s return value; return/break/
continue out of the body call __exit__ before leaving."""
import asyncio
from tracelib import describe, suspend


class CM:
    def __init__(self, name, suppress=False):
        self.name, self.suppress = name, suppress

    def __enter__(self):
        print(f"  {self.name}.__enter__")
        return f"{self.name}-value"

    def __exit__(self, typ, val, tb):
        print(f"  {self.name}.__exit__({getattr(typ, '__name__', typ)}, {val!r}, "
              f"tb={'yes' if tb is not None else None})")
        return self.suppress


async def normal_exit():
    with CM("a") as v:
        print("  body got", v)
        await suspend()
        print("  body resumed")
    print("  after with")


async def exception_exit():
    try:
        with CM("b"):
            await suspend()
            raise ValueError("in body")
    except ValueError as e:
        print("  propagated", describe(e))


async def return_exit():
    with CM("c"):
        await suspend()
        return "returned from body"


async def loop_exits():
    for i in range(3):
        with CM(f"loop{i}"):
            await suspend()
            if i == 0:
                continue
            if i == 1:
                print("  breaking")
                break
            print("  never")


async def nested():
    with CM("outer") as o:
        await suspend()
        with CM("inner") as i:
            await suspend()
            print("  both", o, i)
        await suspend()
        print("  inner exited")


async def as_targets():
    class Holder:
        pass

    h = Holder()
    d = {}
    with CM("attr") as h.value, CM("item") as d["key"]:
        await suspend()
    print("  targets", h.value, d)
    with CM("tuple") as (first, *rest):
        await suspend()
    print("  unpacked", first, rest)


async def enter_and_exit_lookup_before_enter():
    class Weird:
        def __enter__(self):
            print("  Weird.__enter__ (replaces __exit__ on the class)")
            Weird.__exit__ = lambda *a: print("  replaced __exit__ (wrong)")
            return self

        def __exit__(self, *args):
            print("  original __exit__ called")

    with Weird():
        await suspend()


async def main():
    for case in (normal_exit, exception_exit, return_exit, loop_exits, nested,
                 as_targets, enter_and_exit_lookup_before_enter):
        print(case.__name__)
        r = await case()
        if r is not None:
            print("  ->", r)


asyncio.run(main())
