"""Exception objects mutated across suspensions: add_note() in several
handlers up the await chain, custom attributes set before and read after
awaits, args and with_traceback identity, and __traceback__ being present on
a caught exception (only its presence is printed)."""
import asyncio
from tracelib import describe, suspend


class AppError(Exception):
    def __init__(self, code, *args):
        super().__init__(*args)
        self.code = code


async def inner():
    await suspend()
    err = AppError(404, "not found")
    err.where = "inner"
    raise err


async def middle():
    try:
        await inner()
    except AppError as e:
        e.add_note("noted in middle")
        await suspend()
        e.where += " > middle"
        raise


async def outer():
    try:
        await middle()
    except AppError as e:
        await suspend()
        e.add_note("noted in outer")
        raise e


async def main():
    try:
        await outer()
    except AppError as e:
        print("error", describe(e), "code", e.code, "where", e.where)
        print("notes", e.__notes__)
        print("has traceback", e.__traceback__ is not None)
        same = e.with_traceback(None)
        print("with_traceback returns self", same is e, e.__traceback__ is None)
    try:
        try:
            raise AppError(500, "a", "b")
        except AppError as e:
            await suspend()
            e.args = ("replaced",)
            raise
    except AppError as e:
        print("args replaced", describe(e), e.code)


asyncio.run(main())
