"""trio memory channels between compiled coroutines. Only the receiving side
prints (channel order is FIFO; scheduling order between tasks is random), and
items from several producers are printed sorted: a single producer/consumer
with `async for` ending when the send side closes, an unbuffered channel
(max_buffer_size=0) handing off items one at a time, cloned senders,
send_nowait raising WouldBlock on a full buffer, and receiving from a closed
channel."""
import trio
from tracelib import describe


async def producer(send_channel, items):
    async with send_channel:
        for item in items:
            await send_channel.send(item)


async def single():
    send, receive = trio.open_memory_channel(2)
    got = []
    async with trio.open_nursery() as nursery:
        nursery.start_soon(producer, send, ["a", "b", "c", "d"])
        async with receive:
            async for item in receive:
                got.append(item)
    return got


async def unbuffered():
    send, receive = trio.open_memory_channel(0)
    got = []
    async with trio.open_nursery() as nursery:
        nursery.start_soon(producer, send, range(5))
        async with receive:
            while True:
                try:
                    got.append(await receive.receive())
                except trio.EndOfChannel:
                    got.append("EndOfChannel")
                    break
    return got


async def cloned():
    send, receive = trio.open_memory_channel(10)
    got = []
    async with trio.open_nursery() as nursery:
        async with send:
            for i in range(3):
                nursery.start_soon(producer, send.clone(), [f"p{i}-{j}" for j in range(2)])
        async with receive:
            async for item in receive:
                got.append(item)
    return sorted(got)


async def errors():
    out = []
    send, receive = trio.open_memory_channel(1)
    send.send_nowait("fills the buffer")
    try:
        send.send_nowait("overflow")
    except trio.WouldBlock as e:
        out.append(f"send_nowait on full: {type(e).__name__}")
    out.append(f"receive_nowait: {receive.receive_nowait()}")
    try:
        receive.receive_nowait()
    except trio.WouldBlock:
        out.append("receive_nowait on empty: WouldBlock")
    await send.aclose()
    try:
        await receive.receive()
    except trio.EndOfChannel:
        out.append("receive after sender closed: EndOfChannel")
    try:
        await send.send("late")
    except trio.ClosedResourceError as e:
        out.append(f"send on closed: {describe(e)}")
    await receive.aclose()
    return out


async def main():
    for case in (single, unbuffered, cloned, errors):
        print(case.__name__, await case())


trio.run(main)
