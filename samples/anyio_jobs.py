"""A job runner written once with anyio and run on both asyncio and trio.

anyio's task groups, memory object streams, capacity limiters and cancel
scopes work the same on either event loop, so `main()` runs twice below and
prints the same report each time. trio shuffles tasks that wake up together,
so anything several tasks produce is sorted before it is printed, and the
timeouts wait on events that are never set.

Requires anyio and trio (installed in the project's .venv).

What to look at in the compiled state machine:

* `worker()` is `async for job in jobs:` over anyio's receive stream (a
  class-based async iterator) with `async with limiter:` and an inner `for`
  loop of awaits in its body: three nested constructs whose iterators and
  managers are all fields of one machine.
* `service()` receives `task_status` and calls `task_status.started(value)`
  between two awaits; `await tg.start(service)` in `main()` resumes with that
  value while the service keeps running.
* `run_failing_group()` catches an ExceptionGroup with `except*` around an
  `async with` task group; a sibling's cancellation runs its `finally`.
"""

import anyio


async def worker(jobs, results, limiter, gauge):
    async with jobs, results:  # each worker owns clones; closing them signals "done"
        async for job in jobs:
            async with limiter:  # at most `limiter.total_tokens` jobs at once
                gauge["now"] += 1
                gauge["peak"] = max(gauge["peak"], gauge["now"])
                for _ in range(job % 3 + 1):  # pretend to work
                    await anyio.sleep(0)
                gauge["now"] -= 1
            await results.send((job, job * job))


async def collector(results, totals):
    async with results:
        async for job, square in results:  # ends when every worker closed its clone
            totals[job] = square


async def service(name, log, *, task_status=anyio.TASK_STATUS_IGNORED):
    await anyio.sleep(0)  # "bind a socket"
    task_status.started(f"{name} listening on port 8000")  # tg.start() returns this
    try:
        await anyio.Event().wait()  # serve until cancelled
    except anyio.get_cancelled_exc_class():  # CancelledError or trio.Cancelled
        log.append(f"{name}: cancelled, closing connections")
        raise  # a cancellation must always propagate
    finally:
        log.append(f"{name}: stopped")


async def run_jobs(report):
    send_jobs, receive_jobs = anyio.create_memory_object_stream(max_buffer_size=4)
    send_results, receive_results = anyio.create_memory_object_stream(max_buffer_size=4)
    limiter = anyio.CapacityLimiter(2)
    gauge = {"now": 0, "peak": 0}
    totals = {}
    async with anyio.create_task_group() as tg:
        async with receive_jobs, send_results:
            for _ in range(3):
                tg.start_soon(worker, receive_jobs.clone(), send_results.clone(), limiter, gauge)
        tg.start_soon(collector, receive_results, totals)
        async with send_jobs:
            for job in range(1, 11):
                await send_jobs.send(job)  # blocks while the buffer is full
    report.append(f"squares: {[totals[job] for job in sorted(totals)]}")
    report.append(f"sum: {sum(totals.values())}, peak concurrency: {gauge['peak']} (limit 2)")


async def run_service(report):
    log = []
    async with anyio.create_task_group() as tg:
        banner = await tg.start(service, "api", log)
        report.append(f"service started: {banner}")
        tg.cancel_scope.cancel()  # shut the whole group down
    report.extend(log)


async def run_timeouts(report):
    never = anyio.Event()
    with anyio.move_on_after(0.01) as scope:
        await never.wait()
    report.append(f"move_on_after: cancelled_caught={scope.cancelled_caught}")
    try:
        with anyio.fail_after(0.01):
            await never.wait()
    except TimeoutError:
        report.append("fail_after: TimeoutError")
    total = await anyio.to_thread.run_sync(sum, range(1000))  # blocking code, in a thread
    report.append(f"to_thread.run_sync(sum, range(1000)) = {total}")


async def run_failing_group(report):
    log = []

    async def doomed():
        await anyio.sleep(0)
        raise ValueError("disk full")

    async def bystander(name):
        try:
            await anyio.sleep(3600)
        finally:
            log.append(f"{name}: cleaned up")

    try:
        async with anyio.create_task_group() as tg:
            tg.start_soon(bystander, "indexer")
            tg.start_soon(bystander, "uploader")
            tg.start_soon(doomed)
    except* ValueError as group:
        report.append(f"except* ValueError: {[str(e) for e in group.exceptions]}")
    report.extend(sorted(log))  # the cancelled siblings ran in no fixed order


async def main(backend):
    report = []
    for step in (run_jobs, run_service, run_timeouts, run_failing_group):
        await step(report)
    cancelled = anyio.get_cancelled_exc_class().__name__
    print(f"== backend: {backend} (cancellation exception: {cancelled})")
    for line in report:
        print(f"  {line}")
    return report


if __name__ == "__main__":
    reports = [anyio.run(main, backend, backend=backend) for backend in ("asyncio", "trio")]
    print("identical reports on both backends:", reports[0] == reports[1])
