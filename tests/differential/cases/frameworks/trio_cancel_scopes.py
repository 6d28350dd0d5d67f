"""trio cancel scopes around compiled coroutines (cancellation is triggered
with cancel() or an already-passed deadline, never a racing timer): Cancelled
is raised at the next checkpoint and caught by its scope (cancelled_caught),
every later checkpoint in a cancelled scope raises again (so an unshielded
await in a finally re-raises), shield=True lets cleanup await, nested scopes
(only the cancelled one catches), fail_at with a past deadline raising
TooSlowError, and cancelling from another task sequenced with an Event."""
import math
import trio
from tracelib import describe


async def checkpoint_after_cancel():
    log = []
    with trio.CancelScope() as cs:
        log.append("before cancel")
        cs.cancel()
        log.append("cancel() does not raise by itself")
        await trio.lowlevel.checkpoint()
        log.append("never")
    log.append(f"cancelled_caught={cs.cancelled_caught}")
    return log


async def finally_needs_shield():
    log = []
    with trio.CancelScope() as cs:
        try:
            cs.cancel()
            await trio.lowlevel.checkpoint()
        finally:
            try:
                await trio.lowlevel.checkpoint()
                log.append("unshielded finally await (wrong)")
            except trio.Cancelled:
                log.append("unshielded await in finally raised Cancelled again")
            with trio.CancelScope(shield=True):
                await trio.lowlevel.checkpoint()
                log.append("shielded cleanup awaited fine")
    log.append(f"caught={cs.cancelled_caught}")
    return log


async def nested_scopes():
    log = []
    with trio.CancelScope() as outer:
        with trio.CancelScope() as inner:
            inner.cancel()
            await trio.lowlevel.checkpoint()
        log.append(f"inner caught={inner.cancelled_caught}")
        await trio.lowlevel.checkpoint()
        log.append("outer still running")
    log.append(f"outer caught={outer.cancelled_caught}")
    return log


async def past_deadlines():
    log = []
    with trio.move_on_at(trio.current_time() - 1) as cs:
        await trio.lowlevel.checkpoint()
        log.append("never")
    log.append(f"move_on_at past: caught={cs.cancelled_caught}")
    try:
        with trio.fail_at(trio.current_time() - 1):
            await trio.lowlevel.checkpoint()
    except trio.TooSlowError as e:
        log.append(f"fail_at past: {type(e).__name__}")
    with trio.CancelScope(deadline=math.inf) as cs:
        await trio.lowlevel.checkpoint()
        log.append(f"infinite deadline untouched, caught={cs.cancelled_caught}")
    return log


async def cancelled_by_other_task():
    log = []
    ready = trio.Event()
    holder = {}

    async def victim():
        with trio.CancelScope() as cs:
            holder["scope"] = cs
            ready.set()
            try:
                await trio.sleep_forever()
            except trio.Cancelled as e:
                log.append(f"victim saw {type(e).__name__}")
                raise
        log.append(f"victim scope caught={cs.cancelled_caught}")

    async with trio.open_nursery() as nursery:
        nursery.start_soon(victim)
        await ready.wait()
        holder["scope"].cancel()
    return log


async def cancelled_not_an_exception_subclass():
    try:
        with trio.CancelScope() as cs:
            cs.cancel()
            try:
                await trio.lowlevel.checkpoint()
            except Exception:
                return ["except Exception caught Cancelled (wrong)"]
    except BaseException as e:
        return [f"escaped: {describe(e)}"]
    return [f"Cancelled is a BaseException only; caught by its scope={cs.cancelled_caught}"]


async def main():
    for case in (checkpoint_after_cancel, finally_needs_shield, nested_scopes, past_deadlines,
                 cancelled_by_other_task, cancelled_not_an_exception_subclass):
        print(case.__name__)
        for line in await case():
            print("  ", line)


trio.run(main)
