"""contextlib.asynccontextmanager over compiled async generators: enter and
exit with awaits on both sides, the yielded value bound by `as`, an
exception in the `async with` body thrown into the generator at its yield
(seen, re-raised, replaced, or suppressed by catching it), a generator that
does not stop after its yield ("generator didn't stop", also after an
exception: "generator didn't stop after athrow()"), one that never yields
("generator didn't yield"), use as a decorator (AsyncContextDecorator), and
nesting two managers in one statement."""
import asyncio
import contextlib
from tracelib import describe, suspend

log = []


@contextlib.asynccontextmanager
async def resource(name, on_error="reraise"):
    log.append(f"{name}: acquire")
    await suspend()
    try:
        yield f"<{name}>"
    except Exception as e:
        log.append(f"{name}: body raised {describe(e)}")
        await asyncio.sleep(0)
        if on_error == "reraise":
            raise
        if on_error == "replace":
            raise RuntimeError(f"{name} replaced") from e
        log.append(f"{name}: suppressing")
    else:
        log.append(f"{name}: body ok")
    finally:
        await suspend()
        log.append(f"{name}: release")


@contextlib.asynccontextmanager
async def yields_twice():
    yield 1
    await suspend()
    yield 2


@contextlib.asynccontextmanager
async def yields_twice_on_error():
    try:
        yield 1
    except ValueError:
        yield "again"


@contextlib.asynccontextmanager
async def never_yields():
    await suspend()
    if False:
        yield


@resource("decorator")
async def decorated(x):
    log.append(f"decorated body {x}")
    return x * 2


async def body(manager, fail=None):
    try:
        async with manager as value:
            log.append(f"body got {value!r}")
            await suspend()
            if fail:
                raise fail
        log.append("after async with")
    except BaseException as e:
        log.append(f"outside: {describe(e)}")
    print(f"  {log}")
    log.clear()


async def main():
    print("plain")
    await body(resource("r1"))
    print("body raises, re-raised")
    await body(resource("r2"), ValueError("v"))
    print("body raises, replaced")
    await body(resource("r3", "replace"), ValueError("v"))
    print("body raises, suppressed")
    await body(resource("r4", "suppress"), ValueError("v"))
    print("BaseException not caught by `except Exception`")
    await body(resource("r5", "suppress"), KeyboardInterrupt("ki"))
    print("didn't stop")
    await body(yields_twice())
    print("didn't stop after athrow")
    await body(yields_twice_on_error(), ValueError("v"))
    print("didn't yield")
    await body(never_yields())
    print("as a decorator")
    print("  result", await decorated(21), log)
    log.clear()
    print("two managers, inner fails")
    try:
        async with resource("outer", "suppress") as a, resource("inner", "replace") as b:
            log.append(f"body {a} {b}")
            raise KeyError("k")
    except BaseException as e:
        log.append(f"outside: {describe(e)}")
    print(f"  {log}")


asyncio.run(main())
