"""aclose() throws GeneratorExit in at the suspended yield: the generator
may run finally blocks and `except GeneratorExit` handlers that await (the
awaits pass through aclose's awaitable), may re-raise or return, or may
raise another exception (which aclose() propagates). If it yields instead,
aclose() raises RuntimeError("async generator ignored GeneratorExit"),
both when the yield is in the handler and in a finally. aclose of an
unstarted generator runs nothing; of a finished one does nothing; twice in a
row is fine. Also `except Exception` does not catch GeneratorExit."""
import asyncio
from tracelib import describe, drive, suspend


async def awaiting_cleanup(log):
    try:
        log.append("started")
        yield 1
        yield 2
    except GeneratorExit as e:
        log.append(f"handler: {describe(e)}")
        await asyncio.sleep(0)
        log.append("handler awaited")
        raise
    finally:
        await suspend()
        log.append("finally awaited")


async def returns_on_exit(log):
    try:
        yield 1
    except GeneratorExit:
        log.append("returning instead of re-raising")
        await asyncio.sleep(0)
        return


async def raises_other(log):
    try:
        yield 1
    except GeneratorExit:
        log.append("raising ValueError")
        raise ValueError("during close")


async def yields_in_handler(log):
    try:
        yield 1
    except GeneratorExit:
        log.append("yielding during close")
        yield "ignored"
    log.append("never")


async def yields_in_finally(log):
    try:
        yield 1
    finally:
        log.append("finally yields")
        await suspend()
        yield "from finally"


async def broad_handler(log):
    try:
        yield 1
    except Exception as e:
        log.append(f"except Exception caught {describe(e)}")
    finally:
        log.append("finally")


async def never_started(log):
    log.append("body ran?!")
    yield 1


async def run(gen_fn, advance=True):
    log = []
    g = gen_fn(log)
    if advance:
        await g.__anext__()
    try:
        print(f"  aclose -> {await g.aclose()!r}")
    except BaseException as e:
        print(f"  aclose raised {describe(e)}")
    try:
        print(f"  second aclose -> {await g.aclose()!r}")
    except BaseException as e:
        print(f"  second aclose raised {describe(e)}")
    print(f"  log {log}; finished: {g.ag_frame is None}")


async def main():
    for gen_fn in (awaiting_cleanup, returns_on_exit, raises_other, yields_in_handler,
                   yields_in_finally, broad_handler):
        print(gen_fn.__name__)
        await run(gen_fn)
    print("never_started")
    await run(never_started, advance=False)
    print("finished generator")
    log = []
    g = returns_on_exit(log)
    print("  ", [v async for v in g])
    print("  aclose ->", await g.aclose(), log)
    print("aclose stepped by hand")
    g = awaiting_cleanup([])
    drive(g.__anext__())
    drive(g.aclose())
    g = yields_in_finally([])
    drive(g.__anext__())
    drive(g.aclose())


asyncio.run(main())
