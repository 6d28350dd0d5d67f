"""The TCP echo pattern over loopback with asyncio streams: a server that
echoes lines, and N clients that each send M lines and read them back."""

import asyncio

LINE = b"x" * 63 + b"\n"


async def handle(reader, writer):
    """Echo every line until the client closes its end."""
    while True:
        line = await reader.readline()
        if not line:
            break
        writer.write(line)
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def client(port, messages):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    received = 0
    for _ in range(messages):
        writer.write(LINE)
        await writer.drain()
        line = await reader.readline()
        received += len(line)
    writer.close()
    await writer.wait_closed()
    return received


async def serve(clients, messages):
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        received = await asyncio.gather(*[client(port, messages) for _ in range(clients)])
    return sum(received)


def run(clients, messages):
    return asyncio.run(serve(clients, messages))
