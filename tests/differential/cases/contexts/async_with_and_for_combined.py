"""A realistic mix of `async with` and `async for`: a fake connection pool
(async context manager) yielding a cursor (async iterator) whose rows are
consumed with break/continue, an exception raised mid-iteration that must
release the connection, nested pools, and an async comprehension inside an
`async with` body."""
import asyncio
from tracelib import describe, suspend


class Cursor:
    def __init__(self, rows, log):
        self.rows, self.log = list(rows), log

    def __aiter__(self):
        return self

    async def __anext__(self):
        await suspend()
        if not self.rows:
            self.log.append("cursor exhausted")
            raise StopAsyncIteration
        row = self.rows.pop(0)
        self.log.append(f"fetched {row}")
        return row


class Connection:
    def __init__(self, pool, ident):
        self.pool, self.ident = pool, ident

    def cursor(self, rows):
        return Cursor(rows, self.pool.log)


class Pool:
    def __init__(self, name):
        self.name, self.log, self.next_id, self.in_use = name, [], 1, 0

    async def __aenter__(self):
        await suspend()
        conn = Connection(self, self.next_id)
        self.next_id += 1
        self.in_use += 1
        self.log.append(f"{self.name}: acquire conn{conn.ident}")
        return conn

    async def __aexit__(self, typ, val, tb):
        await suspend()
        self.in_use -= 1
        self.log.append(f"{self.name}: release ({'error ' + repr(val) if val else 'ok'})")
        return False


async def query(pool, rows, stop_at=None, fail_at=None):
    total = 0
    async with pool as conn:
        async for row in conn.cursor(rows):
            if row == stop_at:
                break
            if row == fail_at:
                raise ValueError(f"bad row {row}")
            if row < 0:
                continue
            total += row
    return total


async def nested_pools():
    a, b = Pool("A"), Pool("B")
    async with a as ca:
        async with b as cb:
            rows = [r async for r in ca.cursor([1, 2]) if r > 1] + \
                   [r * 10 async for r in cb.cursor([3])]
    return rows, a.log + b.log


async def main():
    pool = Pool("main")
    print("sum all", await query(pool, [1, -2, 3]))
    print("break", await query(pool, [5, 6, 7], stop_at=6))
    try:
        await query(pool, [1, 2, 3], fail_at=2)
    except ValueError as e:
        print("failed", describe(e))
    print("connections in use", pool.in_use)
    for line in pool.log:
        print("  ", line)
    rows, log = await nested_pools()
    print("nested", rows)
    for line in log:
        print("  ", line)


asyncio.run(main())
