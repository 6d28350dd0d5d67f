"""The `except ... as e` name is deleted at the end of the handler (even when
the handler suspended, returned through a finally, or the name existed
before); reading it afterwards raises UnboundLocalError, and closures over it
see it unbound. Saving it to another name keeps the exception alive."""
import asyncio
from tracelib import describe, suspend


async def unbound_after_handler():
    try:
        raise ValueError("v")
    except ValueError as e:
        await suspend()
        print("  inside:", describe(e))
    await suspend()
    try:
        print(e)
    except UnboundLocalError as err:
        print("  after:", describe(err))


async def preexisting_name_deleted():
    e = "existing value"
    try:
        raise KeyError("k")
    except KeyError as e:
        await suspend()
    try:
        print(e)
    except UnboundLocalError as err:
        print("  previous value gone too:", describe(err))


async def saved_copy_survives():
    saved = None
    try:
        raise OSError("kept")
    except OSError as e:
        await suspend()
        saved = e
    await suspend()
    print("  saved:", describe(saved))


async def closure_sees_deletion():
    try:
        raise TypeError("t")
    except TypeError as e:
        reader = lambda: e  # noqa: E731
        await suspend()
        print("  closure inside:", describe(reader()))
    try:
        reader()
    except NameError as err:
        print("  closure after:", type(err).__name__, err)


async def rebound_in_handler():
    try:
        raise ValueError("original")
    except ValueError as e:
        e = "rebound to a string"
        await suspend()
        print("  rebound:", e)
    try:
        e
    except UnboundLocalError as err:
        print("  still deleted:", describe(err))


async def handler_with_return():
    try:
        raise ValueError("r")
    except ValueError as e:
        await suspend()
        return f"returned while bound: {describe(e)}"


async def no_exception_no_binding():
    try:
        await suspend()
    except ValueError as e:
        pass
    try:
        e
    except UnboundLocalError as err:
        print("  never bound:", describe(err))


async def main():
    for case in (unbound_after_handler, preexisting_name_deleted, saved_copy_survives,
                 closure_sees_deletion, rebound_in_handler, no_exception_no_binding):
        print(case.__name__)
        await case()
    print("handler_with_return")
    print(" ", await handler_with_return())


asyncio.run(main())
