"""Class-based async iterators, `async for`, async comprehensions, aiter/anext.

A fake REST API returns users one page at a time. `Paginator` hides the
paging behind `async for`: its `async def __anext__` fetches the next page
only when the current one is used up. `AsyncMap` and `AsyncFilter` wrap any
async iterable, the way `map` and `filter` wrap iterables. (No async
generators here: every iterator is a class with `__aiter__`/`__anext__`.)

What to look at in the compiled state machine:

* `Paginator.__anext__` is itself a coroutine with an `if` around an await;
  raising `StopAsyncIteration` from it ends the caller's loop.
* `async for ... else:` with `break` and `continue`: the loop is a state that
  awaits `__anext__()`, the `else` clause runs only when that await raises
  StopAsyncIteration, and `break` jumps past it.
* Async comprehensions (`[x async for x in ...]`, `{k: v async for ...}`,
  `[await f(x) for x in ...]`) have their own scope, like a nested function,
  yet suspend the enclosing coroutine: the comprehension's iterator and the
  list it is building must survive every await inside it.
* `await anext(pipeline, default)` awaits a built-in awaitable that in turn
  drives the compiled `__anext__` machines of three wrapped iterators.
"""

import asyncio

USERS = [
    {"id": i, "name": name, "active": i % 3 != 0}
    for i, name in enumerate(
        ["ada", "alan", "barbara", "donald", "edsger", "frances", "grace", "john", "ken"], 1
    )
]
requests = []  # every page the fake API served, in order


async def fetch_page(page, size):
    await asyncio.sleep(0)  # network round trip
    requests.append(page)
    start = page * size
    return USERS[start : start + size]


class Paginator:
    """`async for user in Paginator(size)` fetches pages lazily."""

    def __init__(self, page_size):
        self.page_size = page_size
        self.page = 0
        self.buffer = []
        self.exhausted = False

    def __aiter__(self):
        return self

    async def __anext__(self):
        if not self.buffer and not self.exhausted:
            self.buffer = await fetch_page(self.page, self.page_size)
            self.page += 1
            self.exhausted = len(self.buffer) < self.page_size
        if not self.buffer:
            raise StopAsyncIteration
        return self.buffer.pop(0)


class AsyncMap:
    def __init__(self, func, source):
        self.func, self.source = func, aiter(source)  # aiter() calls __aiter__

    def __aiter__(self):
        return self

    async def __anext__(self):
        item = await anext(self.source)  # StopAsyncIteration passes through
        return await self.func(item)


class AsyncFilter:
    def __init__(self, predicate, source):
        self.predicate, self.source = predicate, aiter(source)

    def __aiter__(self):
        return self

    async def __anext__(self):
        while True:  # skip items until one passes the (async) predicate
            item = await anext(self.source)
            if await self.predicate(item):
                return item


async def is_active(user):
    await asyncio.sleep(0)
    return user["active"]


async def shout(user):
    return user["name"].upper()


async def main():
    print("== async for with continue, break and else")
    async for user in Paginator(page_size=4):
        if not user["active"]:
            continue
        if user["name"].startswith("j"):
            print(f"  found {user['name']} (id {user['id']}), stopping early")
            break
    else:
        print("  no j-name found")  # skipped: the loop ended with break
    print(f"  pages requested: {requests}")

    async for user in Paginator(page_size=5):
        if user["name"] == "nobody":
            break
    else:
        print("  'nobody' is not a user: the else clause ran after the last page")

    print("== async comprehensions")
    names = [u["name"] async for u in Paginator(4)]
    print("  all names:", names)
    active = [u["name"] async for u in Paginator(4) if await is_active(u)]
    print("  active:", active)
    by_initial = {u["name"][0]: u["id"] async for u in Paginator(3)}
    print("  last id per initial:", dict(sorted(by_initial.items())))
    lengths = {len(u["name"]) async for u in Paginator(3)}
    print("  name lengths:", sorted(lengths))
    pairs = [(u["id"], flag) async for u in Paginator(5) if u["id"] <= 2 for flag in "xy"]
    print("  nested:", pairs)
    loud = [await shout(u) for u in USERS[:3]]  # an await in a plain comprehension
    print("  shouted:", loud)

    print("== combinators, aiter() and anext()")
    pipeline = AsyncMap(shout, AsyncFilter(is_active, Paginator(2)))
    print("  first two:", await anext(pipeline), await anext(pipeline))
    print("  the rest:", [name async for name in pipeline])
    print("  after the end:", await anext(pipeline, "<exhausted>"))
    try:
        await anext(pipeline)
    except StopAsyncIteration:
        print("  anext() without a default raises StopAsyncIteration")
    print(f"  total pages requested: {len(requests)}")


if __name__ == "__main__":
    asyncio.run(main())
