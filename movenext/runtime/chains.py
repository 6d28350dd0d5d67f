"""Chains: resuming compiled coroutines that await each other from the innermost up.

When compiled coroutines await each other -- `a` awaits `b`, `b` awaits `c`,
`c` awaits `asyncio.sleep(0)` -- every resumption natively enters every frame
of the chain: the event loop sends into `a`, whose `await` sends into `b`,
into `c`, into the sleep. Machines doing the same in Python (`move_next`,
`resume_await`, the next level's `move_next`, ...) would pay two Python calls
per level at every resumption, although the levels in between only pass the
value on.

C# does not: each awaiting method registered its continuation with what it
awaits, so only the innermost method is resumed, and each one that completes
resumes its caller. The same is done here for awaits the compiler emits as
hand-over sites (not in an except clause or a finally block, where the
awaited code must run inside the awaiting frame; see driving.py): when such
an await of a compiled coroutine suspends, the awaiting machine becomes the
*holder* of the chain below it. Its `_driver` field holds the machines it
awaits, innermost first (`adopt_chained`, `suspended_chained` in
coroutine.py); a machine inside a holder's chain holds none itself. When the
holder is resumed with a value (its `send()`, or `resume_await` of a machine
that is not a hand-over site), `resume` below

1. checks that the chain is still what was recorded -- each machine still
   awaits the next and is suspended (someone may have driven a machine of the
   chain directly since) -- and marks every machine above the innermost as
   running, as natively their frames are;
2. resumes the innermost machine: `move_next(sent, None)`, which resumes its
   own await;
3. when a machine finishes, gives its result to its awaiter with
   `move_next(result, DELIVERED)` -- or its exception with
   `move_next(None, exception)`, raised at that await -- up to the holder,
   until one suspends again.

A chain that no longer matches, `throw()` and `close()` go the ordinary way,
down through every level (`resume_await`), which every hand-over site also
supports. The holder owns the list; nothing refers back to it, so no
reference cycle keeps a dropped chain alive.
"""

from __future__ import annotations

from . import messages, throwing
from .states import CREATED, DELEGATE, DELIVERED, RUNNING, SUSPENDED

# A cycle (coroutine.py imports this module): bound now, used at call time.
from . import coroutine


def adopt(machine, child) -> None:
    """`machine` now awaits `child` at a hand-over site: if `child` is a
    compiled coroutine, `machine` holds the chain `child` held and `child`."""
    if isinstance(child, coroutine.CoroutineMachine):
        chain = child._driver
        if chain is None:
            machine._driver = [child]
            return
        if type(chain) is list:
            child._driver = None
            chain.append(child)
            machine._driver = chain
            return
    machine._driver = None


def resume(holder, chain: list, sent):
    """`holder.move_next(sent, None)` for the holder of `chain`, with the
    same outcome, resuming only the innermost machine (see module doc)."""
    holder._driver = None  # from here on the list is this function's
    inner = chain[0]
    below = inner._driver
    if below is not None and type(below) is list:
        # The innermost became a holder while resumed the ordinary way.
        inner._driver = None
        chain[0:0] = below
    # 1. Check the links, and mark the levels above the innermost running.
    states = []  # states[0]: the holder's; states[k]: that of chain[-k]
    parent = holder
    for member in reversed(chain):
        state = parent.state
        if parent.awaiter is not member or state <= CREATED or member._driver is not None:
            _unmark(holder, chain, states)
            return holder.move_next(sent, None)  # the ordinary way, level by level
        states.append(state)
        parent.state = RUNNING
        parent = member
    if parent.state <= CREATED:
        _unmark(holder, chain, states)
        return holder.move_next(sent, None)
    # 2. and 3. Resume the innermost, then each awaiter with what it awaited.
    # A result goes on through `carry`, not a variable: the awaiter's
    # expression must hold its only reference, as natively (driving.py).
    count = len(chain)
    level = 0
    machine = parent
    carry = [sent]
    sent = thrown = None
    while True:
        failure = None
        stack = None
        if thrown is not None and thrown is not DELIVERED:
            stack = throwing.outer_handled()  # chain only to what the machine handles
        try:
            outcome = machine.move_next(carry.pop(), thrown)
            if outcome is DELEGATE:
                outcome = coroutine.settle(machine, outcome)
        except BaseException as error:
            failure = error
        finally:
            if stack is not None:
                stack.pop()
        if failure is None:
            if outcome is SUSPENDED:
                return _suspended(holder, chain, states, level, machine)
            carry.append(outcome)
            outcome = None
            thrown = DELIVERED
        else:
            carry.append(None)
            thrown = _delivered_failure(failure)
            failure = None
        machine._finish()
        level += 1
        # Its awaiter goes on, with its own state back.
        machine = chain[level] if level < count else holder
        machine.state = states[count - level]
        machine.awaiter = None
        if level == count:
            break
    if thrown is DELIVERED:
        return holder.move_next(carry.pop(), DELIVERED)
    stack = throwing.outer_handled()
    try:
        return holder.move_next(carry.pop(), thrown)
    finally:
        stack.pop()
        thrown = None


_RESUME_CODE = resume.__code__


def _delivered_failure(failure: BaseException) -> BaseException:
    """What a finished machine's exception becomes at its awaiter's await:
    itself (this function's frame taken out of its traceback), or for a
    StopIteration, PEP 479's RuntimeError."""
    traceback = failure.__traceback__
    if traceback is not None and traceback.tb_frame.f_code is _RESUME_CODE:
        failure.__traceback__ = traceback.tb_next
    if isinstance(failure, StopIteration):
        converted = RuntimeError(messages.RAISED_STOP_ITERATION)
        converted.__cause__ = converted.__context__ = failure
        return converted
    return failure


def _suspended(holder, chain: list, states: list, level: int, machine):
    """The machine at `level` suspended: it is the innermost now (or holds
    a new chain below it); the levels above wait again, in their states."""
    count = len(chain)
    for index in range(level + 1, count):
        chain[index].state = states[count - index]
    holder.state = states[0]
    below = machine._driver
    if below is not None and type(below) is list:
        machine._driver = None
        chain[:level] = below
    elif level:
        del chain[:level]
    holder._driver = chain
    holder.yielded = machine.yielded
    machine.yielded = None
    return SUSPENDED


def _unmark(holder, chain: list, states: list) -> None:
    """Undo step 1 for the levels it marked running (a stale chain)."""
    parent = holder
    for index, member in enumerate(reversed(chain)):
        if index >= len(states):
            break
        parent.state = states[index]
        parent = member
