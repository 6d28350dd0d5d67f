"""asyncio.gather over compiled coroutines: results in argument order (not
completion order), the first exception propagates while the others keep
running, return_exceptions=True collects exceptions as values, gather of
nothing, nested gathers, and cancelling a gather cancels its children (their
finally blocks run)."""
import asyncio
from tracelib import describe, suspend

log = []


async def job(name, steps, fail=False):
    try:
        for _ in range(steps):
            await suspend()
        if fail:
            raise KeyError(name)
        log.append(f"{name} finished")
        return name * 2
    except asyncio.CancelledError:
        log.append(f"{name} cancelled")
        raise
    finally:
        log.append(f"{name} finally")


async def main():
    print("results:", await asyncio.gather(job("a", 3), job("b", 1), job("c", 2)))
    print("with exceptions:", [
        r if isinstance(r, str) else describe(r)
        for r in await asyncio.gather(job("d", 1), job("e", 1, fail=True), return_exceptions=True)
    ])
    try:
        await asyncio.gather(job("f", 1, fail=True), job("g", 3))
    except KeyError as e:
        print("first exception propagates:", describe(e))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("empty gather:", await asyncio.gather())
    print("nested:", await asyncio.gather(asyncio.gather(job("h", 1), job("i", 2)), job("j", 1)))

    outer = asyncio.gather(job("k", 50), job("l", 50))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    outer.cancel()
    try:
        await outer
    except asyncio.CancelledError:
        print("gather cancelled")
    for line in log:
        print("  ", line)


asyncio.run(main())
