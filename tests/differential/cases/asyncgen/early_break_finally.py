"""A consumer that leaves an `async for` early: the generator stays suspended
at its yield inside try/finally until something closes it. Closed
explicitly with aclose() (the finally awaits, and yields nothing), through
contextlib.aclosing, by an exception in the consumer's loop body, by
`return` from inside the loop, and nested try/finally blocks unwinding
innermost first with awaits in each. Also: the break leaves the generator
reusable -- a second `async for` picks up where the first stopped."""
import asyncio
import contextlib
from tracelib import describe, suspend

log = []


async def numbers(name, n=10):
    try:
        try:
            for i in range(n):
                await suspend()
                yield i
        finally:
            log.append(f"{name}: inner finally start")
            await asyncio.sleep(0)
            log.append(f"{name}: inner finally end")
    finally:
        log.append(f"{name}: outer finally start")
        await suspend()
        log.append(f"{name}: outer finally end")


def flush(label):
    print(f"  {label}: {log}")
    log.clear()


async def break_then_aclose():
    g = numbers("g1")
    async for v in g:
        if v == 2:
            break
    flush("after break")
    await g.aclose()
    flush("after aclose")


async def break_then_resume():
    g = numbers("g2", 5)
    async for v in g:
        if v == 1:
            break
    print("  first loop stopped at", v)
    async for v in g:
        print("  second loop got", v)
    flush("after second loop")


async def with_aclosing():
    async with contextlib.aclosing(numbers("g3")) as g:
        async for v in g:
            if v == 1:
                break
        flush("inside aclosing")
    flush("after aclosing")


async def exception_in_body():
    g = numbers("g4")
    try:
        async for v in g:
            if v == 1:
                raise ValueError("consumer failed")
    except ValueError as e:
        print("  consumer caught", describe(e))
    flush("after exception")
    await g.aclose()
    flush("after aclose")


async def returns_from_loop():
    async def find(g, target):
        async for v in g:
            if v == target:
                return v
    g = numbers("g5")
    print("  found", await find(g, 3))
    flush("after return")
    await g.aclose()
    flush("after aclose")


async def main():
    for case in (break_then_aclose, break_then_resume, with_aclosing, exception_in_body,
                 returns_from_loop):
        print(case.__name__)
        await case()


asyncio.run(main())
