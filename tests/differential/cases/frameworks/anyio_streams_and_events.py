"""anyio memory object streams, Events and Locks on both backends: a
producer/consumer pair over a bounded stream (only the consumer records),
several cloned senders (results sorted), an Event waking a waiter that then
records, a Lock serialising increments whose interleaving would otherwise lose
updates, and a CapacityLimiter's borrowed token count."""
import anyio


async def produce(send, items):
    async with send:
        for item in items:
            await send.send(item)


async def streams():
    send, receive = anyio.create_memory_object_stream(1)
    got = []
    async with anyio.create_task_group() as tg:
        tg.start_soon(produce, send, ["a", "b", "c"])
        async with receive:
            async for item in receive:
                got.append(item)
    send, receive = anyio.create_memory_object_stream(10)
    many = []
    async with anyio.create_task_group() as tg:
        async with send:
            for i in range(3):
                tg.start_soon(produce, send.clone(), [f"{i}-{j}" for j in range(2)])
        async with receive:
            async for item in receive:
                many.append(item)
    return got, sorted(many)


async def events():
    event = anyio.Event()
    log = []

    async def waiter():
        await event.wait()
        log.append("waiter woke after set()")

    async with anyio.create_task_group() as tg:
        tg.start_soon(waiter)
        await anyio.sleep(0)
        log.append(f"is_set before: {event.is_set()}")
        event.set()
    return log


async def locks():
    lock = anyio.Lock()
    state = {"counter": 0}

    async def increment():
        for _ in range(5):
            async with lock:
                value = state["counter"]
                await anyio.sleep(0)
                state["counter"] = value + 1

    async with anyio.create_task_group() as tg:
        for _ in range(3):
            tg.start_soon(increment)
    return state["counter"]


async def limiter():
    limit = anyio.CapacityLimiter(2)
    peak = {"now": 0, "max": 0}

    async def use():
        async with limit:
            peak["now"] += 1
            peak["max"] = max(peak["max"], peak["now"])
            await anyio.sleep(0)
            peak["now"] -= 1

    async with anyio.create_task_group() as tg:
        for _ in range(5):
            tg.start_soon(use)
    return peak["max"], limit.borrowed_tokens


async def main(backend):
    print(f"[{backend}]")
    print("  streams", await streams())
    print("  events", await events())
    print("  locked counter", await locks())
    print("  limiter peak/borrowed", await limiter())


for backend in ("asyncio", "trio"):
    anyio.run(main, backend, backend=backend)
