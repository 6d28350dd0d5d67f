"""Exceptions raised from a `finally` (after it awaited) replace the original
exception, which becomes the new one's __context__; exceptions from an
`except` handler propagate after the finally; an exception raised inside an
awaited coroutine during finally does the same; and a handler inside the
finally can catch its own error and let the original continue."""
import asyncio
from tracelib import describe, exc_info, suspend


async def failing_cleanup():
    await suspend()
    raise OSError("cleanup failed")


async def replaces_original():
    try:
        await suspend()
        raise ValueError("original")
    finally:
        await suspend()
        raise KeyError("from finally")


async def replaces_via_callee():
    try:
        raise ValueError("original")
    finally:
        await failing_cleanup()


async def replaces_return():
    try:
        return "lost"
    finally:
        await suspend()
        raise RuntimeError("finally replaced a return")


async def handler_error_then_finally():
    try:
        raise ValueError("first")
    except ValueError:
        await suspend()
        raise TypeError("from handler")
    finally:
        await suspend()
        print("  finally sees:", exc_info())


async def finally_handles_own_error():
    try:
        raise ValueError("original continues")
    finally:
        try:
            await failing_cleanup()
        except OSError as e:
            print("  finally handled", describe(e))
        await suspend()
        print("  exc_info restored:", exc_info())


async def main():
    for case in (replaces_original, replaces_via_callee, replaces_return,
                 handler_error_then_finally, finally_handles_own_error):
        print(case.__name__)
        try:
            print("  ->", await case())
        except Exception as e:
            print("  raised", describe(e))


asyncio.run(main())
