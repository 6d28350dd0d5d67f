"""A bare `except:` whose body suspends: the machine keeps the caught
exception to re-enter the handler (`except BaseException as caught`, since
`except as` is no syntax); the exception context is restored as natively
(bpo-29600: `return await f()` in the handler), and async generators that
yield in a bare handler (contextlib's trap test) resume inside it."""
import asyncio
from tracelib import describe, suspend


async def make_error():
    await suspend()
    return ValueError("made")


async def returns_from_bare_handler():
    try:
        raise KeyError("k")
    except:
        return await make_error()


async def yields_in_bare_handler():
    try:
        yield "body"
    except:
        yield "handler"


async def main():
    result = await returns_from_bare_handler()
    print("returned:", describe(result), "context:", describe(result.__context__))
    generator = yields_in_bare_handler()
    print(await generator.__anext__())
    print(await generator.athrow(RuntimeError("thrown in")))
    try:
        await generator.__anext__()
    except StopAsyncIteration:
        print("exhausted")


asyncio.run(main())
