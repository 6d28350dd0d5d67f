"""Async generators whose `yield` and `await` sit inside loops: `for` over
sync iterables of several kinds (list, range, dict items with unpacking, a
sync generator, zip/enumerate), `while` with `continue`, `break` and `else`,
nested loops yielding from the inner loop, and a loop variable that must
survive both a yield and an await. Every step logs, so the order of the
generator's side effects relative to the consumer's is visible."""
import asyncio
from tracelib import suspend


def numbers(n):
    print(f"  numbers({n}) started")
    for i in range(n):
        print(f"  numbers yields {i}")
        yield i
    print("  numbers done")


async def over_list(items):
    for item in items:
        print(f"  gen: before await for {item!r}")
        await suspend()
        print(f"  gen: yielding {item!r}")
        yield item
        print(f"  gen: resumed after {item!r}")
    print("  gen: list done")


async def over_dict(mapping):
    for index, (key, value) in enumerate(mapping.items()):
        await asyncio.sleep(0)
        yield f"{index}:{key}={value}"
        await suspend()
    else:
        print("  gen: dict loop else")
        yield "after else"


async def over_sync_generator():
    for a, b in zip(numbers(3), "xyz"):
        received = yield (a, b)
        await suspend()
        print(f"  gen: got {received!r} for {a}")


async def while_loop(limit):
    i = 0
    while i < limit:
        i += 1
        await suspend()
        if i % 2 == 0:
            print(f"  gen: skipping {i}")
            continue
        if i > 6:
            print(f"  gen: breaking at {i}")
            break
        yield i
        print(f"  gen: after yield {i}")
    else:
        print("  gen: while else (no break)")
        yield "else"
    print(f"  gen: while finished, i={i}")


async def nested(rows, cols):
    for r in range(rows):
        row_total = 0
        for c in range(cols):
            await asyncio.sleep(0)
            row_total += (yield (r, c))  or 0
        print(f"  gen: row {r} total {row_total}")
        yield f"row {r} done"


async def main():
    print("over_list")
    async for v in over_list(["a", "b"]):
        print(f"  consumer got {v!r}")
        await suspend()
    print("over_dict")
    print("  ", [v async for v in over_dict({"k": 1, "m": 2})])
    print("over_sync_generator")
    g = over_sync_generator()
    print("  first", await g.asend(None))
    try:
        while True:
            print("  next", await g.asend("ack"))
    except StopAsyncIteration:
        print("  exhausted")
    for limit in (5, 9):
        print(f"while_loop({limit})")
        async for v in while_loop(limit):
            print(f"  consumer got {v!r}")
    print("nested")
    g = nested(2, 2)
    value = await g.__anext__()
    step = 1
    while True:
        print(f"  consumer got {value!r}")
        try:
            value = await g.asend(step * 10)
        except StopAsyncIteration:
            break
        step += 1
    print("  done")


asyncio.run(main())
