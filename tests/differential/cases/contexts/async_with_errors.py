"""Errors in async context managers: __aenter__ raising before or after its
own suspension (body and __aexit__ skipped), __aexit__ raising on normal exit
and while an exception propagates (chained as __context__), __aexit__ raising
after suppressing, and an exception from the body reaching an outer handler
only after __aexit__ finished awaiting."""
import asyncio
from tracelib import describe, exc_info, suspend


class ACM:
    def __init__(self, enter_fail=None, exit_fail=None, suspend_first=True):
        self.enter_fail, self.exit_fail = enter_fail, exit_fail
        self.suspend_first = suspend_first

    async def __aenter__(self):
        if self.suspend_first:
            await suspend()
        print("  __aenter__")
        if self.enter_fail:
            raise self.enter_fail
        return self

    async def __aexit__(self, typ, val, tb):
        print(f"  __aexit__ ({val!r}); exc_info: {exc_info()}")
        await suspend()
        if self.exit_fail:
            raise self.exit_fail
        print("  __aexit__ done")
        return False


async def enter_fails(suspend_first):
    async with ACM(enter_fail=OSError("enter"), suspend_first=suspend_first):
        print("  body (wrong)")


async def exit_fails_normal():
    async with ACM(exit_fail=RuntimeError("exit")):
        await suspend()
        print("  body finished")


async def exit_fails_during_exception():
    async with ACM(exit_fail=RuntimeError("exit")):
        await suspend()
        raise ValueError("body")


async def exit_fails_in_handler():
    try:
        raise KeyError("outer handled")
    except KeyError:
        async with ACM(exit_fail=RuntimeError("exit inside handler")):
            await suspend()


async def body_error_after_exit():
    try:
        async with ACM():
            await suspend()
            raise IndexError("body")
    except IndexError as e:
        print("  handler runs after __aexit__ finished:", describe(e))


async def main():
    for case in (lambda: enter_fails(True), lambda: enter_fails(False), exit_fails_normal,
                 exit_fails_during_exception, exit_fails_in_handler, body_error_after_exit):
        print("case")
        try:
            await case()
        except Exception as e:
            print("  raised", describe(e))


asyncio.run(main())
