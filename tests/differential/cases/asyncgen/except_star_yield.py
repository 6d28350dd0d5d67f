"""`yield` and `await` inside except* handlers of an async generator: an
ExceptionGroup raised in the try body is split between handlers, each of
which yields and awaits; an ExceptionGroup delivered by athrow() at a yield
inside `try ... except*`; a handler that re-raises its part (the rest
escapes as an ExceptionGroup to the consumer); and a naked exception
wrapped into a group by except*."""
import asyncio
from tracelib import describe, suspend


async def splitter(group):
    try:
        await suspend()
        raise group
    except* ValueError as eg:
        yield f"ValueError part: {[describe(e) for e in eg.exceptions]}"
        await asyncio.sleep(0)
        yield "after ValueError part"
    except* KeyError as eg:
        await suspend()
        yield f"KeyError part: {len(eg.exceptions)} exception(s)"
    yield "after try"


async def receiver():
    while True:
        try:
            yield "ready"
        except* OSError as eg:
            yield f"got OSError group of {len(eg.exceptions)}"
        except* ArithmeticError as eg:
            yield f"got ArithmeticError: {describe(eg.exceptions[0])}"
            raise


async def main():
    group = ExceptionGroup("many", [ValueError("v1"), KeyError("k"), ValueError("v2")])
    print("split between handlers")
    async for v in splitter(group):
        print("  ", v)
    print("naked exception")
    async for v in splitter(KeyError("naked")):
        print("  ", v)
    print("unmatched part escapes")
    try:
        async for v in splitter(ExceptionGroup("mixed", [ValueError("v"), OSError("o")])):
            print("  ", v)
    except ExceptionGroup as eg:
        print("  escaped:", describe(eg), [describe(e) for e in eg.exceptions])
    print("athrow into except*")
    g = receiver()
    print("  ", await g.__anext__())
    print("  ", await g.athrow(ExceptionGroup("io", [OSError("a"), OSError("b")])))
    print("  ", await g.__anext__())
    print("  ", await g.athrow(OSError("naked")))
    print("  ", await g.__anext__())
    print("  ", await g.athrow(ZeroDivisionError("z")))
    try:
        await g.__anext__()
    except ExceptionGroup as eg:
        print("  re-raised:", describe(eg), [describe(e) for e in eg.exceptions])


asyncio.run(main())
