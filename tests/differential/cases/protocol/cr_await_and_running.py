"""cr_await, cr_running and cr_suspended observed from outside and inside:
before start (None/False/False), while suspended in `await suspend()`
(cr_await is the suspend() generator), while suspended awaiting another
coroutine (cr_await is that coroutine object), while suspended on a custom
awaitable's iterator and on an asyncio Future, while running (cr_running is
True only inside), and after completion. Only booleans and type names of
non-coroutine objects are printed."""
import asyncio
from tracelib import suspend

holder = {}


class Iter:
    def __init__(self):
        self.done = False

    def __iter__(self):
        return self

    def __next__(self):
        if self.done:
            raise StopIteration("custom result")
        self.done = True
        return "custom"


class Custom:
    def __await__(self):
        return Iter()


async def inner():
    await suspend("inner suspended")
    return "inner done"


async def observed():
    me = holder["me"]
    print("  inside: running", me.cr_running, "suspended", me.cr_suspended,
          "cr_await", me.cr_await)
    await suspend("plain suspend")
    holder["inner"] = inner_coro = inner()
    r = await inner_coro
    print("  inside after inner:", r, "cr_await", me.cr_await)
    await Custom()
    return "finished"


def state(coro):
    awaiting = coro.cr_await
    if awaiting is None:
        what = "None"
    elif awaiting is holder.get("inner"):
        what = "the inner coroutine object"
    else:
        what = type(awaiting).__name__
    return f"running={coro.cr_running} suspended={coro.cr_suspended} cr_await={what}"


def by_hand():
    coro = observed()
    holder["me"] = coro
    print("before start:", state(coro))
    print("send ->", coro.send(None))
    print("after first suspension:", state(coro))
    print("send ->", coro.send(None))
    print("while awaiting inner:", state(coro))
    print("inner itself:", state(holder["inner"]))
    print("send ->", coro.send(None))
    print("while awaiting Custom:", state(coro))
    try:
        coro.send(None)
    except StopIteration as stop:
        print("finished with", stop.value)
    print("after completion:", state(coro))


async def future_waiter(fut):
    return await fut


async def with_asyncio():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    coro = future_waiter(fut)
    task = asyncio.ensure_future(coro)
    await asyncio.sleep(0)
    print("awaiting a Future:", f"running={coro.cr_running}",
          f"cr_await={type(coro.cr_await).__name__}",
          f"suspended={coro.cr_suspended}")
    fut.set_result("future result")
    print("task result:", await task)
    print("after:", coro.cr_await, coro.cr_running, coro.cr_suspended)


by_hand()
asyncio.run(with_asyncio())
