"""Decorators, closures, nested coroutines and `match` in async code.

Everyday idioms around coroutine functions:

* `@trace` and `@retry(times=...)` wrap a coroutine function in another one
  (`functools.wraps` keeps the name, and the wrapper is still a coroutine
  function for `inspect`).
* `@memoize` shares one Task between concurrent callers of the same argument,
  so the expensive coroutine runs once per key.
* `make_counter()` returns a coroutine function that updates a `nonlocal`
  variable across an await; the classic late-binding closure gotcha appears
  with `async def`s created in a loop, and the default-argument fix.
* `dispatch()` routes messages with structural pattern matching.

What to look at in the compiled state machine:

* In each `wrapper`, `func` (and `times`, `label` for `@retry`) are free
  variables of the nested `async def`: the compiled machine must read them
  from the enclosing function's cells. `nonlocal count` in `increment()` must
  write to the enclosing cell, and `global depth` in `@trace`'s wrapper to the
  module, never to a field of the machine.
* `fib()` is recursive through `@memoize` and `@trace`: every level is a new
  machine, each suspended inside the one that awaits it.
* `late_handler` closes over `main()`'s loop variable `i`: that variable is a
  cell shared by `main()`'s machine and every handler, so all of them see its
  final value.
* In `dispatch()`, `case Transfer(amount=amount) if amount > 100:` binds a
  name that is used after an await, so it is hoisted into a field.
"""

import asyncio
import functools
import inspect
from dataclasses import dataclass

depth = 0  # nesting level for @trace's indentation


def trace(func):
    @functools.wraps(func)
    async def wrapper(*args):
        global depth
        print(f"  {'  ' * depth}-> {func.__name__}{args}")
        depth += 1
        try:
            result = await func(*args)
        finally:
            depth -= 1
        print(f"  {'  ' * depth}<- {func.__name__}{args} = {result}")
        return result

    return wrapper


def memoize(func):
    tasks = {}  # argument tuple -> Task, shared by every caller

    @functools.wraps(func)
    async def wrapper(*args):
        if args not in tasks:
            tasks[args] = asyncio.ensure_future(func(*args))
        return await tasks[args]

    wrapper.cache = tasks
    return wrapper


def retry(times, label="operation"):
    def decorate(func):
        @functools.wraps(func)
        async def wrapper(*args, **kwargs):
            for attempt in range(1, times + 1):
                try:
                    return await func(*args, **kwargs)
                except ConnectionError as error:
                    print(f"  {label} attempt {attempt}/{times} failed: {error}")
            raise ConnectionError(f"{label} failed {times} times")

        return wrapper

    return decorate


@memoize
@trace
async def fib(n):
    """Fibonacci, recursive and memoized."""
    await asyncio.sleep(0)
    return n if n < 2 else await fib(n - 1) + await fib(n - 2)


failures_left = 2


@retry(times=3, label="upload")
async def upload(name):
    global failures_left
    await asyncio.sleep(0)
    if failures_left:
        failures_left -= 1
        raise ConnectionError(f"connection reset while sending {name}")
    return f"{name} uploaded"


def make_counter(step):
    count = 0

    async def increment():
        nonlocal count
        current = count
        await asyncio.sleep(0)  # another increment() may run here...
        count = current + step  # ...so this read-modify-write can lose updates
        return count

    return increment


@dataclass
class Transfer:
    amount: int
    to: str


async def audit(message):
    await asyncio.sleep(0)
    return f"audited {message}"


async def dispatch(message):
    match message:
        case Transfer(amount=amount, to=to) if amount > 100:
            note = await audit(f"large transfer to {to}")
            return f"hold {amount} for review ({note})"
        case Transfer(amount=amount, to=to):
            return f"send {amount} to {to}"
        case {"op": "add", "args": [x, y]}:
            await asyncio.sleep(0)
            return f"sum is {x + y}"
        case [first, *rest]:
            return f"list starting with {first!r} and {len(rest)} more"
        case _:
            return f"cannot handle {message!r}"


async def main():
    print("== decorators keep coroutine functions coroutine functions")
    for f in (fib, upload, dispatch):
        print(f"  {f.__name__}: iscoroutinefunction={inspect.iscoroutinefunction(f)}")
    print("== @memoize over @trace: fib(5)")
    results = await asyncio.gather(fib(5), fib(5))  # the second call shares the Task
    print(f"  results {results}; computed {len(fib.cache)} distinct values")

    print("== @retry")
    print(f"  {await upload('report.pdf')}")

    print("== closures")
    counter = make_counter(step=10)
    print(f"  sequential: {[await counter() for _ in range(3)]}")
    print(f"  concurrent: {await asyncio.gather(counter(), counter(), counter())} (lost updates)")
    late, early = [], []
    for i in range(3):

        async def late_handler():
            await asyncio.sleep(0)
            return i  # looked up when the handler runs: the loop has ended

        async def early_handler(i=i):
            await asyncio.sleep(0)
            return i  # the default was evaluated when the handler was defined

        late.append(late_handler)
        early.append(early_handler)
    print(f"  late binding: {[await handler() for handler in late]}")
    print(f"  default-argument fix: {[await handler() for handler in early]}")

    print("== match")
    messages = [
        Transfer(500, "carol"),
        Transfer(20, "bob"),
        {"op": "add", "args": [2, 3]},
        ["a", "b"],
        42,
    ]
    for message in messages:
        print(f"  {await dispatch(message)}")


if __name__ == "__main__":
    asyncio.run(main())
