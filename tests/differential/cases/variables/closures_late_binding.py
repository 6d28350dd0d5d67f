"""Closures and lambdas capturing coroutine locals that live across awaits:
late binding (the closure sees the value at call time, after suspensions),
closures created before a variable is first assigned, cells shared by
several closures, and the coroutine seeing writes made through `nonlocal`
closures."""
import asyncio
from tracelib import describe, suspend


async def late_binding():
    x = 1
    g = lambda: x  # noqa: E731
    await suspend()
    x = 2
    print("  g() after rebinding:", g())
    await suspend()
    x = [x, "list"]
    print("  g() after another suspension:", g())


async def created_before_assignment():
    get = lambda: value  # noqa: E731
    try:
        get()
    except NameError as e:
        print("  before assignment:", type(e).__name__, e)
    await suspend()
    value = "assigned after a suspension"
    print("  after:", get())


async def shared_cell():
    counter = 0

    def inc():
        nonlocal counter
        counter += 1
        return counter

    def read():
        return counter

    inc()
    await suspend()
    inc()
    print("  read() sees", read(), "and the coroutine sees", counter)
    counter = 100
    await suspend()
    print("  after the coroutine wrote 100:", inc(), read())


async def closure_in_loop():
    fns = []
    for i in range(3):
        await suspend()
        fns.append(lambda: i)
    print("  all see the last i:", [f() for f in fns])
    fns = []
    for i in range(3):
        await suspend()
        fns.append(lambda i=i: i)
    print("  default-bound:", [f() for f in fns])


async def parameter_captured(param):
    get = lambda: param  # noqa: E731
    await suspend()
    param = f"{param} (rebound)"
    return get()


async def closure_outlives_coroutine():
    secret = "kept alive"

    def reveal():
        return secret

    await suspend()
    return reveal


async def main():
    for case in (late_binding, created_before_assignment, shared_cell, closure_in_loop):
        print(case.__name__)
        await case()
    print("parameter_captured:", await parameter_captured("arg"))
    fn = await closure_outlives_coroutine()
    print("closure outlives coroutine:", fn())


asyncio.run(main())
