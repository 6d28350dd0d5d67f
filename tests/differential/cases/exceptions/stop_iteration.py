"""PEP 479 for coroutines: StopIteration (or a subclass) escaping a coroutine
body becomes RuntimeError("coroutine raised StopIteration") with the original
as __cause__; StopIteration caught inside the coroutine is fine; StopAsyncIteration
escapes unchanged; next() on an exhausted iterator inside a coroutine is the
usual source."""
import asyncio
from tracelib import describe, drive, suspend


class MyStop(StopIteration):
    pass


async def raises_stop():
    await suspend()
    raise StopIteration("value inside")


async def raises_stop_before_await():
    raise StopIteration


async def exhausted_next():
    it = iter([1])
    first = next(it)
    await suspend()
    return first, next(it)


async def raises_subclass():
    await suspend()
    raise MyStop("subclass")


async def caught_inside():
    try:
        await suspend()
        next(iter([]))
    except StopIteration as e:
        return f"caught inside: {describe(e)}"


async def stop_async_iteration():
    await suspend()
    raise StopAsyncIteration("not converted")


async def awaits_a_stopper():
    try:
        await raises_stop()
    except RuntimeError as e:
        await suspend()
        return f"outer coroutine caught {describe(e)}"


async def return_value_like_stop():
    await suspend()
    return StopIteration("returned, not raised")


async def main():
    for case in (raises_stop, raises_stop_before_await, exhausted_next,
                 raises_subclass, caught_inside, stop_async_iteration,
                 awaits_a_stopper, return_value_like_stop):
        print(case.__name__)
        try:
            print("  ->", repr(await case()))
        except BaseException as e:
            print("  raised", describe(e))
    print("driven by hand")
    drive(raises_stop())
    drive(raises_stop_before_await())


asyncio.run(main())
