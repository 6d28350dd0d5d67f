"""return/break/continue inside an `async with` body: __aexit__(None, None,
None) is awaited exactly once before the jump completes, the returned value is
computed before __aexit__ runs, and a finally outside the async with runs
after __aexit__. Also an __aexit__ that suppresses a `return`-less exception
inside a loop."""
import asyncio
from tracelib import suspend


class ACM:
    def __init__(self, name):
        self.name = name

    async def __aenter__(self):
        await suspend()
        print(f"  enter {self.name}")
        return self.name

    async def __aexit__(self, typ, val, tb):
        print(f"  exit {self.name} start {typ, val, tb}")
        await suspend()
        print(f"  exit {self.name} end")


def value(v):
    print("  computing", v)
    return v


async def return_inside():
    try:
        async with ACM("ret"):
            await suspend()
            return value("returned")
    finally:
        print("  outer finally")


async def break_and_continue():
    for i in range(4):
        async with ACM(f"loop{i}"):
            await suspend()
            if i == 0:
                continue
            if i == 2:
                break
            print("  body end", i)
    print("  after loop")


async def while_loop_jumps():
    n = 0
    while True:
        n += 1
        async with ACM(f"w{n}"):
            if n < 3:
                continue
            return value(f"stop at {n}")


async def return_from_nested():
    async with ACM("outer"):
        async with ACM("inner"):
            await suspend()
            return value("nested return")


async def return_await_inside():
    async with ACM("await-return"):
        return await compute()


async def compute():
    print("  compute start")
    await suspend()
    print("  compute end")
    return "computed"


async def main():
    for case in (return_inside, break_and_continue, while_loop_jumps,
                 return_from_nested, return_await_inside):
        print(case.__name__)
        r = await case()
        if r is not None:
            print("  ->", r)


asyncio.run(main())
