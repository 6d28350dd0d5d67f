"""contextlib.aclosing and contextlib.AsyncExitStack with compiled async
generators: aclosing closes a half-consumed generator on exit (its finally
awaits), also when the body raises, and is harmless on an exhausted one;
AsyncExitStack enters several asynccontextmanagers (and aclosing-wrapped
generators) in a loop, unwinds them in reverse order, passes a body
exception down the stack where one manager suppresses it, mixes in
push_async_callback and a sync callback, and pop_all() transfers the
managers to a second stack closed later."""
import asyncio
import contextlib
from tracelib import describe, suspend

log = []


async def stream(name, n=10):
    try:
        for i in range(n):
            await suspend()
            yield f"{name}{i}"
    finally:
        await asyncio.sleep(0)
        log.append(f"{name}: closed")


@contextlib.asynccontextmanager
async def connection(name, suppress=False):
    log.append(f"open {name}")
    await suspend()
    try:
        yield name.upper()
    except Exception as e:
        log.append(f"{name} saw {describe(e)}")
        if not suppress:
            raise
    finally:
        await asyncio.sleep(0)
        log.append(f"close {name}")


async def async_callback(tag):
    await suspend()
    log.append(f"async callback {tag}")


def flush(label):
    print(f"  {label}: {log}")
    log.clear()


async def main():
    print("aclosing")
    async with contextlib.aclosing(stream("s")) as g:
        async for v in g:
            log.append(f"got {v}")
            if v == "s1":
                break
    flush("break inside aclosing")
    try:
        async with contextlib.aclosing(stream("t")) as g:
            await g.__anext__()
            raise ValueError("body")
    except ValueError as e:
        log.append(f"outside {describe(e)}")
    flush("body raises")
    async with contextlib.aclosing(stream("u", 1)) as g:
        log.append(str([v async for v in g]))
    flush("already exhausted")

    print("AsyncExitStack")
    async with contextlib.AsyncExitStack() as stack:
        names = [await stack.enter_async_context(connection(n)) for n in ("a", "b")]
        g = await stack.enter_async_context(contextlib.aclosing(stream("v")))
        stack.push_async_callback(async_callback, "one")
        stack.callback(log.append, "sync callback")
        log.append(f"entered {names}, first item {await g.__anext__()}")
    flush("unwound in reverse")

    try:
        async with contextlib.AsyncExitStack() as stack:
            await stack.enter_async_context(connection("x"))
            await stack.enter_async_context(connection("y", suppress=True))
            await stack.enter_async_context(connection("z"))
            raise KeyError("body failed")
        log.append("after stack: suppressed")
    except KeyError as e:
        log.append(f"escaped {describe(e)}")
    flush("exception passed down, y suppresses")

    async with contextlib.AsyncExitStack() as stack:
        await stack.enter_async_context(connection("p"))
        later = stack.pop_all()
        log.append("popped")
    flush("first stack closed")
    await later.aclose()
    flush("second stack closed")


asyncio.run(main())
