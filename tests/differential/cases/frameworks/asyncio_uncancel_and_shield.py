"""Task.cancelling()/uncancel() and asyncio.shield with compiled coroutines:
the cancel request count as seen from inside the task, a task that catches a
cancellation, calls uncancel() and keeps going (a later timeout still works),
shield() letting the inner coroutine finish while the outer await is
cancelled, and cancelling the shielded task itself."""
import asyncio
from tracelib import suspend

log = []


async def resilient():
    task = asyncio.current_task()
    for attempt in range(2):
        try:
            await asyncio.get_running_loop().create_future()
        except asyncio.CancelledError:
            log.append(f"cancelled; cancelling()={task.cancelling()}")
            remaining = task.uncancel()
            log.append(f"uncancel() -> {remaining}")
            await suspend()
    try:
        async with asyncio.timeout(0.002):
            await asyncio.get_running_loop().create_future()
    except TimeoutError:
        log.append(f"timeout still works; cancelling()={task.cancelling()}")
    return "resilient finished"


async def protected(steps):
    try:
        for _ in range(steps):
            await suspend()
        log.append("protected work completed")
        return "protected result"
    except asyncio.CancelledError:
        log.append("protected was cancelled")
        raise


async def shield_outer(inner_task):
    try:
        return await asyncio.shield(inner_task)
    except asyncio.CancelledError:
        log.append("outer await cancelled, inner keeps running")
        raise


async def main():
    task = asyncio.create_task(resilient())
    for _ in range(2):
        await asyncio.sleep(0)
        task.cancel()
        await asyncio.sleep(0)
        await asyncio.sleep(0)
    print("resilient:", await task, "cancelled:", task.cancelled())
    for line in log:
        print("  ", line)
    log.clear()

    inner = asyncio.create_task(protected(5))
    outer = asyncio.create_task(shield_outer(inner))
    await asyncio.sleep(0)
    outer.cancel()
    try:
        await outer
    except asyncio.CancelledError:
        log.append("main: outer cancelled")
    log.append(f"main: inner result {await inner!r}")
    print("shield:")
    for line in log:
        print("  ", line)
    log.clear()

    inner = asyncio.create_task(protected(5))
    outer = asyncio.create_task(shield_outer(inner))
    await asyncio.sleep(0)
    inner.cancel()
    for t in (outer, inner):
        try:
            await t
        except asyncio.CancelledError:
            log.append("main: CancelledError from " + ("outer" if t is outer else "inner"))
    print("shielded task cancelled directly:")
    for line in log:
        print("  ", line)


asyncio.run(main())
