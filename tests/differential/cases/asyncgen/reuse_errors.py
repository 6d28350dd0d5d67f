"""Each awaitable from __anext__/asend/athrow/aclose can be awaited once:
awaiting (or sending into) it again after it finished raises RuntimeError
("cannot reuse already awaited __anext__()/asend()" and "cannot reuse already
awaited aclose()/athrow()"), also when the first use ended with an exception;
a fresh awaitable from the same generator works. Both under asyncio (await
twice) and by hand (send after StopIteration)."""
import asyncio
from tracelib import describe, suspend


async def gen():
    try:
        for i in range(3):
            await suspend()
            yield i
    except ValueError:
        yield "caught ValueError"


async def attempt(label, awaitable):
    try:
        print(f"  {label} ->", repr(await awaitable))
    except BaseException as e:
        print(f"  {label} raised {describe(e)}")


def by_hand(label, awaitable):
    try:
        while True:
            awaitable.send(None)
    except StopIteration as stop:
        print(f"  {label}: StopIteration{stop.args!r}")
    except BaseException as e:
        print(f"  {label}: {describe(e)}")


async def main():
    g = gen()
    print("__anext__ awaited twice")
    aw = g.__anext__()
    await attempt("first", aw)
    await attempt("second", aw)
    print("asend awaited twice")
    aw = g.asend(None)
    await attempt("first", aw)
    await attempt("second", aw)
    print("athrow awaited twice")
    aw = g.athrow(ValueError("x"))
    await attempt("first", aw)
    await attempt("second", aw)
    print("aclose awaited twice")
    aw = g.aclose()
    await attempt("first", aw)
    await attempt("second", aw)
    print("after the generator finished")
    aw = g.__anext__()
    await attempt("first", aw)
    await attempt("second", aw)
    aw = g.athrow(KeyError("k"))
    await attempt("athrow first", aw)
    await attempt("athrow second", aw)

    print("by hand")
    g = gen()
    aw = g.__anext__()
    by_hand("first run", aw)
    by_hand("send again", aw)
    try:
        aw.throw(ValueError("into a finished awaitable"))
    except BaseException as e:
        print("  throw again:", describe(e))
    aw = g.athrow(OSError("uncaught"))
    by_hand("athrow first run", aw)
    by_hand("athrow send again", aw)
    try:
        aw.throw(ValueError("into a finished athrow"))
    except BaseException as e:
        print("  athrow throw again:", describe(e))
    aw = g.aclose()
    by_hand("aclose of finished", aw)
    by_hand("aclose again", aw)
    print("close() of a fresh awaitable, then use it")
    aw = gen().__anext__()
    aw.close()
    by_hand("after close", aw)


asyncio.run(main())
