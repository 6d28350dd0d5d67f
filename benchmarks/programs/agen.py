"""An async generator consumed by `async for`, without an event loop."""


async def numbers(n):
    for i in range(n):
        yield i


async def consume(n, passes):
    """`passes` times, sum an async generator of n items with `async for`."""
    total = 0
    for _ in range(passes):
        async for x in numbers(n):
            total += x
    return total


def run(n, passes):
    coroutine = consume(n, passes)
    try:
        coroutine.send(None)
    except StopIteration as stop:
        return stop.value
    raise RuntimeError("consume() suspended: nothing here should")
