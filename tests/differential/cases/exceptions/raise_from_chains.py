"""Explicit chaining with `raise ... from ...` across suspensions: the cause
is set and __suppress_context__ is True, the implicit context is still
recorded, `from None` hides it, causes may be exception classes (instantiated),
and chains spanning several coroutines are preserved."""
import asyncio
from tracelib import describe, suspend


async def low():
    await suspend()
    raise OSError("disk")


async def mid():
    try:
        await low()
    except OSError as e:
        await suspend()
        raise LookupError("lookup failed") from e


async def high():
    try:
        await mid()
    except LookupError as e:
        await suspend()
        raise RuntimeError("request failed") from e


async def chain_across_coroutines():
    try:
        await high()
    except RuntimeError as e:
        print("  ", describe(e))
        print("   suppress flags:", e.__suppress_context__, e.__cause__.__suppress_context__)


async def cause_differs_from_context():
    try:
        try:
            raise ValueError("context")
        except ValueError:
            await suspend()
            raise KeyError("raised") from TypeError("unrelated cause")
    except KeyError as e:
        print("  ", describe(e))
        print("   context kept:", describe(e.__context__))


async def from_none():
    try:
        try:
            raise ValueError("hidden")
        except ValueError:
            await suspend()
            raise KeyError("clean") from None
    except KeyError as e:
        print("  ", describe(e), "cause:", e.__cause__)


async def from_class():
    try:
        await suspend()
        raise ValueError("with class cause") from IndexError
    except ValueError as e:
        print("  ", describe(e), type(e.__cause__).__name__)


async def from_outside_handler():
    cause = ZeroDivisionError("stored")
    await suspend()
    try:
        raise ArithmeticError("explicit") from cause
    except ArithmeticError as e:
        print("  ", describe(e))


async def main():
    for case in (chain_across_coroutines, cause_differs_from_context, from_none,
                 from_class, from_outside_handler):
        print(case.__name__)
        await case()


asyncio.run(main())
