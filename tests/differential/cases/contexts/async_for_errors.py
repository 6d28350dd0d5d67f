"""Errors around `async for`: an exception from __anext__ that is not
StopAsyncIteration propagates out of the loop (the `else` does not run and
the target keeps its last value), exceptions from the body propagate without
touching the iterator, StopAsyncIteration raised in the *body* is an ordinary
exception, and StopIteration from __anext__ becomes a RuntimeError because
__anext__ is itself a coroutine."""
import asyncio
from tracelib import describe, suspend


class Faulty:
    def __init__(self, fail_at, exc):
        self.i, self.fail_at, self.exc = 0, fail_at, exc

    def __aiter__(self):
        return self

    async def __anext__(self):
        await suspend()
        self.i += 1
        if self.i == self.fail_at:
            print("  __anext__ raising", repr(self.exc))
            raise self.exc
        print("  __anext__ ->", self.i)
        return self.i


async def anext_raises():
    v = None
    try:
        async for v in Faulty(3, ValueError("anext failed")):
            await suspend()
        else:
            print("  else (wrong)")
    except ValueError as e:
        print("  caught", describe(e), "v =", v)


async def body_raises():
    it = Faulty(100, None)
    try:
        async for v in it:
            if v == 2:
                raise KeyError("body failed")
    except KeyError as e:
        print("  caught", describe(e), "iterator position", it.i)


async def stop_async_iteration_in_body():
    try:
        async for v in Faulty(100, None):
            await suspend()
            raise StopAsyncIteration("raised in body")
    except StopAsyncIteration as e:
        print("  body StopAsyncIteration propagates:", describe(e))


async def stop_iteration_from_anext():
    try:
        async for v in Faulty(2, StopIteration("wrong protocol")):
            pass
    except RuntimeError as e:
        print("  caught", describe(e))


async def handler_inside_loop():
    results = []
    async for v in Faulty(100, None):
        try:
            if v % 2:
                raise ValueError(v)
            results.append(v)
        except ValueError as e:
            await suspend()
            results.append(f"handled {e}")
        if v >= 4:
            break
    return results


async def main():
    for case in (anext_raises, body_raises, stop_async_iteration_in_body,
                 stop_iteration_from_anext, handler_inside_loop):
        print(case.__name__)
        r = await case()
        if r is not None:
            print("  ->", r)


asyncio.run(main())
