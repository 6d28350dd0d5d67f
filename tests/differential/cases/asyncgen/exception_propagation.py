"""Exceptions leaving async generators: raised before the first yield,
after awaits, from a nested coroutine, from inside `async with` (the
manager's __aexit__ sees it), inside a finally that replaces the original
(context chaining), and `raise ... from` with an explicit cause; how the
consumer's `async for` sees each (the loop `else` does not run), that the
generator is finished afterwards, and that an exception raised by the
consumer's loop body does not enter the generator at all."""
import asyncio
from tracelib import describe, suspend

log = []


async def fails_immediately():
    raise ValueError("before first yield")
    yield


async def nested_failure():
    await suspend()
    raise KeyError("from nested")


async def fails_later():
    yield 1
    await asyncio.sleep(0)
    yield 2
    await nested_failure()
    yield "never"


class Manager:
    async def __aenter__(self):
        return self

    async def __aexit__(self, kind, value, tb):
        await suspend()
        log.append(f"__aexit__ saw {describe(value)}")
        return False


async def fails_in_async_with():
    async with Manager():
        yield "in manager"
        raise OSError("inside async with")


async def finally_replaces():
    try:
        yield 1
        raise ValueError("original")
    finally:
        await suspend()
        raise RuntimeError("from finally")


async def explicit_cause():
    try:
        yield 1
        {}["missing"]
    except KeyError as e:
        raise LookupError("wrapped") from e


async def watched():
    try:
        for i in range(3):
            yield i
    except BaseException as e:
        log.append(f"generator saw {describe(e)}")
        raise
    finally:
        log.append("generator finally")


async def consume(make):
    g = make()
    got = []
    try:
        async for v in g:
            got.append(v)
        else:
            got.append("else ran")
    except Exception as e:
        print(f"  {make.__name__}: got {got}, raised {describe(e)}")
    print(f"    finished={g.ag_frame is None} log={log}")
    log.clear()


async def main():
    for make in (fails_immediately, fails_later, fails_in_async_with, finally_replaces, explicit_cause):
        await consume(make)
    print("consumer's error does not enter the generator")
    g = watched()
    try:
        async for v in g:
            raise ZeroDivisionError("consumer")
    except ZeroDivisionError as e:
        print("  consumer raised", describe(e), "| log", log)
    print("  generator finished:", g.ag_frame is None)
    await g.aclose()
    print("  after aclose log", log)


asyncio.run(main())
