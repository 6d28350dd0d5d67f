"""Retries with exponential backoff, timeouts, and cancelling a slow operation.

Three everyday resilience patterns, written so the outcome never depends on
how fast the machine is: failures are decided by call counters, and anything
that should time out waits on an `asyncio.Event` that is never set (so the
timeout always wins), while anything that should succeed never sleeps at all.

What to look at in the compiled state machine:

* `retry()` awaits in two places inside `for attempt in range(...)`: in the
  `try` body and, for the backoff, *inside the `except` clause*. The loop
  counter, the `range` iterator and the exception being handled all survive
  that `await asyncio.sleep(...)`, so they become fields of the machine.
* `retry()` ends with `raise ... from last_error` after the loop: the
  exception caught in an earlier state is read from a field in a later one.
* `slow_download()` catches `CancelledError`, records it and re-raises from
  inside a `try/finally`: `move_next()` receives the cancellation as a thrown
  exception at the await's state and must run the `except` and `finally`
  clauses before letting it out.
* `async with asyncio.timeout(...) as scope:` keeps `scope` in a field and
  calls `__aexit__` with the exception when the await is interrupted.
"""

import asyncio


class TransientError(Exception):
    """A failure that is worth retrying."""


class FlakyService:
    """Fails the first `failures` calls, then succeeds: deterministic flakiness."""

    def __init__(self, name, failures):
        self.name = name
        self.failures = failures
        self.calls = 0

    async def call(self, request):
        self.calls += 1
        await asyncio.sleep(0)  # pretend to talk to the network
        if self.calls <= self.failures:
            raise TransientError(f"{self.name} unavailable (call {self.calls})")
        return f"{self.name} says hello to {request!r}"


async def retry(make_call, *, attempts, base_delay, timeout=None):
    last_error = None
    for attempt in range(1, attempts + 1):
        try:
            # A fresh coroutine per attempt: a coroutine can only be awaited once.
            return await asyncio.wait_for(make_call(), timeout)
        except (TransientError, TimeoutError) as error:
            last_error = error
            delay = base_delay * 2 ** (attempt - 1)  # 1, 2, 4, 8... times the base
            reason = str(error) or "no answer in time"  # TimeoutError has no message
            print(f"  attempt {attempt} failed: {type(error).__name__}: {reason}")
            if attempt < attempts:
                print(f"  backing off {delay * 1000:.0f} ms")
                await asyncio.sleep(delay)
    raise RuntimeError(f"gave up after {attempts} attempts") from last_error


async def demo_backoff():
    print("== retry with exponential backoff")
    service = FlakyService("inventory", failures=3)
    result = await retry(lambda: service.call("sku-42"), attempts=5, base_delay=0.001)
    print(f"  result: {result} ({service.calls} calls)")

    hopeless = FlakyService("billing", failures=10)
    try:
        await retry(lambda: hopeless.call("invoice-7"), attempts=3, base_delay=0.001)
    except RuntimeError as error:
        print(f"  {error}; cause: {error.__cause__}")


async def demo_timeouts():
    print("== timeouts")
    never = asyncio.Event()  # nobody ever sets this: waiting on it always times out

    try:
        await asyncio.wait_for(never.wait(), timeout=0.005)
    except TimeoutError:
        print("  wait_for: timed out, as expected")

    async with asyncio.timeout(1.0) as scope:  # generous, and nothing here sleeps
        value = await FlakyService("cache", failures=0).call("key")
    print(f"  fast call inside timeout(1.0): {value!r}, expired={scope.expired()}")

    try:
        async with asyncio.timeout(None) as scope:  # no deadline yet...
            scope.reschedule(asyncio.get_running_loop().time() + 0.005)  # ...now one
            await never.wait()
    except TimeoutError:
        print(f"  rescheduled timeout fired, expired={scope.expired()}")

    # A service whose first two attempts hang, so only the per-attempt timeout helps.
    hanging_attempts = 2
    calls = 0

    async def sometimes_hangs():
        nonlocal calls
        calls += 1
        if calls <= hanging_attempts:
            await never.wait()
        return f"answered on call {calls}"

    result = await retry(sometimes_hangs, attempts=4, base_delay=0.001, timeout=0.005)
    print(f"  result: {result}")


async def slow_download(name, started, log):
    log.append(f"{name}: started")
    try:
        started.set()
        await asyncio.Event().wait()  # "downloading" forever
        log.append(f"{name}: finished")  # never reached
    except asyncio.CancelledError as cancel:
        log.append(f"{name}: cancelled with {cancel.args!r}, cleaning up")
        raise  # always let cancellation propagate
    finally:
        log.append(f"{name}: temporary file removed")


async def demo_cancellation():
    print("== cancelling a slow operation")
    log = []
    started = asyncio.Event()
    task = asyncio.create_task(slow_download("big.iso", started, log))
    await started.wait()  # make sure it is really running before we cancel
    task.cancel("user pressed stop")
    try:
        await task
    except asyncio.CancelledError:
        log.append("main: download task reports cancelled")
    for line in log:
        print("  " + line)
    print(f"  task.cancelled() = {task.cancelled()}")

    # asyncio.shield: the caller gives up waiting, but the work still completes.
    async def impatient_caller(work):
        try:
            return await asyncio.shield(work)
        except asyncio.CancelledError:
            print("  caller cancelled while waiting; the shielded work goes on")
            raise

    commit = asyncio.create_task(FlakyService("database", failures=0).call("COMMIT"))
    caller = asyncio.create_task(impatient_caller(commit))
    await asyncio.sleep(0)  # let the caller start waiting
    caller.cancel()
    outcome = await asyncio.gather(caller, return_exceptions=True)
    print(f"  caller: {type(outcome[0]).__name__}; shielded commit: {await commit!r}")


async def main():
    await demo_backoff()
    await demo_timeouts()
    await demo_cancellation()


if __name__ == "__main__":
    asyncio.run(main())
