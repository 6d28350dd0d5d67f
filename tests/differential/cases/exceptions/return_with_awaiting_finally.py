"""A `return` inside `try` whose `finally` awaits: the return value is computed
before the finally runs, the finally runs completely (across suspensions),
then the original value is returned, unless the finally returns or raises.
Also returns from except/else blocks and mutation of the returned object in
the finally (the same object is returned)."""
import asyncio
from tracelib import describe, suspend


async def step(msg):
    print(" ", msg)
    await suspend()


def compute(tag):
    print("  computing return value", tag)
    return tag


async def plain():
    try:
        await step("try")
        return compute("from try")
    finally:
        await step("finally 1")
        await step("finally 2")


async def variable_rebound_in_finally():
    x = "original"
    try:
        return x
    finally:
        x = "rebound"
        await step(f"finally rebinds x to {x!r}")


async def mutated_in_finally():
    result = ["original"]
    try:
        return result
    finally:
        await suspend()
        result.append("appended in finally")


async def finally_returns():
    try:
        return compute("from try")
    finally:
        await step("finally about to return")
        return "from finally"


async def finally_raises():
    try:
        return compute("from try")
    finally:
        await step("finally about to raise")
        raise ValueError("finally raised")


async def from_except():
    try:
        raise KeyError("k")
    except KeyError:
        await step("except")
        return compute("from except")
    finally:
        await step("finally after except return")


async def from_else():
    try:
        await step("try")
    except KeyError:
        pass
    else:
        return compute("from else")
    finally:
        await step("finally after else return")


async def nested_finallies():
    try:
        try:
            return compute("innermost")
        finally:
            await step("inner finally")
    finally:
        await step("outer finally")


async def return_await_in_try():
    try:
        return await value_after("await in return")
    finally:
        await step("finally after awaited return value")


async def value_after(v):
    await step(f"computing {v}")
    return v


async def main():
    for case in (plain, variable_rebound_in_finally, mutated_in_finally,
                 finally_returns, finally_raises, from_except, from_else,
                 nested_finallies, return_await_in_try):
        print(case.__name__)
        try:
            print("  ->", await case())
        except ValueError as e:
            print("  raised", describe(e))


asyncio.run(main())
