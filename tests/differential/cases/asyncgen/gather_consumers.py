"""Several asyncio tasks consuming async generators: asyncio.gather of
consumers that each own a generator (their items interleave in scheduling
order, which is deterministic for asyncio), consumers feeding each other
through a generator that awaits an asyncio.Queue, a consumer that fails
(gather propagates the first error; the other consumers keep running and
finish), and where each generator's finally runs: in the consumer's task
(named), or -- for the failed consumer's abandoned generator -- in the task
asyncio's finalizer hook creates once the generator is garbage collected."""
import asyncio
from tracelib import describe

log = []


async def ticks(name, n):
    try:
        for i in range(n):
            await asyncio.sleep(0)
            log.append(f"{name} yields {i}")
            yield i
    finally:
        task = asyncio.current_task().get_name()
        where = task if task.startswith("task-") else "an asyncio finalizer task"
        log.append(f"{name} finally in {where}")


async def consumer(name, n):
    total = 0
    async for v in ticks(name, n):
        total += v
    return f"{name} total {total}"


async def from_queue(queue):
    while (item := await queue.get()) is not None:
        yield item


async def producer(queue):
    for item in ("x", "y", "z"):
        await queue.put(item)
        await asyncio.sleep(0)
    await queue.put(None)


async def queue_consumer(queue):
    return [item async for item in from_queue(queue)]


async def failing_consumer():
    async for v in ticks("fail", 5):
        if v == 1:
            raise ValueError("consumer failed")


async def main():
    tasks = [asyncio.create_task(consumer(name, n), name=f"task-{name}") for name, n in (("a", 3), ("b", 2))]
    print(await asyncio.gather(*tasks))
    for line in log:
        print(" ", line)
    log.clear()

    queue = asyncio.Queue(maxsize=1)
    _, items = await asyncio.gather(producer(queue), queue_consumer(queue))
    print("queue items", items)

    fail = asyncio.create_task(failing_consumer(), name="task-fail")
    other = asyncio.create_task(consumer("c", 4), name="task-c")
    try:
        await asyncio.gather(fail, other)
    except ValueError as e:
        print("gather raised", describe(e))
    print("other still running:", not other.done())
    print("other result:", await other)
    for line in log:
        print(" ", line)


asyncio.run(main())
