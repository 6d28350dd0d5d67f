"""Exception groups produced by asyncio.TaskGroup: several child failures are
collected into one ExceptionGroup (in failure order), siblings still running
are cancelled (their finally blocks await and log), `except*` splits the
group, and an error in the body of the `async with` joins the group too."""
import asyncio
from tracelib import describe, suspend


def show(eg):
    if isinstance(eg, BaseExceptionGroup):
        return f"{type(eg).__name__}({eg.message!r}, [{', '.join(show(e) for e in eg.exceptions)}])"
    return f"{type(eg).__name__}({eg})"


async def fail_after(n, exc, log):
    try:
        for _ in range(n):
            await suspend()
        log.append(f"raising {exc!r}")
        raise exc
    finally:
        log.append(f"finally of {exc!r}")


async def sleeper(log):
    try:
        for i in range(100):
            await suspend()
        log.append("sleeper finished (wrong)")
    except asyncio.CancelledError:
        log.append("sleeper cancelled")
        await suspend()
        log.append("sleeper cleanup awaited")
        raise


async def two_failures():
    log = []
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail_after(2, ValueError("second"), log))
            tg.create_task(fail_after(1, KeyError("first"), log))
            tg.create_task(sleeper(log))
    except* KeyError as g:
        print("  KeyError part:", show(g))
    except* ValueError as g:
        print("  ValueError part:", show(g))
    for line in log:
        print("   ", line)


async def body_error_joins():
    log = []
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(sleeper(log))
            await suspend()
            raise OSError("from the body")
    except ExceptionGroup as eg:
        print("  ", show(eg))
    for line in log:
        print("   ", line)


async def results_when_ok():
    async def work(i):
        await suspend()
        return i * i

    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(work(i)) for i in range(4)]
    print("  results", [t.result() for t in tasks])


async def nested_groups():
    async def inner_group():
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail_after(1, IndexError("deep"), []))

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(inner_group())
    except ExceptionGroup as eg:
        print("  ", show(eg))


async def main():
    for case in (two_failures, body_error_joins, results_when_ok, nested_groups):
        print(case.__name__)
        await case()


asyncio.run(main())
