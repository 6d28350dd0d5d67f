"""Nested try statements with awaits in the inner and outer handlers: an
exception from an inner handler is caught by the outer handler; an inner
handler that swallows lets the outer try continue; handlers in both levels
suspend, and the state of both levels survives."""
import asyncio
from tracelib import describe, suspend


async def step(msg):
    print(" ", msg)
    await suspend()


async def inner_handler_raises():
    try:
        await step("outer try")
        try:
            await step("inner try")
            raise ValueError("inner problem")
        except ValueError as inner:
            await step(f"inner handler {describe(inner)}")
            raise KeyError("escalated")
        await step("never")
    except KeyError as outer:
        await step(f"outer handler {describe(outer)}")
        try:
            await step("try inside the outer handler")
            raise TypeError("third")
        except TypeError as third:
            await step(f"handler inside handler {describe(third)}")
        await step("outer handler continues")


async def inner_swallows():
    try:
        for i in range(2):
            try:
                await step(f"inner try {i}")
                raise IndexError(i)
            except IndexError as e:
                await step(f"swallowed {e!r}")
        await step("outer try continues after swallowing")
        raise OSError("later")
    except OSError as e:
        await step(f"outer caught {describe(e)}")


async def handler_in_finally_in_handler():
    try:
        raise ValueError("A")
    except ValueError:
        try:
            await step("inner try in handler")
        finally:
            try:
                raise KeyError("B")
            except KeyError as e:
                await step(f"handler inside finally: {describe(e)}")
        await step("back in the A handler")


async def exception_variable_per_level():
    try:
        raise ValueError("outer e")
    except ValueError as e:
        try:
            raise KeyError("inner e")
        except KeyError as e2:
            await suspend()
            print("  inner sees", repr(e), repr(e2))
        await suspend()
        print("  outer still sees", repr(e))


async def main():
    for case in (inner_handler_raises, inner_swallows, handler_in_finally_in_handler,
                 exception_variable_per_level):
        print(case.__name__)
        await case()


asyncio.run(main())
