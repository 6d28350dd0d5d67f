"""Inner functions and inner coroutines assigning coroutine variables with
`nonlocal`: the writes are visible to the coroutine after an await (and the
coroutine's writes visible to them), nonlocal chains through two levels,
an inner coroutine run as a separate task mutating the outer coroutine's
state while it is suspended."""
import asyncio
from tracelib import suspend


async def sync_inner_writes():
    status = "initial"

    def set_status(s):
        nonlocal status
        status = s

    set_status("set before await")
    await suspend()
    print("  ", status)
    await suspend()
    set_status("set after await")
    print("  ", status)


async def async_inner_writes():
    hits = []
    total = 0

    async def add(n):
        nonlocal total
        await suspend()
        total += n
        hits.append(n)

    await add(5)
    await add(7)
    print("   total", total, "hits", hits)


async def task_mutates_while_suspended():
    phase = "waiting"

    async def worker():
        nonlocal phase
        await suspend()
        phase = "changed by task"

    task = asyncio.create_task(worker())
    print("   before suspending:", phase)
    await suspend()
    await suspend()
    print("   after suspending:", phase)
    await task


async def two_levels():
    depth = 0

    def level1():
        def level2():
            nonlocal depth
            depth += 10
        nonlocal depth
        depth += 1
        level2()

    level1()
    await suspend()
    level1()
    print("   depth", depth)


async def inner_coroutine_reads_later_value():
    config = {"mode": "a"}
    mode = "a"

    async def reader():
        await suspend()
        return mode, config["mode"]

    pending = reader()
    mode = "b"
    config["mode"] = "b"
    print("   reader sees", await pending)


async def nonlocal_in_inner_async_loop():
    collected = ""

    async def collect(chars):
        nonlocal collected
        for c in chars:
            await suspend()
            collected += c

    await asyncio.gather(collect("abc"), collect("123"))
    print("   interleaved:", collected)


async def main():
    for case in (sync_inner_writes, async_inner_writes, task_mutates_while_suspended,
                 two_levels, inner_coroutine_reads_later_value,
                 nonlocal_in_inner_async_loop):
        print(case.__name__)
        await case()


asyncio.run(main())
