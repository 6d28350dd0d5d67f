"""asyncio.Queue between compiled producers and consumers: FIFO order,
backpressure with maxsize (a producer suspends in put() until a consumer
takes), task_done()/join(), get_nowait/put_nowait raising QueueEmpty/QueueFull,
a sentinel to stop consumers, and PriorityQueue/LifoQueue ordering."""
import asyncio
from tracelib import describe

log = []


async def producer(q, name, items):
    for item in items:
        log.append(f"{name} putting {item}")
        await q.put(item)
        log.append(f"{name} put {item}")
    await q.put(None)


async def consumer(q, name):
    got = []
    while True:
        item = await q.get()
        try:
            if item is None:
                log.append(f"{name} got sentinel")
                return got
            log.append(f"{name} got {item}")
            got.append(item)
        finally:
            q.task_done()


async def joiner(q):
    await q.join()
    log.append("join returned: all items processed")


async def main():
    q = asyncio.Queue(maxsize=2)
    results = await asyncio.gather(producer(q, "P", [1, 2, 3, 4]), consumer(q, "C"), joiner(q))
    print("consumer got", results[1])
    for line in log:
        print("  ", line)

    q = asyncio.Queue(maxsize=1)
    try:
        q.get_nowait()
    except asyncio.QueueEmpty as e:
        print("get_nowait on empty:", type(e).__name__)
    q.put_nowait("x")
    try:
        q.put_nowait("y")
    except asyncio.QueueFull as e:
        print("put_nowait on full:", type(e).__name__)
    print("qsize", q.qsize(), "full", q.full(), "empty", q.empty())

    pq = asyncio.PriorityQueue()
    for item in [(3, "c"), (1, "a"), (2, "b")]:
        await pq.put(item)
    print("priority order", [await pq.get() for _ in range(3)])
    lq = asyncio.LifoQueue()
    for item in "abc":
        await lq.put(item)
    print("lifo order", [await lq.get() for _ in range(3)])

    q = asyncio.Queue()
    waiters = [asyncio.create_task(q.get()) for _ in range(3)]
    await asyncio.sleep(0)
    for item in ("first", "second", "third"):
        q.put_nowait(item)
    print("waiting getters served in order:", [await w for w in waiters])


asyncio.run(main())
