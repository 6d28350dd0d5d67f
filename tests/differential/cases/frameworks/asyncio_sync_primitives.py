"""asyncio synchronization primitives used by compiled coroutines: Lock (FIFO
hand-off, `async with lock` releasing on exception), Semaphore limiting
concurrency (max concurrent count observed), Event waking every waiter in
order, Condition with wait_for/notify, and BoundedSemaphore over-release."""
import asyncio
from tracelib import describe, suspend

log = []


async def locked_section(lock, name):
    async with lock:
        log.append(f"{name} acquired")
        await suspend()
        await suspend()
        log.append(f"{name} releasing")


async def failing_section(lock):
    try:
        async with lock:
            await suspend()
            raise ValueError("inside lock")
    except ValueError as e:
        log.append(f"failing section: {describe(e)}; lock released: {not lock.locked()}")


running = 0
peak = 0


async def limited(sem, name):
    global running, peak
    async with sem:
        running += 1
        peak = max(peak, running)
        log.append(f"{name} in (running={running})")
        await suspend()
        running -= 1


async def event_waiter(event, name):
    log.append(f"{name} waiting")
    await event.wait()
    log.append(f"{name} woke")


async def condition_consumer(cond, items, name):
    async with cond:
        await cond.wait_for(lambda: items)
        log.append(f"{name} took {items.pop(0)}")


async def condition_producer(cond, items):
    for i in range(2):
        await suspend()
        async with cond:
            items.append(f"item{i}")
            cond.notify(1)


async def main():
    lock = asyncio.Lock()
    await asyncio.gather(*(locked_section(lock, n) for n in "ABC"), failing_section(lock))
    print("lock:")
    for line in log:
        print("  ", line)
    log.clear()

    sem = asyncio.Semaphore(2)
    await asyncio.gather(*(limited(sem, f"t{i}") for i in range(5)))
    print("semaphore peak", peak)
    for line in log:
        print("  ", line)
    log.clear()

    event = asyncio.Event()
    waiters = [asyncio.create_task(event_waiter(event, f"w{i}")) for i in range(3)]
    await asyncio.sleep(0)
    log.append("setting event")
    event.set()
    await asyncio.gather(*waiters)
    print("event:")
    for line in log:
        print("  ", line)
    log.clear()

    cond = asyncio.Condition()
    items = []
    await asyncio.gather(condition_consumer(cond, items, "c1"), condition_consumer(cond, items, "c2"),
                         condition_producer(cond, items))
    print("condition:", log)

    bounded = asyncio.BoundedSemaphore(1)
    try:
        bounded.release()
    except ValueError as e:
        print("bounded over-release:", describe(e))


asyncio.run(main())
