"""while/else with awaits in the condition and the body: the condition is
re-evaluated (and re-awaited) each iteration, `else` runs only when the
condition becomes false (not after break), and state survives suspensions."""
import asyncio
from tracelib import suspend


class Counter:
    def __init__(self, limit):
        self.n, self.limit = 0, limit

    async def more(self):
        await suspend()
        ok = self.n < self.limit
        print(f"  condition n={self.n} -> {ok}")
        return ok


async def plain_loop():
    print("await in condition and body, else runs")
    c = Counter(3)
    total = 0
    while await c.more():
        await suspend()
        c.n += 1
        total += c.n
    else:
        print("  else, total", total)
    print("  after loop")


async def break_skips_else():
    print("break skips else")
    c = Counter(10)
    while await c.more():
        c.n += 1
        if c.n == 2:
            await suspend()
            print("  breaking")
            break
    else:
        print("  else (wrong)")
    print("  n", c.n)


async def continue_reevaluates():
    print("continue re-awaits the condition")
    c = Counter(4)
    while await c.more():
        c.n += 1
        if c.n % 2:
            await suspend()
            continue
        print("  even", c.n)
    else:
        print("  else")


async def never_runs():
    print("condition false at first")
    c = Counter(0)
    while await c.more():
        print("  never")
    else:
        await suspend()
        print("  else after zero iterations")


async def while_true_return():
    print("while True with return inside")
    i = 0
    while True:
        i += 1
        await suspend()
        if i == 3:
            return f"returned at {i}"


async def else_with_await_and_break_inside_nested():
    print("inner loop break does not affect outer else")
    outer = 0
    while outer < 2:
        outer += 1
        inner = 0
        while True:
            inner += 1
            await suspend()
            if inner == 2:
                break
        print("  outer", outer, "inner", inner)
    else:
        print("  outer else")


async def main():
    await plain_loop()
    await break_skips_else()
    await continue_reevaluates()
    await never_runs()
    print("  ->", await while_true_return())
    await else_with_await_and_break_inside_nested()


asyncio.run(main())
