"""contextvars with compiled coroutines: a value set before an await is still
seen after it, tasks get a *copy* of the context at creation (their changes
don't leak back, later changes in the parent aren't seen), Token.reset
across suspensions, a coroutine awaited directly shares the caller's context,
Context.run() with a coroutine's send(), and an explicit context= for a task."""
import asyncio
import contextvars
from tracelib import suspend

request_id = contextvars.ContextVar("request_id", default="unset")


async def read_after_suspend(label):
    before = request_id.get()
    await suspend()
    return f"{label}: before={before} after={request_id.get()}"


async def child_task():
    seen = request_id.get()
    request_id.set("set-in-child")
    await suspend()
    return f"child saw {seen}, then set its own: {request_id.get()}"


async def sets_in_callee():
    request_id.set("set-in-callee")
    await suspend()


async def main():
    print(await read_after_suspend("initial"))
    request_id.set("parent-1")
    task = asyncio.create_task(child_task())
    request_id.set("parent-2")
    print(await task)
    print("parent after child:", request_id.get())

    await sets_in_callee()
    print("after awaiting a callee directly:", request_id.get())

    token = request_id.set("temporary")
    await suspend()
    print("temporary:", request_id.get())
    request_id.reset(token)
    print("after reset:", request_id.get())

    ctx = contextvars.copy_context()
    ctx.run(request_id.set, "in-copied-context")
    coro = read_after_suspend("in ctx.run")
    ctx.run(coro.send, None)
    request_id.set("outside-changed")
    try:
        ctx.run(coro.send, None)
    except StopIteration as stop:
        print(stop.value)

    explicit = contextvars.Context()
    task = asyncio.create_task(read_after_suspend("explicit empty context"), context=explicit)
    print(await task)

    results = await asyncio.gather(*(worker(i) for i in range(3)))
    print("workers:", results, "parent:", request_id.get())


async def worker(i):
    request_id.set(f"worker-{i}")
    for _ in range(i + 1):
        await suspend()
    return request_id.get()


asyncio.run(main())
