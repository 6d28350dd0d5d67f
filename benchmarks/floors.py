"""How fast could a compiled coroutine be, in pure Python, in this design?

`python -m benchmarks.floors` times, against native CPython in the same
process, the *least* Python code that the design must run -- hand-written
minimal stand-ins for the generated `move_next` and the runtime, with none
of their checks -- for three workloads of the suite:

* asyncgen: an `async for` item costs at least two Python calls (the
  runtime's `anext` and the generator's `move_next`);
* suspend_roundtrip: a suspension and resumption costs at least the
  machine's Python `send()`, the driver's native `send()` (the awaitable is
  resumed in C) and one `move_next` call when it completes;
* sync_await: an await of a compiled coroutine that returns at once costs
  at least a plain call of its body.

A floor above a workload's target means the target is out of reach without
leaving pure Python or the design; the distance from floor to the suite's
figure is what the generated code and the runtime's exactness cost. Times
are CPU time, best of seven, in ns per item.
"""

from __future__ import annotations

import sys
import time
import types

from .programs.awaits import drive as _run_to_end  # the suite's bare send() loop

_END = object()
_ITEMS = 100_000


def _best_ns(run, items: int = _ITEMS) -> float:
    best = float("inf")
    for _ in range(7):
        start = time.process_time()
        run(items)
        best = min(best, time.process_time() - start)
    return best / items * 1e9


# -- asyncgen -------------------------------------------------------------


class _Generator:
    """A generator machine with nothing but its loop."""

    __slots__ = ("items", "yielded", "running")

    def move_next(self):
        item = next(self.items, _END)
        if item is _END:
            return None
        self.yielded = item
        return 1


def _anext(generator):
    generator.running = True
    kind = generator.move_next()
    generator.running = False
    if kind is None:
        raise StopAsyncIteration
    item = generator.yielded
    generator.yielded = None
    return item


def _floor_async_for(n):
    generator = _Generator()
    generator.items = iter(range(n))
    total = 0
    while True:
        try:
            item = _anext(generator)
        except StopAsyncIteration:
            break
        total += item
    return total


async def _numbers(n):
    for i in range(n):
        yield i


async def _consume(n):
    total = 0
    async for item in _numbers(n):
        total += item
    return total


def _native_async_for(n):
    _run_to_end(_consume(n))


# -- suspend_roundtrip ----------------------------------------------------


@types.coroutine
def _yield_once():
    yield


class _Machine:
    """A coroutine machine that awaits `_yield_once()` n times."""

    __slots__ = ("left", "awaiter")

    def move_next(self):
        self.left -= 1
        if self.left <= 0:
            return None
        self.awaiter = _yield_once()
        return 1


async def _driver(machine, awaitable):
    while True:
        await awaitable
        if machine.move_next() is None:
            return
        awaitable = machine.awaiter


class _Coroutine:
    """The object the loop drives: a Python send() in front of the driver."""

    __slots__ = ("driver",)

    def send(self, value):
        return self.driver.send(value)


def _floor_suspensions(n):
    machine = _Machine()
    machine.left = n
    coroutine = _Coroutine()
    coroutine.driver = _driver(machine, _yield_once())
    _run_to_end(coroutine)


async def _suspending(n):
    for _ in range(n):
        await _yield_once()


def _native_suspensions(n):
    _run_to_end(_suspending(n))


# -- sync_await -----------------------------------------------------------


def _leaf_body(x):
    return x


def _floor_sync_awaits(n):
    total = 0
    for i in range(n):
        total += _leaf_body(i)
    return total


async def _leaf(x):
    return x


async def _awaiting(n):
    total = 0
    for i in range(n):
        total += await _leaf(i)
    return total


def _native_sync_awaits(n):
    _run_to_end(_awaiting(n))


FLOORS = (
    ("asyncgen", "two Python calls per item", _native_async_for, _floor_async_for, "1.2 (3.11) / 0.7 (3.13)"),
    ("suspend_roundtrip", "Python send + native driver + move_next", _native_suspensions, _floor_suspensions, "3"),
    ("sync_await", "a plain call of the body", _native_sync_awaits, _floor_sync_awaits, "0.7"),
)


def main() -> None:
    print(f"CPython {sys.version.split()[0]}: the least this design can cost (ns per item)")
    print(f"{'workload':<18}  {'native':>7}  {'floor':>7}  {'ratio':>5}  {'target':<24}  floor is")
    for name, what, native, floor, target in FLOORS:
        native_ns, floor_ns = _best_ns(native), _best_ns(floor)
        print(f"{name:<18}  {native_ns:7.0f}  {floor_ns:7.0f}  {floor_ns / native_ns:5.2f}  {target:<24}  {what}")


if __name__ == "__main__":
    main()
