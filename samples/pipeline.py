"""A producer/consumer pipeline: bounded queues, several stages, sentinel shutdown.

Log lines flow through four stages connected by small `asyncio.Queue`s:

    producer -> [q1] -> 2 parsers -> [q2] -> enricher -> [q3] -> sink

The queues are bounded (`maxsize=2`), so a fast stage blocks in `put()` until
the next stage catches up (backpressure). Shutdown uses a sentinel object:
the producer sends one per parser, the *last* parser to stop forwards a single
sentinel downstream, and so on. The sink returns everything it collected, and
the results are printed in input order (by sequence number).

What to look at in the compiled state machine:

* `producer()` awaits inside `for seq, line in enumerate(lines)`: the
  `enumerate` iterator and the unpacked `seq`/`line` are fields, and the
  `if queue.full():` test before the await shows that ordinary code between
  awaits runs inside one state.
* `parser()` has `continue` and `break` inside a `while True:` loop whose body
  awaits: after resuming in the middle of the body they must still restart
  or leave the right loop.
* `enricher()` calls a nested `async def lookup()` that closes over `cache`:
  the closure cell is shared between the machine and the inner function.
  Its loop is `while (record := await inbox.get()) is not DONE:` - a walrus
  whose target lives across the awaits in the loop body.
"""

import asyncio
from dataclasses import dataclass

DONE = object()  # the sentinel: compared with `is`, never equal to real data

LOG = [
    "09:00 INFO user=alice action=login",
    "09:01 WARN user=bob action=retry",
    "garbage line",
    "09:02 INFO user=alice action=upload",
    "09:03 ERROR user=carol action=login",
    "09:04 INFO user=bob action=logout",
    "09:05",
    "09:06 INFO user=carol action=upload",
    "09:07 INFO user=alice action=logout",
]
DEPARTMENTS = {"alice": "research", "bob": "sales", "carol": "support"}


@dataclass
class Record:
    seq: int
    time: str
    level: str
    user: str
    action: str
    department: str = "?"
    parsed_by: str = "?"


async def producer(lines, queue, consumers, stats):
    for seq, line in enumerate(lines):
        if queue.full():
            stats["producer waited"] += 1  # backpressure: parsers are behind
        await queue.put((seq, line))
    for _ in range(consumers):
        await queue.put(DONE)  # one sentinel for every parser


async def parser(name, inbox, outbox, running, rejects):
    while True:
        item = await inbox.get()
        if item is DONE:
            break
        seq, line = item
        await asyncio.sleep(0)  # parsing is "work": let others run
        parts = line.split()
        if len(parts) < 2:
            rejects.append((seq, line))
            continue  # skip malformed input, keep going
        time, level, *fields = parts
        pairs = dict(f.split("=", 1) for f in fields if "=" in f)  # a sync genexp is fine
        if "user" not in pairs or "action" not in pairs:
            rejects.append((seq, line))
            continue
        await outbox.put(Record(seq, time, level, pairs["user"], pairs["action"], parsed_by=name))
    running[0] -= 1
    if running[0] == 0:  # the last parser out turns off the lights
        await outbox.put(DONE)


async def enricher(inbox, outbox, stats):
    cache = {}

    async def lookup(user):
        # A fake directory service with a cache the closure shares with enricher().
        if user not in cache:
            stats["directory lookups"] += 1
            await asyncio.sleep(0)
            cache[user] = DEPARTMENTS.get(user, "unknown")
        return cache[user]

    while (record := await inbox.get()) is not DONE:
        record.department = await lookup(record.user)
        await outbox.put(record)
    await outbox.put(DONE)


async def sink(inbox, stats):
    collected = []
    while True:
        record = await inbox.get()
        if record is DONE:
            return collected
        stats["max backlog"] = max(stats["max backlog"], inbox.qsize() + 1)
        collected.append(record)


async def main():
    q1, q2, q3 = (asyncio.Queue(maxsize=2) for _ in range(3))
    stats = {"producer waited": 0, "directory lookups": 0, "max backlog": 0}
    rejects = []
    running = [2]  # how many parsers are still working (a mutable cell)
    parsers = [parser(f"parser-{i}", q1, q2, running, rejects) for i in (1, 2)]
    *_, records = await asyncio.gather(
        producer(LOG, q1, len(parsers), stats),
        *parsers,
        enricher(q2, q3, stats),
        sink(q3, stats),
    )
    print(f"{len(records)} records, {len(rejects)} rejected")
    for r in sorted(records, key=lambda r: r.seq):
        print(f"  #{r.seq} {r.time} {r.level:<5} {r.user:<6} {r.action:<7} dept={r.department}")
    for seq, line in sorted(rejects):
        print(f"  #{seq} rejected: {line!r}")
    # Which parser got which line is decided by the (deterministic) scheduler.
    for name in ("parser-1", "parser-2"):
        print(f"{name} parsed {sum(r.parsed_by == name for r in records)} records")
    for key in sorted(stats):
        print(f"{key}: {stats[key]}")
    print("every queue drained:", all(q.empty() for q in (q1, q2, q3)))


if __name__ == "__main__":
    asyncio.run(main())
