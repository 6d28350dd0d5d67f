"""match guards containing awaits: guards run in order, a guard that fails
still leaves the names its pattern bound (CPython binds before testing the
guard), later cases are tried after a failed guard, and the guard's __bool__
is called once."""
import asyncio
from tracelib import describe, suspend


class Verdict:
    def __init__(self, name, value):
        self.name, self.value = name, value

    def __bool__(self):
        print(f"  bool({self.name}) -> {self.value}")
        return self.value


async def check(name, value):
    print("  guard", name)
    await suspend()
    return Verdict(name, value)


async def guards(point):
    match point:
        case (x, y) if await check(f"x>y {x},{y}", x > y):
            return f"x>y with {x},{y}"
        case (x, 0) if await check("y==0", True):
            return f"on x axis at {x}"
        case (a, b) if await check("a+b even", (a + b) % 2 == 0):
            await suspend()
            return f"even sum {a}+{b}"
        case _:
            return "other"


async def failed_guard_leaves_bindings():
    print("failed guard leaves names bound")
    match (3, 4):
        case (p, q) if await check("fail", False):
            print("  never")
        case _:
            await suspend()
            print("  fallback sees p, q =", p, q)


async def guard_raises():
    print("guard raising an exception")

    async def boom():
        await suspend()
        raise LookupError("guard failed loudly")

    try:
        match 1:
            case n if await boom():
                print("  never")
    except LookupError as e:
        print("  caught", describe(e), "n =", n)


async def guard_with_walrus():
    print("walrus inside a guard")
    match [1, 2, 3]:
        case [*items] if (total := sum(items) + (await check("walrus", True)).value) > 5:
            print("  items", items, "total", total)


async def guards_in_loop():
    print("guards in a loop with continue/break")
    seen = []
    for item in [(1, "a"), (2, "b"), (3, "stop"), (4, "d")]:
        match item:
            case (n, s) if s == "stop" and await check("stop?", True):
                break
            case (n, s) if n % 2 and await check(f"odd {n}", True):
                seen.append(f"odd:{s}")
                continue
            case (n, s):
                await suspend()
                seen.append(f"even:{s}")
    print("  seen", seen)


async def main():
    for p in ((5, 1), (3, 0), (0, 0), (1, 3), (1, 2)):
        print("point", p)
        print("  ->", await guards(p))
    await failed_guard_leaves_bindings()
    await guard_raises()
    await guard_with_walrus()
    await guards_in_loop()


asyncio.run(main())
