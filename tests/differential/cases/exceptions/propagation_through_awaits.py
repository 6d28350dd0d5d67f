"""Exceptions propagating up a chain of awaiting coroutines: every level's
finally runs innermost first (each awaiting), intermediate handlers that don't
match let it pass, a middle level converts it, and the exception object keeps
its identity all the way up."""
import asyncio
from tracelib import describe, suspend

ORIGINAL = None


async def level(n, log):
    global ORIGINAL
    try:
        log.append(f"enter {n}")
        await suspend()
        if n == 0:
            ORIGINAL = LookupError("bottom")
            raise ORIGINAL
        return await level(n - 1, log)
    except KeyError:
        log.append(f"wrong handler at {n}")
        raise
    finally:
        await suspend()
        log.append(f"finally {n}")


async def converting(n, log):
    try:
        return await level(n, log)
    except LookupError as e:
        await suspend()
        log.append("converting")
        raise RuntimeError("converted") from e


async def main():
    log = []
    try:
        await level(4, log)
    except LookupError as e:
        print("caught at top:", describe(e), "same object:", e is ORIGINAL)
    print(log)

    log = []
    try:
        await converting(3, log)
    except RuntimeError as e:
        print("converted:", describe(e), "cause is original:", e.__cause__ is ORIGINAL)
    print(log)

    print("exception out of a task")

    async def in_task():
        await suspend()
        raise ValueError("from task")

    task = asyncio.ensure_future(in_task())
    try:
        await task
    except ValueError as e:
        print("  awaited task raised", describe(e), "same as task.exception():",
              e is task.exception())


asyncio.run(main())
