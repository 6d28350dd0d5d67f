"""Task cancellation delivered at an await inside compiled coroutines: inside
try/finally (the finally awaits and runs fully), inside nested awaits (the
innermost await gets it, every level's finally runs), with a cancel message,
inside `async with` (__aexit__ receives the CancelledError and may await),
a coroutine that catches CancelledError and returns normally (the task is
then not cancelled), and cancelling a task that has not started yet."""
import asyncio
from tracelib import suspend

log = []


async def level(n):
    try:
        if n == 0:
            await asyncio.get_running_loop().create_future()
        else:
            await level(n - 1)
    finally:
        await suspend()
        log.append(f"level {n} finally")


class ACM:
    async def __aenter__(self):
        await suspend()
        log.append("aenter")

    async def __aexit__(self, typ, val, tb):
        log.append(f"aexit got {typ.__name__ if typ else None} args={val.args if val else None}")
        await suspend()
        log.append("aexit finished awaiting")
        return False


async def in_async_with():
    async with ACM():
        await asyncio.get_running_loop().create_future()


async def swallower():
    try:
        await asyncio.get_running_loop().create_future()
    except asyncio.CancelledError as e:
        log.append(f"swallowed cancellation with args {e.args}")
        await suspend()
    return "returned normally"


async def never_started():
    log.append("never_started ran (wrong)")


async def run(label, coro, message=None):
    log.clear()
    task = asyncio.create_task(coro)
    for _ in range(3):
        await asyncio.sleep(0)
    task.cancel(message) if message is not None else task.cancel()
    try:
        result = await task
        print(f"{label}: result {result!r}, cancelled={task.cancelled()}")
    except asyncio.CancelledError as e:
        print(f"{label}: CancelledError args={e.args}, cancelled={task.cancelled()}")
    for line in log:
        print("  ", line)


async def main():
    await run("nested levels", level(3))
    await run("with message", level(0), message="stop now")
    await run("async with", in_async_with(), message="aexit sees this")
    await run("swallower", swallower())
    log.clear()
    task = asyncio.create_task(never_started())
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("never started: cancelled before running", log)


asyncio.run(main())
