"""CPython's TypeErrors for `async with` over objects that are not async
context managers: plain objects, sync-only context managers, objects with
only __aenter__ or only __aexit__, and __aenter__/__aexit__ returning
non-awaitables (also while the body's exception propagates). Each is caught
and printed."""
import asyncio
from tracelib import describe, suspend


class Sync:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        pass


class OnlyAenter:
    async def __aenter__(self):
        return self


class OnlyAexit:
    async def __aexit__(self, *a):
        return False


class EnterNotAwaitable:
    def __aenter__(self):
        print("  __aenter__ returns 42")
        return 42

    async def __aexit__(self, *a):
        print("  __aexit__ (wrong)")


class ExitNotAwaitable:
    async def __aenter__(self):
        await suspend()
        print("  __aenter__ ok")
        return self

    def __aexit__(self, *a):
        print("  __aexit__ returns 'text'")
        return "text"


async def use(obj):
    async with obj:
        print("  body ran")
        await suspend()


async def main():
    for obj in (1, Sync(), OnlyAenter(), OnlyAexit(), EnterNotAwaitable(), ExitNotAwaitable()):
        print(type(obj).__name__)
        try:
            await use(obj)
        except TypeError as e:
            print("  TypeError:", e)
    print("ExitNotAwaitable while the body raises")
    try:
        async with ExitNotAwaitable():
            raise KeyError("body")
    except TypeError as e:
        print("  TypeError:", describe(e))


asyncio.run(main())
