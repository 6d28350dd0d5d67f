"""`with A() as a, B() as b:` and parenthesized multi-item with statements
mixing sync and (in `async with`) async managers: managers enter left to
right, exit right to left; a failing second __enter__ still exits the first;
an exception suppressed by the inner manager is invisible to the outer one;
context expressions containing awaits are evaluated in order, each just
before its own __enter__."""
import asyncio
from tracelib import describe, suspend


class CM:
    def __init__(self, name, fail_enter=False, suppress=False):
        self.name, self.fail_enter, self.suppress = name, fail_enter, suppress

    def __enter__(self):
        print(f"  enter {self.name}")
        if self.fail_enter:
            raise OSError(f"{self.name} enter failed")
        return self.name

    def __exit__(self, typ, val, tb):
        print(f"  exit {self.name} ({val!r})")
        return self.suppress


class ACM(CM):
    async def __aenter__(self):
        await suspend()
        return self.__enter__()

    async def __aexit__(self, typ, val, tb):
        await suspend()
        return self.__exit__(typ, val, tb)


async def make(name, **kw):
    print(f"  evaluate {name}")
    await suspend()
    return CM(name, **kw)


async def amake(name, **kw):
    print(f"  evaluate {name}")
    await suspend()
    return ACM(name, **kw)


async def order():
    with await make("a") as a, await make("b") as b, await make("c") as c:
        await suspend()
        print("  body", a, b, c)


async def parenthesized():
    with (
        await make("p1") as x,
        await make("p2"),
    ):
        await suspend()
        print("  body", x)


async def second_enter_fails():
    with await make("first"), await make("second", fail_enter=True), await make("third"):
        print("  body (wrong)")


async def inner_suppresses():
    with await make("outer"), await make("inner", suppress=True):
        await suspend()
        raise KeyError("suppressed by inner")
    print("  after: outer saw no exception")


async def async_multiple():
    async with await amake("x") as x, await amake("y") as y:
        await suspend()
        print("  async body", x, y)
        raise ValueError("from async body")


async def async_second_enter_fails():
    async with await amake("one"), await amake("two", fail_enter=True):
        print("  body (wrong)")


async def main():
    for case in (order, parenthesized, second_enter_fails, inner_suppresses,
                 async_multiple, async_second_enter_fails):
        print(case.__name__)
        try:
            await case()
        except Exception as e:
            print("  raised", describe(e))


asyncio.run(main())
