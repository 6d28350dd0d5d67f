"""A streaming pipeline built from async generators, with backpressure.

Sensor readings stream through a chain of stages:

    read_sensor() -> pump task -> [bounded queue] -> drain() -> parse()
                  -> smooth() -> (async generator expression) -> alarm loop

`read_sensor()` is an async generator; a separate *pump* task copies its
items into an `asyncio.Queue(maxsize=2)`, so when the consumer falls behind
the pump blocks in `put()` and stops pulling from the sensor (backpressure).
On the other side of the queue every stage is an async generator that pulls
from the one before it with `async for`: nothing runs until the end of the
chain asks for the next item. The consumer stops early as soon as it sees an
alarm and closes the chain with `aclose()`.

`async for` does not close what it iterates, so each stage closes its
upstream in a `finally` clause: closing the last stage closes them all,
last to first. The pump is then cancelled while blocked in `put()`, and
closes the sensor in its own `finally`. Thanks to backpressure the sensor
was never asked for most of the readings after the alarm: the consumer took
9, two wait in the queue, and one is in the pump's hands.

What to look at in the compiled state machine:

* A `yield` is a state like an `await`, but `move_next()` returns YIELDED
  instead of SUSPENDED: the value goes to the consumer, not to the event
  loop. `smooth()` keeps its `window` list and running `total` in fields,
  because they must survive both kinds of stop.
* `parse()` has `continue` after a rejected reading inside `async for`: the
  loop re-awaits `__anext__()` of its source without yielding anything.
* The `finally: await source.aclose()` clauses run when `aclose()` throws
  GeneratorExit in at the suspended yield -- an await *during* closing, which
  async generators (unlike sync ones) allow.
* `alerts` is an asynchronous generator expression (it awaits in its
  element), compiled into a nested async generator of its own.
"""

import asyncio

DONE = object()  # end-of-stream marker in the queue
RAW = ["20.5", "21.0", "bad", "21.5", "22.0", "", "25.0", "31.5", "35.0", "36.5", "37.0",
       "38.0", "36.0", "33.5", "30.0", "28.5", "26.0"]
events = []  # what happened, in order
produced = [0]  # how many readings the sensor handed out


async def read_sensor(values):
    """The source: one reading per tick."""
    try:
        for tick, text in enumerate(values):
            await asyncio.sleep(0)  # waiting for the hardware
            produced[0] += 1
            yield tick, text
    finally:
        events.append("sensor: closed")


async def pump(source, queue, stats):
    """Copy the source into the queue; blocks when the queue is full."""
    try:
        async for item in source:
            if queue.full():
                stats["pump blocked"] += 1  # backpressure in action
            await queue.put(item)
        await queue.put(DONE)
        events.append("pump: source exhausted")
    except asyncio.CancelledError:
        events.append(f"pump: cancelled with {queue.qsize()} items queued")
        raise
    finally:
        await source.aclose()


async def drain(queue):
    """The queue, seen as an async iterator."""
    try:
        while (item := await queue.get()) is not DONE:
            yield item
    finally:
        events.append("drain: closed")


async def parse(source, stats):
    try:
        async for tick, text in source:
            try:
                value = float(text)
            except ValueError:
                stats["rejected"] += 1
                continue  # skip it, ask the source for the next one
            yield tick, value
    finally:
        await source.aclose()
        events.append("parse: closed")


async def smooth(source, size):
    """Moving average over the last `size` readings."""
    window, total = [], 0.0
    try:
        async for tick, value in source:
            window.append(value)
            total += value
            if len(window) > size:
                total -= window.pop(0)
            yield tick, round(total / len(window), 2)
    finally:
        await source.aclose()
        events.append("smooth: closed")


async def classify(average):
    for _ in range(3):  # a slow rules service: the consumer is the bottleneck
        await asyncio.sleep(0)
    return "ALARM" if average >= 30 else "warm" if average >= 22 else "ok"


async def main():
    stats = {"pump blocked": 0, "rejected": 0}
    queue = asyncio.Queue(maxsize=2)
    pump_task = asyncio.create_task(pump(read_sensor(RAW), queue, stats))
    smoothed = smooth(parse(drain(queue), stats), size=3)
    alerts = ((tick, avg, await classify(avg)) async for tick, avg in smoothed)

    async for tick, average, level in alerts:
        print(f"tick {tick:>2}: average {average:5.2f} -> {level}")
        if level == "ALARM":
            print("alarm: stopping the stream")
            break
    # The genexp does not close `smoothed` either: close both explicitly.
    await alerts.aclose()
    await smoothed.aclose()
    pump_task.cancel()
    try:
        await pump_task
    except asyncio.CancelledError:
        pass
    for event in events:
        print(" ", event)
    for key, value in stats.items():
        print(f"{key}: {value}")
    print(f"sensor produced {produced[0]} of {len(RAW)} readings")


if __name__ == "__main__":
    asyncio.run(main())
