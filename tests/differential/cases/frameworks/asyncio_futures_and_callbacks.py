"""Futures and loop callbacks interleaved with compiled coroutines:
awaiting a Future resolved by call_soon (callbacks run in FIFO order between
task steps), set_exception delivered at the await, a Future's own done-callback
ordered relative to the awaiting task's wake-up, awaiting an
already-completed Future (finishes on the first send), a cancelled Future, and
loop.call_later with a zero delay."""
import asyncio
from tracelib import describe, suspend

log = []


async def wait_for_future(fut, name):
    log.append(f"{name} awaiting")
    try:
        value = await fut
        log.append(f"{name} got {value!r}")
    except LookupError as e:
        log.append(f"{name} caught {describe(e)}")


async def ticker(n):
    for i in range(n):
        log.append(f"tick {i}")
        await suspend()


async def main():
    loop = asyncio.get_running_loop()
    ok, bad = loop.create_future(), loop.create_future()
    ok.add_done_callback(lambda f: log.append("ok done-callback"))
    gathered = asyncio.gather(wait_for_future(ok, "A"), wait_for_future(bad, "B"), ticker(4))
    await asyncio.sleep(0)
    loop.call_soon(log.append, "call_soon 1")
    loop.call_soon(ok.set_result, "value")
    loop.call_soon(log.append, "call_soon 2")
    loop.call_soon(bad.set_exception, KeyError("failed future"))
    loop.call_later(0, log.append, "call_later(0)")
    await gathered
    for line in log:
        print("  ", line)

    done = loop.create_future()
    done.set_result("already there")

    async def no_suspension():
        return await done

    coro = no_suspension()
    try:
        coro.send(None)
    except StopIteration as stop:
        print("completed future awaited without suspending:", stop.value)

    cancelled = loop.create_future()
    cancelled.cancel("future cancelled")
    try:
        await cancelled
    except asyncio.CancelledError as e:
        print("awaiting a cancelled future:", e.args)


asyncio.run(main())
