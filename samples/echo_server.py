"""A TCP echo server and its clients, with asyncio streams and a clean shutdown.

The server listens on 127.0.0.1 with an OS-assigned port (`port=0`), speaks a
tiny line protocol (`ECHO ...`, `REVERSE ...`, `QUIT`) dispatched with `match`,
and counts its open connections so that shutdown can wait for every handler
to finish. Several clients run concurrently; since the OS decides in which
order their bytes arrive, everything is collected first and printed sorted.

What to look at in the compiled state machine:

* `handle()` is a `while True:` loop around `await reader.readline()` whose
  body is a `match` statement; one case awaits and then `break`s out of the
  loop from inside the `match`, and the others fall through to a shared
  `await writer.drain()`.
* The `finally:` in `handle()` itself awaits (`writer.wait_closed()`, inside
  its own `try/except`), so the machine has to remember *why* it entered the
  finally block (normal completion, or an exception such as a reset
  connection that must be re-raised afterwards) across that suspension.
* `piped_client()` uses `async for line in reader:` - a class-based async
  iterator from the standard library; the machine stores the iterator in a
  field and awaits its `__anext__()` at one state, ending the loop on
  `StopAsyncIteration`.
"""

import asyncio


class EchoServer:
    def __init__(self):
        self.log = []
        self.open_connections = 0
        self.all_closed = asyncio.Event()

    async def handle(self, reader, writer):
        # start_server() calls this coroutine function once per connection.
        self.open_connections += 1
        self.all_closed.clear()
        name = "?"
        served = 0
        try:
            name = (await reader.readline()).decode().split()[-1]  # "HELLO <name>"
            writer.write(f"welcome, {name}\n".encode())
            while True:
                line = await reader.readline()
                if not line:  # the client closed its side (EOF)
                    break
                match line.decode().split():
                    case ["ECHO", *words]:
                        writer.write((" ".join(words) + "\n").encode())
                    case ["REVERSE", text]:
                        writer.write((text[::-1] + "\n").encode())
                    case ["QUIT"]:
                        writer.write(b"bye\n")
                        await writer.drain()
                        break
                    case other:
                        writer.write(f"error: unknown command {other[:1]}\n".encode())
                served += 1
                await writer.drain()  # backpressure: wait if the client is slow
        finally:
            self.log.append(f"{name}: served {served} requests")
            writer.close()
            try:
                await writer.wait_closed()
            except ConnectionError:
                pass  # the client may already be gone; that is fine
            self.open_connections -= 1
            if self.open_connections == 0:
                self.all_closed.set()


async def chatty_client(name, port, commands):
    """Request/response: send one line, wait for its answer, repeat."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    received = []
    try:
        writer.write(f"HELLO {name}\n".encode())
        received.append((await reader.readline()).decode().rstrip("\n"))
        for command in commands + ["QUIT"]:
            writer.write((command + "\n").encode())
            await writer.drain()
            received.append((await reader.readline()).decode().rstrip("\n"))
        tail = await reader.read()  # the server closes after "bye": we read EOF
        received.append(f"<EOF after {len(tail)} more bytes>")
    finally:
        writer.close()
        await writer.wait_closed()
    return name, received


async def piped_client(name, port, commands):
    """Pipelining: send everything at once, half-close, then read all answers."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    payload = "".join(f"{c}\n" for c in [f"HELLO {name}", *commands])
    # Split the bytes at odd places: the server's readline() must reassemble them.
    data = payload.encode()
    for start in range(0, len(data), 7):
        writer.write(data[start : start + 7])
        await writer.drain()
    writer.write_eof()  # "no more requests"; the server sees readline() == b""
    received = [line.decode().rstrip("\n") async for line in reader]
    received.append("<EOF>")
    writer.close()
    await writer.wait_closed()
    return name, received


async def main():
    server = EchoServer()
    listener = await asyncio.start_server(server.handle, "127.0.0.1", 0)
    port = listener.sockets[0].getsockname()[1]  # OS-assigned: never printed
    async with listener:
        results = await asyncio.gather(
            chatty_client("alice", port, ["ECHO hello world", "REVERSE stressed"]),
            chatty_client("bob", port, ["ECHO one", "ECHO two", "PING"]),
            piped_client("carol", port, ["REVERSE drawer", "ECHO piped  words", "ECHO last"]),
            chatty_client("dave", port, []),
        )
        await server.all_closed.wait()  # every handler has run its finally block
        listener.close()  # stop accepting; `async with` also waits for close
    print("server is serving:", listener.is_serving())
    for name, lines in sorted(results):
        print(f"{name} received:")
        for line in lines:
            print(f"    {line}")
    print("server log:")
    for entry in sorted(server.log):
        print(f"    {entry}")


if __name__ == "__main__":
    asyncio.run(main())
