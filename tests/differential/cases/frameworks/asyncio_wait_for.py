"""asyncio.wait_for around compiled coroutines: completes before the timeout
(result returned), times out on a coroutine waiting for a Future that never
completes (the inner coroutine sees CancelledError at its await, runs its
finally, and the caller gets TimeoutError), a timeout of 0 on a coroutine
that is not already done, and an inner coroutine that suppresses the
cancellation."""
import asyncio
from tracelib import describe, suspend


async def quick():
    await suspend()
    return "quick result"


async def blocked(log):
    never = asyncio.get_running_loop().create_future()
    try:
        log.append("blocked waiting")
        await never
    except asyncio.CancelledError:
        log.append("blocked got CancelledError")
        await suspend()
        log.append("blocked cleanup after suspension")
        raise
    finally:
        log.append("blocked finally")


async def stubborn(log):
    never = asyncio.get_running_loop().create_future()
    try:
        await never
    except asyncio.CancelledError:
        log.append("stubborn swallowed cancellation")
    return "stubborn result"


async def main():
    print("quick:", await asyncio.wait_for(quick(), timeout=1))
    log = []
    try:
        await asyncio.wait_for(blocked(log), timeout=0.002)
    except TimeoutError as e:
        print("timed out:", type(e).__name__, "context:", type(e.__context__).__name__)
    print("  log", log)
    log = []
    try:
        await asyncio.wait_for(blocked(log), timeout=0)
    except TimeoutError:
        print("timeout=0 raised TimeoutError")
    print("  log", log)
    log = []
    print("stubborn:", await asyncio.wait_for(stubborn(log), timeout=0.002))
    print("  log", log)


asyncio.run(main())
