"""Errors inside sync context managers around awaits: __enter__ raising (the
body and __exit__ do not run), __exit__ raising on normal exit, __exit__
raising while an exception propagates (the new error has the body's error as
__context__), and objects that are not context managers (CPython's TypeError
text, including the "(missed __exit__ method)" variant)."""
import asyncio
from tracelib import describe, suspend


class FailingEnter:
    def __enter__(self):
        print("  __enter__ raising")
        raise OSError("enter failed")

    def __exit__(self, *args):
        print("  __exit__ (wrong)")


class FailingExit:
    def __enter__(self):
        print("  __enter__")
        return self

    def __exit__(self, typ, val, tb):
        print(f"  __exit__ with {val!r}, raising")
        raise RuntimeError("exit failed")


class OnlyEnter:
    def __enter__(self):
        return self


class OnlyExit:
    def __exit__(self, *args):
        pass


async def enter_fails():
    with FailingEnter():
        print("  body (wrong)")
        await suspend()


async def exit_fails_normally():
    with FailingExit():
        await suspend()
        print("  body done")


async def exit_fails_during_exception():
    with FailingExit():
        await suspend()
        raise ValueError("body failed")


async def await_value(v):
    await suspend()
    return v


async def not_a_cm_awaited():
    with (await await_value(42)):
        print("  (wrong)")


async def missing_exit():
    with OnlyEnter():
        print("  (wrong)")


async def missing_enter():
    with OnlyExit():
        print("  (wrong)")


async def main():
    for case in (enter_fails, exit_fails_normally, exit_fails_during_exception,
                 not_a_cm_awaited, missing_exit, missing_enter):
        print(case.__name__)
        try:
            await case()
        except Exception as e:
            print("  raised", describe(e))


asyncio.run(main())
