"""Exception handling inside loops with awaits: retry loops that catch and
continue, handlers that break out of while loops, exceptions escaping a for
loop (the loop variable keeps its value), and `else` clauses of the try
statement interleaved with loop `else` clauses."""
import asyncio
from tracelib import describe, suspend


class Flaky:
    def __init__(self, failures):
        self.failures = failures
        self.calls = 0

    async def call(self):
        self.calls += 1
        await suspend()
        if self.calls <= self.failures:
            raise ConnectionError(f"attempt {self.calls} failed")
        return f"succeeded on attempt {self.calls}"


async def retry(flaky, attempts):
    for attempt in range(1, attempts + 1):
        try:
            result = await flaky.call()
        except ConnectionError as e:
            print("   ", describe(e))
            await suspend()
            continue
        else:
            print("    try-else on attempt", attempt)
            break
    else:
        raise TimeoutError(f"gave up after {attempts} attempts")
    return result


async def while_with_handler_break():
    n = 0
    while True:
        try:
            n += 1
            await suspend()
            if n == 3:
                raise StopAsyncIteration("done")
        except StopAsyncIteration:
            await suspend()
            break
    return n


async def escapes_loop():
    x = None
    try:
        for x in range(10):
            await suspend()
            if x == 4:
                raise ValueError(x)
    except ValueError:
        pass
    return x


async def errors_collected():
    errors = []
    for value in ["1", "x", "3", None, "5"]:
        try:
            await suspend()
            errors.append(int(value))
        except ValueError as e:
            errors.append(f"ValueError:{value}")
        except TypeError:
            errors.append("TypeError")
    return errors


async def main():
    for failures, attempts in ((0, 3), (2, 3), (5, 3)):
        print("retry", failures, attempts)
        try:
            print("  ->", await retry(Flaky(failures), attempts))
        except TimeoutError as e:
            print("  raised", describe(e))
    print("while with handler break ->", await while_with_handler_break())
    print("escapes loop ->", await escapes_loop())
    print("errors collected ->", await errors_collected())


asyncio.run(main())
