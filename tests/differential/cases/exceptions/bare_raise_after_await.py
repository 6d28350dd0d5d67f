"""A bare `raise` inside a handler, after the handler has suspended (and after
other exceptions were raised and handled in between, also inside awaited
coroutines), re-raises the exception being handled with its original
identity; `raise` outside any handler is a RuntimeError."""
import asyncio
import sys
from tracelib import describe, suspend


async def handles_internally():
    try:
        raise KeyError("internal")
    except KeyError:
        await suspend()
    return "handled internally"


async def reraise_after_await():
    original = ValueError("original")
    try:
        try:
            raise original
        except ValueError:
            await suspend()
            await handles_internally()
            try:
                raise TypeError("nested and handled")
            except TypeError:
                await suspend()
            await suspend()
            raise
    except ValueError as e:
        print("  re-raised same object:", e is original, describe(e))


async def reraise_from_nested_handler():
    try:
        try:
            raise ValueError("outer")
        except ValueError:
            try:
                raise KeyError("inner")
            except KeyError:
                await suspend()
                raise
    except KeyError as e:
        print("  inner re-raised:", describe(e))


async def reraise_in_loop():
    errors = []
    for i in range(3):
        try:
            try:
                raise IndexError(i)
            except IndexError:
                await suspend()
                if i == 1:
                    raise
                errors.append(f"swallowed {i}")
        except IndexError as e:
            errors.append(f"re-raised {describe(e)}")
    print(" ", errors)


async def no_active_exception():
    try:
        await suspend()
        raise
    except RuntimeError as e:
        print("  caught", describe(e))


async def after_handler_finished():
    try:
        raise ValueError("done with this")
    except ValueError:
        await suspend()
    try:
        await suspend()
        raise
    except RuntimeError as e:
        print("  caught", describe(e))


async def bare_except_clause():
    try:
        raise KeyError("bare")
    except:  # noqa: E722 - a bare clause that awaits, then re-raises
        await suspend()
        print("  handling", describe(sys.exc_info()[1]))
        try:
            raise
        except KeyError as error:
            print("  re-raised", describe(error))
    try:
        raise ValueError("second")
    except KeyError:
        print("  wrong clause")
    except:  # noqa: E722
        await suspend()
        print("  bare after a typed clause", describe(sys.exc_info()[1]))


async def main():
    print("re-raise after awaits")
    await reraise_after_await()
    print("re-raise from a nested handler")
    await reraise_from_nested_handler()
    print("re-raise in a loop")
    await reraise_in_loop()
    print("bare raise with no active exception")
    await no_active_exception()
    print("bare raise after the handler finished")
    await after_handler_finished()
    print("a bare except clause that awaits")
    await bare_except_clause()


asyncio.run(main())
