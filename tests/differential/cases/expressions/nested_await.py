"""Nested awaits: `await (await x)`, awaiting coroutines returned by
coroutines, awaiting custom awaitables whose __await__ yields several times,
and deep chains where the driver's sent values reach the innermost yield."""
import asyncio
from tracelib import drive, suspend


class Awaitable:
    def __init__(self, name, steps, result):
        self.name, self.steps, self.result = name, steps, result

    def __await__(self):
        print(f"  {self.name}.__await__")
        for i in range(self.steps):
            got = yield
            print(f"  {self.name} resumed {i} got {got!r}")
        return self.result


async def leaf(value):
    print("  leaf", value)
    await suspend()
    return value


async def returns_coroutine(v):
    print("  returns_coroutine", v)
    await suspend()
    return leaf(v * 2)


async def double_await():
    print("await (await x)")
    r = await (await returns_coroutine(3))
    print("  ->", r)
    r = await await_returner()
    print("  ->", r)


async def await_returner():
    return await (await returns_coroutine(5))


async def awaitable_chain():
    print("await awaitable returning awaitable")
    inner = Awaitable("inner", 1, "innermost")
    outer = Awaitable("outer", 2, inner)
    print("  ->", await (await outer))


async def level(n, log):
    if n == 0:
        got = await suspend(f"depth-yield")
        log.append(got)
        return got
    log.append(f"enter {n}")
    r = await level(n - 1, log)
    log.append(f"exit {n}")
    return f"{n}({r})"


async def in_expression():
    print("several nested awaits in one expression")
    r = [await (await returns_coroutine(1)), await leaf(await leaf(await leaf(2)))]
    print("  ->", r)


def by_hand():
    print("by hand: sent values reach the innermost yield")
    log = []
    drive(level(3, log), sends=["sent-value"])
    print("  log", log)

    async def main_like():
        a = await Awaitable("A", 2, "ra")
        b = await Awaitable("B", 1, "rb")
        return a + b

    drive(main_like(), sends=["s1", "s2", "s3"])


async def main():
    for case in (double_await, awaitable_chain, in_expression):
        await case()


by_hand()
asyncio.run(main())
