"""try/except with awaits in the try body and in every except clause:
exceptions raised before, between and after suspensions; the first matching
clause wins; tuples of types; unmatched exceptions propagate to the caller's
handler; handlers run after a suspension still see the right exception."""
import asyncio
from tracelib import describe, suspend


async def step(msg):
    print(" ", msg)
    await suspend()


async def raiser(kind):
    await step(f"about to raise {kind.__name__}")
    raise kind(f"{kind.__name__} payload")


async def dispatch(kind):
    try:
        await step("try start")
        await raiser(kind)
        await step("never here")
    except KeyError as e:
        await step("KeyError handler")
        return f"key: {describe(e)}"
    except (ValueError, TypeError) as e:
        await step("Value/Type handler")
        await step(f"still handling {type(e).__name__}")
        return f"value-or-type: {describe(e)}"
    except LookupError as e:
        await step("LookupError handler (IndexError is a LookupError)")
        return f"lookup: {describe(e)}"
    except Exception:
        await step("generic handler")
        return "generic"


async def propagates():
    try:
        await dispatch(ZeroDivisionError)
    except ZeroDivisionError as e:
        return "never: ZeroDivisionError is an Exception"
    return "ok"


async def unmatched():
    try:
        try:
            await raiser(OSError)
        except ValueError:
            print("  wrong handler")
        print("  never after unmatched")
    except OSError as e:
        await step("outer handler caught it")
        return describe(e)


async def raise_before_first_await():
    try:
        raise RuntimeError("before any await")
    except RuntimeError as e:
        await step("handler suspends")
        return describe(e)


async def exception_after_handler_await():
    try:
        await raiser(ValueError)
    except ValueError:
        await step("handler suspends, then a new error")
        return int("not a number")


async def main():
    for kind in (KeyError, ValueError, TypeError, IndexError, ZeroDivisionError):
        print("dispatch", kind.__name__)
        print("  ->", await dispatch(kind))
    print("propagates ->", await propagates())
    print("unmatched ->", await unmatched())
    print("before first await ->", await raise_before_first_await())
    try:
        await exception_after_handler_await()
    except ValueError as e:
        print("after handler await ->", describe(e))


asyncio.run(main())
