"""Implicit exception chaining across suspensions: an exception raised after a
handler resumes gets the handled exception as __context__; exceptions raised
inside a coroutine awaited from a handler get it too; raising inside finally
chains to the propagating exception; and re-raising the handled exception
itself does not create a cycle."""
import asyncio
from tracelib import describe, suspend


async def raise_in_callee():
    await suspend()
    raise KeyError("from callee")


async def context_after_resume():
    try:
        try:
            raise ValueError("first")
        except ValueError:
            await suspend()
            raise TypeError("second")
    except TypeError as e:
        print("  ", describe(e))


async def context_in_awaited_coroutine():
    try:
        try:
            raise ValueError("handled by caller")
        except ValueError:
            await raise_in_callee()
    except KeyError as e:
        print("  ", describe(e))


async def context_three_deep():
    try:
        try:
            raise OSError("a")
        except OSError:
            await suspend()
            try:
                raise ValueError("b")
            except ValueError:
                await suspend()
                raise KeyError("c")
    except KeyError as e:
        print("  ", describe(e))


async def context_in_finally():
    try:
        try:
            raise ValueError("propagating")
        finally:
            await suspend()
            raise RuntimeError("from finally")
    except RuntimeError as e:
        print("  ", describe(e))


async def raise_handled_again():
    err = ValueError("same")
    try:
        try:
            raise err
        except ValueError as e:
            await suspend()
            raise e
    except ValueError as e:
        print("  ", describe(e), "context is None:", e.__context__ is None)


async def no_context_outside_handler():
    try:
        raise ValueError("handled")
    except ValueError:
        pass
    await suspend()
    try:
        raise KeyError("fresh")
    except KeyError as e:
        print("  ", describe(e))


async def stored_exception_context():
    saved = None
    try:
        raise ValueError("saved")
    except ValueError as e:
        saved = e
    await suspend()
    try:
        try:
            raise KeyError("handling")
        except KeyError:
            await suspend()
            raise saved
    except ValueError as e:
        print("  ", describe(e))


async def main():
    for case in (context_after_resume, context_in_awaited_coroutine,
                 context_three_deep, context_in_finally, raise_handled_again,
                 no_context_outside_handler, stored_exception_context):
        print(case.__name__)
        await case()


asyncio.run(main())
