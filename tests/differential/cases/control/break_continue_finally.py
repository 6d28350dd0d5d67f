"""break/continue/return that leave try/finally blocks inside loops: every
finally on the way out runs (and may itself await), in innermost-first order,
and the loop continues or stops as requested afterwards."""
import asyncio
from tracelib import suspend


async def step(msg):
    print(" ", msg)
    await suspend()


async def continue_through_finally():
    print("continue through finally")
    for i in range(3):
        try:
            await step(f"try {i}")
            if i != 1:
                continue
            await step(f"after continue check {i}")
        finally:
            await step(f"finally {i}")
        await step(f"end of body {i}")


async def break_through_nested_finally():
    print("break through two finally blocks")
    i = 0
    while True:
        i += 1
        try:
            try:
                await step(f"inner try {i}")
                if i == 2:
                    break
            finally:
                await step(f"inner finally {i}")
        finally:
            await step(f"outer finally {i}")
    print("  after loop, i =", i)


async def return_through_loops():
    print("return from nested loops through finally blocks")
    for a in range(2):
        try:
            for b in range(3):
                try:
                    await step(f"a={a} b={b}")
                    if a == 1 and b == 1:
                        return f"returned {a},{b}"
                finally:
                    await step(f"inner finally {a},{b}")
        finally:
            await step(f"outer finally {a}")
    return "not reached"


async def break_in_except_and_else():
    print("break from except, continue from else")
    for i in range(4):
        try:
            await step(f"try {i}")
            if i == 2:
                raise ValueError(i)
        except ValueError as e:
            await step(f"except {e!r}")
            break
        else:
            await step(f"else {i}")
            if i == 0:
                continue
            await step(f"else tail {i}")
        finally:
            await step(f"finally {i}")
    else:
        print("  loop else (wrong)")


async def continue_in_finally_loop_else():
    print("for/else after continues in finally")
    for i in range(2):
        try:
            await step(f"body {i}")
        finally:
            await step(f"finally {i}")
            continue
    else:
        await step("loop else runs")


async def while_condition_after_finally():
    print("while condition re-evaluated after finally")
    n = 0

    async def cond():
        await suspend()
        print(f"  cond n={n}")
        return n < 3

    while await cond():
        try:
            n += 1
            if n == 2:
                continue
            await step(f"body n={n}")
        finally:
            await step(f"finally n={n}")


async def main():
    await continue_through_finally()
    await break_through_nested_finally()
    print("  ->", await return_through_loops())
    await break_in_except_and_else()
    await continue_in_finally_loop_else()
    await while_condition_after_finally()


asyncio.run(main())
