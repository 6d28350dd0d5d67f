"""One module of the generated package that `import_warm` imports: ordinary
application code, with a typical share of `async def` (awaits in loops, in
try/except/finally, async with, async for, an async generator, methods)."""

import asyncio
import dataclasses

RETRIES = 3


class FetchError(Exception):
    pass


@dataclasses.dataclass
class Record:
    key: str
    value: int = 0
    tags: tuple = ()


def checksum(data):
    total = 0
    for index, byte in enumerate(data):
        total = (total * 31 + byte + index) % 65521
    return total


async def fetch(key, delay=0):
    await asyncio.sleep(delay)
    if not key:
        raise FetchError("empty key")
    return Record(key, len(key))


async def fetch_with_retries(key):
    last = None
    for attempt in range(RETRIES):
        try:
            return await fetch(key, attempt * 0)
        except FetchError as error:
            last = error
            await asyncio.sleep(0)
        finally:
            pass
    raise FetchError(f"gave up on {key!r}") from last


async def records(keys):
    for key in keys:
        record = await fetch_with_retries(key)
        yield record


async def collect(keys, lock):
    found = []
    async with lock:
        async for record in records(keys):
            if record.value > 1:
                found.append(record)
    return found


class Store:
    def __init__(self):
        self.items = {}
        self.lock = asyncio.Lock()

    async def get(self, key):
        async with self.lock:
            return self.items.get(key)

    async def put(self, key, value):
        async with self.lock:
            self.items[key] = value
            await asyncio.sleep(0)

    async def update(self, key, change):
        current = await self.get(key)
        await self.put(key, change(current))
        return current

    def __len__(self):
        return len(self.items)


async def main(keys):
    store = Store()
    lock = asyncio.Lock()
    for record in await collect(keys, lock):
        await store.put(record.key, record)
    results = await asyncio.gather(*(store.get(key) for key in keys), return_exceptions=True)
    return len(store), sum(1 for r in results if r is not None)
