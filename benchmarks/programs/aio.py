"""asyncio workloads: user code (compiled or native) on the stock event loop.

Only the coroutines defined here are compiled; asyncio itself stays native,
as it does under `movenext run` without `--include asyncio`.
"""

import asyncio


async def sleep0(n):
    """n `await asyncio.sleep(0)` in one task (n a multiple of 10)."""
    for _ in range(n // 10):
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        await asyncio.sleep(0)
    return n


def run_sleep0(n):
    return asyncio.run(sleep0(n))


async def worker(seed, rounds):
    """A task that alternates a little arithmetic with giving up the loop."""
    value = seed
    for i in range(rounds):
        value = (value * 1103515245 + 12345 + i) % 2147483648
        await asyncio.sleep(0)
    return value % 1000


async def many_tasks(tasks, rounds):
    running = [asyncio.create_task(worker(seed, rounds)) for seed in range(tasks)]
    total = 0
    for task in running:
        total += await task
    return total


def run_tasks(tasks, rounds):
    return asyncio.run(many_tasks(tasks, rounds))


async def producer(queue, items, consumers):
    for item in range(items):
        await queue.put(item)
    for _ in range(consumers):
        await queue.put(None)


async def consumer(queue):
    total = 0
    while True:
        item = await queue.get()
        if item is None:
            return total
        total += item


async def pipeline(items, consumers, maxsize):
    queue = asyncio.Queue(maxsize)
    feeding = asyncio.create_task(producer(queue, items, consumers))
    eating = [asyncio.create_task(consumer(queue)) for _ in range(consumers)]
    await feeding
    total = 0
    for task in eating:
        total += await task
    return total


def run_queue(items, consumers, maxsize):
    return asyncio.run(pipeline(items, consumers, maxsize))
