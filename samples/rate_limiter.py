"""A token-bucket rate limiter as an async context manager, on a virtual clock.

`TokenBucket` lets `rate` requests per second through, with bursts of up to
`capacity`. Tasks use it as `async with bucket:`; its `async def __aenter__`
waits (with `asyncio.sleep`) until a token is available.

To make the output deterministic the program runs on `VirtualTimeLoop`, an
ordinary asyncio event loop whose clock is a number that jumps forward: when
every task is waiting for a timer, the loop's selector advances the clock to
the next timer instead of sleeping. `asyncio.sleep(0.25)` therefore takes no
real time, and the timestamps printed below are exact.

What to look at in the compiled state machine:

* `__aenter__` and `__aexit__` are compiled like any other `async def`; they
  are methods, so the machine keeps `self` in a field. `__aenter__` awaits in
  a `while` loop nested in another `async with` (the bucket's own lock).
* `client()` has an `async with bucket:` inside a `for` loop inside a
  `try/except`: when `handle()` raises, the machine calls `__aexit__` with
  the exception (it returns False, so the exception keeps propagating) and
  then continues in the `except` clause of the enclosing `try`.
"""

import asyncio
import selectors


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """An asyncio loop whose time() is virtual and skips ahead when idle."""

    def __init__(self):
        self.now = 0.0
        super().__init__(selector=_SkippingSelector(self))

    def time(self):
        return self.now


class _SkippingSelector(selectors.DefaultSelector):
    def __init__(self, loop):
        super().__init__()
        self.loop = loop

    def select(self, timeout=None):
        if timeout is None:  # no timers at all: wait for real I/O as usual
            return super().select(None)
        ready = super().select(0)  # poll real I/O without blocking
        if not ready and timeout > 0:
            self.loop.now += timeout  # nothing to do until the next timer: jump there
        return ready


def now():
    return asyncio.get_running_loop().time()


class TokenBucket:
    def __init__(self, rate, capacity):
        self.rate = rate  # tokens added per second
        self.capacity = capacity
        self.tokens = capacity  # start full: the first `capacity` requests burst through
        self.updated = now()
        self.lock = asyncio.Lock()  # waiters queue up in FIFO order
        self.granted = []  # the time of every token handed out
        self.failures = 0

    def _refill(self):
        t = now()
        self.tokens = min(self.capacity, self.tokens + (t - self.updated) * self.rate)
        self.updated = t

    async def __aenter__(self):
        async with self.lock:  # one waiter at a time measures and sleeps
            self._refill()
            while self.tokens < 1:
                await asyncio.sleep((1 - self.tokens) / self.rate)  # until the next token
                self._refill()
            self.tokens -= 1
            self.granted.append(now())
        return self

    async def __aexit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self.failures += 1
        return False  # never swallow the caller's exception


async def handle(name, number):
    await asyncio.sleep(0.125)  # the "request" itself takes 1/8 of a second
    if name == "batch" and number == 3:
        raise TimeoutError(f"{name} request {number}: upstream timed out")
    return f"{name}#{number}"


async def client(name, bucket, requests, think_time, log):
    done = []
    try:
        for number in range(1, requests + 1):
            async with bucket:  # blocks here when the bucket is empty
                log.append(f"t={now():5.3f}  {name:<5} sends request {number}")
                done.append(await handle(name, number))
            await asyncio.sleep(think_time)
    except TimeoutError as error:
        log.append(f"t={now():5.3f}  {name:<5} gives up: {error}")
    return done


async def main():
    bucket = TokenBucket(rate=4, capacity=3)  # 4 requests/s, bursts of 3
    log = []
    results = await asyncio.gather(
        client("api", bucket, requests=4, think_time=0, log=log),
        client("batch", bucket, requests=5, think_time=0, log=log),
        client("ui", bucket, requests=3, think_time=0.5, log=log),
    )
    for line in log:
        print(line)
    for name, done in zip(("api", "batch", "ui"), results):
        print(f"{name:<5} completed {done}")

    # Check the promise of a token bucket: in any window of one second, at most
    # capacity + rate tokens are handed out.
    busiest = max(sum(1 for g in bucket.granted if s <= g < s + 1) for s in bucket.granted)
    print(f"{len(bucket.granted)} tokens granted by t={bucket.granted[-1]:.3f}s")
    print(f"busiest one-second window: {busiest} tokens (limit {bucket.capacity + bucket.rate})")
    print(f"__aexit__ saw {bucket.failures} failed request(s)")


if __name__ == "__main__":
    with asyncio.Runner(loop_factory=VirtualTimeLoop) as runner:
        runner.run(main())
        print(f"virtual time at the end: {runner.get_loop().time():.3f}s")
