"""The driver: a native coroutine that awaits what a machine hands over.

C#'s builder resumes `MoveNext()` when the awaiter it waits on completes; the
waiting itself costs the state machine nothing. In Python, waiting means
resuming the awaited object each time the event loop sends a value in, and
seeing it finish: natively CPython's `SEND` instruction does that in C. A
machine that did it in Python (`resume_await`: a call, `send()`, a
StopIteration caught at the end) would pay for it at every suspension.

So at an `await` where nothing in the machine's frame depends on the
awaited object running inside it -- not in an `except` clause or a `finally`
block, where `sys.exc_info()` and implicit chaining see the exception being
handled -- `move_next()` hands the awaitable over: it leaves it in the
`awaiter` field, records its state and returns ``DELEGATE``. The machine's
`send()`/`throw()` then starts a *driver*, the native coroutine `_drive`
below, which awaits it with a real `await` (CPython's `GET_AWAITABLE` and
`SEND`: its checks, its messages, and `throw()`/`close()` delegated as CPython
delegates them). When the awaited object completes, the driver calls
`move_next(result, DELIVERED)`, and goes on awaiting what the machine hands
over next. It ends when the machine finishes, or stops at an await it runs
in its own frame (then `move_next` returns ``SUSPENDED``, as before).

The machine stays the coroutine object everyone sees: its `send()` passes
values to the driver's (C) `send()`. The driver holds no reference to the
machine while it waits -- the machine owns the driver, and a reference back
would be a cycle that only the garbage collector could free, too late for
finalization. `send()`/`throw()`/`close()` lend it the machine through a
one-item list (the *cell*) for the duration of the call.

An exception from the awaited object reaches the driver at its `await`; the
driver delivers it with `move_next(None, exception)`, which raises it at the
await site (chained as CPython chains it, see throwing.py). The driver's own
frame is taken out of its traceback first.
"""

from __future__ import annotations

from . import throwing
from .states import DELEGATE, DELIVERED

# A cycle (coroutine.py imports this module): bound now, used at call time.
from . import coroutine

#: coroutine.CoroutineMachine, set by coroutine.py once it is defined.
MACHINE: type = type(None)


async def _drive(cell, awaitable):
    # The result goes through `carry`, not a variable: the machine's
    # expression must hold the only reference, as natively (a finalizer runs
    # when that expression is done with it, not at the next suspension).
    try:
        carry = []
        while True:
            failure = None
            try:
                carry.append(await awaitable)
            except BaseException as error:
                failure = error
            awaitable = None
            machine = cell[0]
            if machine is None:  # finalized without its machine (cannot happen; never hide it)
                raise failure or RuntimeError("movenext driver resumed without its machine")
            if failure is None:
                outcome = machine.move_next(carry.pop(), DELIVERED)
            else:
                outcome = _deliver(machine, failure)
                failure = None
            if outcome is not DELEGATE:
                return outcome  # SUSPENDED (awaiting in its own frame) or its result
            awaitable = machine.awaiter
            if isinstance(awaitable, MACHINE):
                # A compiled coroutine object: run in the machine's frame (see
                # coroutine.settle) until it hands over something else.
                outcome = coroutine.settle(machine, outcome, machines_only=True)
                if outcome is not DELEGATE:
                    return outcome
                awaitable = machine.awaiter
            machine.awaiter = None
            machine = None
    finally:
        machine = awaitable = None  # frames let go of machines (coroutine.py)


_DRIVE_CODE = _drive.__code__


def start(machine):
    """A driver for `machine`, which just returned ``DELEGATE``: awaiting
    its `awaiter`. The caller sends None to start it (after lending it the
    machine: `machine._cell[0] = machine`)."""
    awaitable = machine.awaiter
    machine.awaiter = None
    cell = machine._cell
    if cell is None:
        cell = machine._cell = [None]
    driver = machine._driver = _drive(cell, awaitable)
    return driver


def _deliver(machine, failure: BaseException):
    """Raise `failure` (from the awaited object) at the machine's await site."""
    traceback = failure.__traceback__
    if traceback is not None and traceback.tb_frame.f_code is _DRIVE_CODE:
        failure.__traceback__ = traceback.tb_next  # the driver is not user code
    del traceback
    # Outside the driver's `except` clause: the exception the driver's caller
    # handles is what chaining must not add (throwing.raise_in_machine).
    stack = throwing.outer_handled()
    try:
        return machine.move_next(None, failure)
    finally:
        stack.pop()
        failure = machine = None
