"""try/except/else/finally with awaits in every clause: `else` runs only when
the try body completed, exceptions from `else` are not caught by the sibling
handlers, `finally` always runs last (also when an exception propagates), and
the order of all steps is logged."""
import asyncio
from tracelib import describe, suspend


async def step(msg):
    print(" ", msg)
    await suspend()


async def full(mode):
    try:
        await step("try")
        if mode == "raise in try":
            raise ValueError("try")
    except ValueError as e:
        await step(f"except {describe(e)}")
        if mode == "raise in try":
            await step("except finishing")
    else:
        await step("else")
        if mode == "raise in else":
            raise ValueError("from else")
    finally:
        await step("finally")
    await step("after the statement")
    return mode


async def finally_only(fail):
    try:
        await step("body")
        if fail:
            raise KeyError("escapes")
        return "body result"
    finally:
        await step("finally runs either way")


async def nested_finally_order():
    try:
        try:
            await step("inner body")
            raise OSError("deep")
        finally:
            await step("inner finally")
    except OSError as e:
        await step(f"outer handler {describe(e)}")
    finally:
        await step("outer finally")


async def else_return_finally():
    try:
        await step("body")
    except Exception:
        await step("never")
    else:
        await step("else returns")
        return "from else"
    finally:
        await step("finally after else return")
    return "not reached"


async def main():
    for mode in ("ok", "raise in try", "raise in else"):
        print("mode", mode)
        try:
            print("  ->", await full(mode))
        except ValueError as e:
            print("  propagated", describe(e))
    for fail in (False, True):
        print("finally_only", fail)
        try:
            print("  ->", await finally_only(fail))
        except KeyError as e:
            print("  propagated", describe(e))
    print("nested finally order")
    await nested_finally_order()
    print("else return")
    print("  ->", await else_return_finally())


asyncio.run(main())
