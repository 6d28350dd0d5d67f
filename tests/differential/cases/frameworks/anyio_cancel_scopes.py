"""anyio cancel scopes on both backends (asyncio and trio): cancel() then a
checkpoint raises the backend's cancellation exception which the scope
catches, shielded scopes let cleanup await after cancellation, move_on_after
with a deadline that has already passed (0 s), fail_after raising
TimeoutError, CancelScope.cancel_called/cancelled_caught flags, and nested
scopes."""
import anyio
from tracelib import describe


async def cancel_then_checkpoint(log):
    with anyio.CancelScope() as scope:
        scope.cancel()
        log.append(f"cancel_called={scope.cancel_called}")
        await anyio.sleep(0)
        log.append("never")
    log.append(f"cancelled_caught={scope.cancelled_caught}")


async def shielded_cleanup(log):
    with anyio.CancelScope() as scope:
        try:
            scope.cancel()
            await anyio.sleep(0)
        finally:
            with anyio.CancelScope(shield=True):
                await anyio.sleep(0)
                log.append("shielded cleanup awaited")
    log.append(f"caught={scope.cancelled_caught}")


async def deadlines(log):
    with anyio.move_on_after(0) as scope:
        await anyio.sleep(0)
        log.append("never")
    log.append(f"move_on_after(0) caught={scope.cancelled_caught}")
    try:
        with anyio.fail_after(0):
            await anyio.sleep(0)
    except TimeoutError as e:
        log.append(f"fail_after(0): {type(e).__name__}")


async def nested(log):
    with anyio.CancelScope() as outer:
        with anyio.CancelScope() as inner:
            inner.cancel()
            await anyio.sleep(0)
        log.append(f"inner caught={inner.cancelled_caught}")
        await anyio.sleep(0)
        log.append("outer continues")
    log.append(f"outer caught={outer.cancelled_caught} cancel_called={outer.cancel_called}")


async def exception_class(log):
    with anyio.CancelScope() as scope:
        scope.cancel()
        try:
            await anyio.sleep(0)
        except anyio.get_cancelled_exc_class() as e:
            log.append(f"caught the backend's class: is BaseException only: "
                       f"{not isinstance(e, Exception)}")
            raise


async def main(backend):
    print(f"[{backend}]")
    for case in (cancel_then_checkpoint, shielded_cleanup, deadlines, nested, exception_class):
        log = []
        try:
            await case(log)
        except BaseException as e:
            log.append(f"escaped {describe(e)}")
        print(f"  {case.__name__}: {log}")


for backend in ("asyncio", "trio"):
    anyio.run(main, backend, backend=backend)
