"""trio's low-level suspension protocol with compiled coroutines:
wait_task_rescheduled() suspends the task until another task calls
reschedule() with an outcome.Value (sent into the coroutine) or outcome.Error
(thrown into it, so the compiled coroutine's handler sees it at its await),
the abort function path taken on cancellation, and current_task(). Each
waiter records into its own slot; the parent prints them in a fixed order."""
import outcome
import trio
import trio.testing
from tracelib import describe


async def waiter(name, registry, results, ready):
    registry[name] = trio.lowlevel.current_task()
    ready.set()
    try:
        value = await trio.lowlevel.wait_task_rescheduled(lambda raise_cancel: trio.lowlevel.Abort.SUCCEEDED)
        results[name] = f"received {value!r}"
    except LookupError as e:
        results[name] = f"caught thrown {describe(e)}"
    except trio.Cancelled:
        results[name] = "aborted by cancellation"
        raise


async def main():
    registry, results = {}, {}
    events = {name: trio.Event() for name in ("value", "error", "cancel")}
    async with trio.open_nursery() as nursery:
        for name in events:
            nursery.start_soon(waiter, name, registry, results, events[name])
        for event in events.values():
            await event.wait()
        await trio.testing.wait_all_tasks_blocked()
        trio.lowlevel.reschedule(registry["value"], outcome.Value("sent value"))
        trio.lowlevel.reschedule(registry["error"], outcome.Error(KeyError("thrown error")))
        await trio.lowlevel.checkpoint()
        nursery.cancel_scope.cancel()
    for name in events:
        print(f"{name}: {results.get(name)}")
    task = trio.lowlevel.current_task()
    print("current task name ends with main:", task.name.endswith("main"))

trio.run(main)
