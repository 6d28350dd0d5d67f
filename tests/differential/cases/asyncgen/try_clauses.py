"""`yield` and `await` in every clause of try/except/else/finally inside an
async generator: in the body, in a handler (the exception being handled must
still be the current one after the generator resumes), in `else`, and in
`finally` (which also runs when the consumer stops early or an athrow()
arrives). Nested try statements, re-raise after a yield in a handler, and
`sys.exc_info()` seen by the generator and by the consumer at each step."""
import asyncio
from tracelib import describe, exc_info, suspend


async def all_clauses(fail):
    try:
        print("  try: start")
        await suspend()
        yield "in try"
        if fail:
            raise ValueError("from try")
        await suspend()
    except ValueError as e:
        print(f"  except: {describe(e)}")
        yield "in except"
        await suspend()
        print(f"  except after resume: exc_info={exc_info()}")
        yield "still in except"
    else:
        print(f"  else: exc_info={exc_info()}")
        yield "in else"
        await suspend()
    finally:
        print(f"  finally: exc_info={exc_info()}")
        await suspend()
        yield "in finally"
        print("  finally: end")
    print("  after try")
    yield "after try"


async def reraise():
    try:
        try:
            await suspend()
            raise KeyError("inner")
        except KeyError:
            yield "handling KeyError"
            await suspend()
            raise
        finally:
            yield "inner finally"
    except LookupError as e:
        yield f"outer caught {describe(e)}"
    try:
        raise OSError("first")
    except OSError:
        try:
            yield "in first handler"
            raise RuntimeError("second")
        except RuntimeError as e:
            yield f"second handler: {describe(e)}"
        yield f"back in first handler: {exc_info()}"
    yield f"after all: {exc_info()}"


async def consume(agen):
    async for v in agen:
        print(f"  consumer got {v!r}; consumer exc_info={exc_info()}")
        await asyncio.sleep(0)


async def consume_inside_handler(agen):
    try:
        raise ZeroDivisionError("consumer's own")
    except ZeroDivisionError:
        async for v in agen:
            print(f"  consumer (in handler) got {v!r}; consumer exc_info={exc_info()}")


async def main():
    for fail in (False, True):
        print(f"all_clauses(fail={fail})")
        await consume(all_clauses(fail))
    print("reraise")
    await consume(reraise())
    print("reraise consumed inside a handler")
    await consume_inside_handler(reraise())
    print("all_clauses consumed inside a handler")
    await consume_inside_handler(all_clauses(True))


asyncio.run(main())
