"""asyncio.timeout() around compiled coroutines: when it expires, the
CancelledError raised at the await inside the block is the very object that
becomes the TimeoutError's __context__ (identity checked), finally blocks and
except handlers inside run (and may await) before TimeoutError surfaces,
expired() reports it, a block that finishes in time is untouched, a
rescheduled deadline, and nested timeouts (only the expiring one converts)."""
import asyncio
from tracelib import describe, suspend


async def wait_forever(log, seen):
    never = asyncio.get_running_loop().create_future()
    try:
        await never
    except asyncio.CancelledError as e:
        seen.append(e)
        log.append("inner saw CancelledError")
        await suspend()
        log.append("inner handler resumed")
        raise
    finally:
        log.append("inner finally")


async def expiring():
    log, seen = [], []
    try:
        async with asyncio.timeout(0.002) as cm:
            await wait_forever(log, seen)
    except TimeoutError as e:
        print("  TimeoutError; context is the CancelledError seen inside:",
              e.__context__ is seen[0])
        print("  expired:", cm.expired())
    print("  log", log)


async def in_time():
    async with asyncio.timeout(10) as cm:
        await suspend()
        result = "finished in time"
    print("  ", result, "expired:", cm.expired())


async def rescheduled():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(None) as cm:
            print("   deadline initially", cm.when())
            await suspend()
            cm.reschedule(loop.time() + 0.002)
            await loop.create_future()
    except TimeoutError:
        print("   rescheduled timeout fired")


async def nested():
    try:
        async with asyncio.timeout(10):
            try:
                async with asyncio.timeout(0.002):
                    await asyncio.get_running_loop().create_future()
            except TimeoutError:
                print("   inner timeout converted; outer still active")
            await suspend()
            print("   outer block continues")
    except TimeoutError:
        print("   outer timeout (wrong)")


async def timeout_at_past_deadline():
    loop = asyncio.get_running_loop()
    log = []
    try:
        async with asyncio.timeout_at(loop.time() - 1):
            log.append("body starts")
            await suspend()
            log.append("never")
    except TimeoutError as e:
        print("   past deadline:", describe(e.__context__) if e.__context__ else None)
    print("   log", log)


async def main():
    for case in (expiring, in_time, rescheduled, nested, timeout_at_past_deadline):
        print(case.__name__)
        await case()


asyncio.run(main())
