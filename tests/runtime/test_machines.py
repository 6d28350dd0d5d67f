"""Hand-written state machines behave like the native coroutines they stand for.

Every machine below is written by hand against the runtime ABI described in
`movenext/runtime/coroutine.py` (what the compiler generates), next to the
native `async def` it is equivalent to. Each test drives both the same way
(by hand with send/throw/close, or under an event loop) and compares what is
observable.
"""

import ast
import asyncio
import collections.abc
import functools
import gc
import inspect
import subprocess
import sys
import textwrap
import types
import warnings
import weakref
from pathlib import Path

import pytest

from movenext.runtime import (
    CREATED,
    DONE,
    RUNNING,
    SUSPENDED,
    Cells,
    CoroutineMachine,
    coroutine_function,
    messages,
)

CLOSE_RETURNS_VALUE = sys.version_info >= (3, 13)
THROW_ARGS_DEPRECATED = sys.version_info >= (3, 12)


# ======================================================================
# Awaitables used by both kinds of coroutine


@types.coroutine
def suspend(value=None):
    """Suspend once, handing `value` to the driver; return what it sends."""
    return (yield value)


@types.coroutine
def convert(value=None):
    """Suspend once; turn a thrown ValueError into KeyError("converted")."""
    try:
        return (yield value)
    except ValueError:
        raise KeyError("converted")


class Token:
    """A weak-referenceable object."""


@types.coroutine
def yield_fresh():
    """Suspend once handing the driver an object nothing else references."""
    return (yield Token())


class IteratorWithoutThrow:
    """An awaitable whose iterator has no throw(): a thrown exception is
    raised at the await itself."""

    def __await__(self):
        return iter(["item"])


class Probe:
    """An awaitable whose iterator records, at each call, whether `target`
    (a coroutine awaiting it) reports itself as running."""

    def __init__(self):
        self.target = None
        self.seen = []
        self.iterator = ProbeIterator(self)

    def __await__(self):
        return self.iterator


class ProbeIterator:
    def __init__(self, probe):
        self.probe = probe

    def __iter__(self):
        return self

    def _record(self, what):
        self.probe.seen.append((what, self.probe.target.cr_running))

    def __next__(self):
        self._record("next")
        return "probe"

    def send(self, value):
        self._record("send")
        raise StopIteration(value)

    def throw(self, *args):
        self._record("throw")
        raise StopIteration("thrown")

    def close(self):
        self._record("close")


# ======================================================================
# Machines and their native equivalents


# async def native_give(value): return value
class _give_StateMachine(CoroutineMachine):
    __slots__ = ("state", "awaiter", "yielded", "value")
    local_variables = {"value": "value"}

    def __init__(this, value):
        this.state = CREATED
        this.value = value

    def move_next(this, sent, thrown):
        resume = this.state
        this.state = RUNNING
        return this.value


@coroutine_function(_give_StateMachine)
def give(value):
    return _give_StateMachine(value)


async def native_give(value):
    return value


# async def native_add(a, b): return a + b  (its `send` is spied on)
add_sends = []


class _add_StateMachine(CoroutineMachine):
    __slots__ = ("state", "awaiter", "yielded", "a", "b")
    local_variables = {"a": "a", "b": "b"}

    def __init__(this, a, b):
        this.state = CREATED
        this.a = a
        this.b = b

    def move_next(this, sent, thrown):
        resume = this.state
        this.state = RUNNING
        return this.a + this.b

    def send(self, value):
        add_sends.append(value)
        return super().send(value)


@coroutine_function(_add_StateMachine)
def add(a, b):
    return _add_StateMachine(a, b)


async def native_add(a, b):
    return a + b


# async def native_wait_on(awaitable): return await awaitable
class _wait_on_StateMachine(CoroutineMachine):
    __slots__ = ("state", "awaiter", "yielded", "awaitable")
    local_variables = {"awaitable": "awaitable"}

    def __init__(this, awaitable):
        this.state = CREATED
        this.awaitable = awaitable

    def move_next(this, sent, thrown):
        # state 1: await awaitable
        resume = this.state
        this.state = RUNNING
        if resume == 1:
            result = this.resume_await(sent, thrown)
        else:
            result = this.start_await(this.awaitable)
        if result is SUSPENDED:
            this.state = 1
            return SUSPENDED
        return result


@coroutine_function(_wait_on_StateMachine)
def wait_on(awaitable):
    return _wait_on_StateMachine(awaitable)


async def native_wait_on(awaitable):
    return await awaitable


# async def native_twice(x):
#     a = await suspend(x)
#     b = await suspend(a)
#     return a, b
class _twice_StateMachine(CoroutineMachine):
    __slots__ = ("state", "awaiter", "yielded", "x", "a")
    local_variables = {"x": "x", "a": "a"}

    def __init__(this, x):
        this.state = CREATED
        this.x = x

    def move_next(this, sent, thrown):
        # state 1: a = await suspend(x); state 2: b = await suspend(a)
        resume = this.state
        this.state = RUNNING
        if resume <= 1:
            if resume == 1:
                result = this.resume_await(sent, thrown)
            else:
                result = this.start_await(suspend(this.x))
            if result is SUSPENDED:
                this.state = 1
                return SUSPENDED
            this.a = result
            result = this.start_await(suspend(this.a))
        else:
            result = this.resume_await(sent, thrown)
        if result is SUSPENDED:
            this.state = 2
            return SUSPENDED
        b = result
        return this.a, b


@coroutine_function(_twice_StateMachine)
def twice(x):
    return _twice_StateMachine(x)


async def native_twice(x):
    a = await suspend(x)
    b = await suspend(a)
    return a, b


# async def native_catcher(awaitable):
#     try:
#         return await awaitable
#     except ValueError:
#         raise KeyError("caught")
class _catcher_StateMachine(CoroutineMachine):
    __slots__ = ("state", "awaiter", "yielded", "awaitable")
    local_variables = {"awaitable": "awaitable"}

    def __init__(this, awaitable):
        this.state = CREATED
        this.awaitable = awaitable

    def move_next(this, sent, thrown):
        resume = this.state
        this.state = RUNNING
        try:
            if resume == 1:
                result = this.resume_await(sent, thrown)
            else:
                result = this.start_await(this.awaitable)
            if result is SUSPENDED:
                this.state = 1
                return SUSPENDED
            return result
        except ValueError:
            raise KeyError("caught")


@coroutine_function(_catcher_StateMachine)
def catcher(awaitable):
    return _catcher_StateMachine(awaitable)


async def native_catcher(awaitable):
    try:
        return await awaitable
    except ValueError:
        raise KeyError("caught")


# async def native_guarded(log, awaitable):
#     try:
#         return await awaitable
#     finally:
#         log.append("finally")
class _guarded_StateMachine(CoroutineMachine):
    __slots__ = ("state", "awaiter", "yielded", "log", "awaitable")
    local_variables = {"log": "log", "awaitable": "awaitable"}

    def __init__(this, log, awaitable):
        this.state = CREATED
        this.log = log
        this.awaitable = awaitable

    def move_next(this, sent, thrown):
        resume = this.state
        this.state = RUNNING
        try:
            if resume == 1:
                result = this.resume_await(sent, thrown)
            else:
                result = this.start_await(this.awaitable)
            if result is SUSPENDED:
                this.state = 1
                return SUSPENDED
            return result
        finally:
            if this.state == RUNNING:  # not when suspending
                this.log.append("finally")


@coroutine_function(_guarded_StateMachine)
def guarded(log, awaitable):
    return _guarded_StateMachine(log, awaitable)


async def native_guarded(log, awaitable):
    try:
        return await awaitable
    finally:
        log.append("finally")


# async def native_failing_cleanup():
#     try:
#         await suspend("cleanup")
#     finally:
#         raise ValueError("cleanup failed")
class _failing_cleanup_StateMachine(CoroutineMachine):
    __slots__ = ("state", "awaiter", "yielded")

    def __init__(this):
        this.state = CREATED

    def move_next(this, sent, thrown):
        resume = this.state
        this.state = RUNNING
        try:
            if resume == 1:
                result = this.resume_await(sent, thrown)
            else:
                result = this.start_await(suspend("cleanup"))
            if result is SUSPENDED:
                this.state = 1
                return SUSPENDED
        finally:
            if this.state == RUNNING:
                raise ValueError("cleanup failed")


@coroutine_function(_failing_cleanup_StateMachine)
def failing_cleanup():
    return _failing_cleanup_StateMachine()


async def native_failing_cleanup():
    try:
        await suspend("cleanup")
    finally:
        raise ValueError("cleanup failed")


# async def native_stubborn():
#     try:
#         await suspend("first")
#     except GeneratorExit:
#         await suspend("second")
class _stubborn_StateMachine(CoroutineMachine):
    __slots__ = ("state", "awaiter", "yielded")

    def __init__(this):
        this.state = CREATED

    def move_next(this, sent, thrown):
        # state 1: the first await; state 2: the await in the handler
        resume = this.state
        this.state = RUNNING
        if resume == 2:
            result = this.resume_await(sent, thrown)
        else:
            try:
                if resume == 1:
                    result = this.resume_await(sent, thrown)
                else:
                    result = this.start_await(suspend("first"))
                if result is SUSPENDED:
                    this.state = 1
                    return SUSPENDED
                return None
            except GeneratorExit:
                result = this.start_await(suspend("second"))
        if result is SUSPENDED:
            this.state = 2
            return SUSPENDED
        return None


@coroutine_function(_stubborn_StateMachine)
def stubborn():
    return _stubborn_StateMachine()


async def native_stubborn():
    try:
        await suspend("first")
    except GeneratorExit:
        await suspend("second")


# async def native_exit_value():
#     try:
#         await suspend()
#     except GeneratorExit:
#         return "closed"
class _exit_value_StateMachine(CoroutineMachine):
    __slots__ = ("state", "awaiter", "yielded")

    def __init__(this):
        this.state = CREATED

    def move_next(this, sent, thrown):
        resume = this.state
        this.state = RUNNING
        try:
            if resume == 1:
                result = this.resume_await(sent, thrown)
            else:
                result = this.start_await(suspend())
            if result is SUSPENDED:
                this.state = 1
                return SUSPENDED
        except GeneratorExit:
            return "closed"
        return "finished"


@coroutine_function(_exit_value_StateMachine)
def exit_value():
    return _exit_value_StateMachine()


async def native_exit_value():
    try:
        await suspend()
    except GeneratorExit:
        return "closed"
    return "finished"


# async def native_stopper(first):
#     if not first:
#         await suspend()
#     raise StopIteration("stop")
class _stopper_StateMachine(CoroutineMachine):
    __slots__ = ("state", "awaiter", "yielded", "first")
    local_variables = {"first": "first"}

    def __init__(this, first):
        this.state = CREATED
        this.first = first

    def move_next(this, sent, thrown):
        resume = this.state
        this.state = RUNNING
        if resume == 1 or not this.first:
            if resume == 1:
                result = this.resume_await(sent, thrown)
            else:
                result = this.start_await(suspend())
            if result is SUSPENDED:
                this.state = 1
                return SUSPENDED
        raise StopIteration("stop")


@coroutine_function(_stopper_StateMachine)
def stopper(first):
    return _stopper_StateMachine(first)


async def native_stopper(first):
    if not first:
        await suspend()
    raise StopIteration("stop")


# async def native_keeper(dropped, kept):
#     await suspend()
#     def read():
#         return kept
#     return read
class _keeper_StateMachine(CoroutineMachine):
    __slots__ = ("state", "awaiter", "yielded", "dropped", "cells")
    local_variables = {"dropped": "dropped", "cells.kept": "kept"}

    class Cells(Cells):
        __slots__ = ("kept",)

    def __init__(this, dropped, kept):
        this.state = CREATED
        this.dropped = dropped
        this.cells = cells = this.Cells()
        cells.kept = kept

    def move_next(this, sent, thrown):
        resume = this.state
        this.state = RUNNING
        cells = this.cells
        if resume == 1:
            result = this.resume_await(sent, thrown)
        else:
            result = this.start_await(suspend())
        if result is SUSPENDED:
            this.state = 1
            return SUSPENDED

        def read():
            return cells.kept

        return read


@coroutine_function(_keeper_StateMachine)
def keeper(dropped, kept):
    return _keeper_StateMachine(dropped, kept)


async def native_keeper(dropped, kept):
    await suspend()

    def read():
        return kept

    return read


# async def native_sleep_and_return(sleep, value):
#     await sleep(0)
#     return value
class _sleep_and_return_StateMachine(CoroutineMachine):
    __slots__ = ("state", "awaiter", "yielded", "sleep", "value")
    local_variables = {"sleep": "sleep", "value": "value"}

    def __init__(this, sleep, value):
        this.state = CREATED
        this.sleep = sleep
        this.value = value

    def move_next(this, sent, thrown):
        resume = this.state
        this.state = RUNNING
        if resume == 1:
            result = this.resume_await(sent, thrown)
        else:
            result = this.start_await(this.sleep(0))
        if result is SUSPENDED:
            this.state = 1
            return SUSPENDED
        return this.value


@coroutine_function(_sleep_and_return_StateMachine)
def sleep_and_return(sleep, value):
    return _sleep_and_return_StateMachine(sleep, value)


async def native_sleep_and_return(sleep, value):
    await sleep(0)
    return value


# async def native_fast(log):
#     log.append(await add(1, 2))  (and records whether it suspended)
class _fast_StateMachine(CoroutineMachine):
    __slots__ = ("state", "awaiter", "yielded", "log", "make")
    local_variables = {"log": "log", "make": "make"}

    def __init__(this, log, make):
        this.state = CREATED
        this.log = log
        this.make = make

    def move_next(this, sent, thrown):
        resume = this.state
        this.state = RUNNING
        if resume == 1:
            result = this.resume_await(sent, thrown)
        else:
            inner = this.make()
            result = this.start_await(inner)
            this.log.append(("start_await returned", result))
            this.log.append(("awaiter written", hasattr(this, "awaiter")))
            this.log.append(("inner state", inner.state if isinstance(inner, CoroutineMachine) else None))
        if result is SUSPENDED:
            this.state = 1
            return SUSPENDED
        return result


@coroutine_function(_fast_StateMachine)
def fast(log, make):
    return _fast_StateMachine(log, make)


# A method: class Holder: async def method(self, x): return (self.base, x)
class _Holder_method_StateMachine(CoroutineMachine):
    __slots__ = ("state", "awaiter", "yielded", "self", "x")
    local_variables = {"self": "self", "x": "x"}

    def __init__(this, self, x):
        this.state = CREATED
        this.self = self
        this.x = x

    def move_next(this, sent, thrown):
        resume = this.state
        this.state = RUNNING
        return this.self.base, this.x


class Holder:
    base = "holder"

    @coroutine_function(_Holder_method_StateMachine)
    def method(self, x):
        return _Holder_method_StateMachine(self, x)


class NativeHolder:
    base = "holder"

    async def method(self, x):
        return self.base, x


# A rich signature: async def native_signature(a, /, b: int = 2, *args, c, d: str = "d", **kw) -> tuple
class _signature_StateMachine(CoroutineMachine):
    __slots__ = ("state", "awaiter", "yielded", "a", "b", "args", "c", "d", "kw")

    def __init__(this, a, b, args, c, d, kw):
        this.state = CREATED
        this.a, this.b, this.args, this.c, this.d, this.kw = a, b, args, c, d, kw

    def move_next(this, sent, thrown):
        this.state = RUNNING
        return this.a, this.b, this.args, this.c, this.d, this.kw


@coroutine_function(_signature_StateMachine)
def signature(a, /, b: int = 2, *args, c, d: str = "d", **kw) -> tuple:
    """A docstring."""
    return _signature_StateMachine(a, b, args, c, d, kw)


async def native_signature(a, /, b: int = 2, *args, c, d: str = "d", **kw) -> tuple:
    """A docstring."""
    return a, b, args, c, d, kw


# ======================================================================
# Driving helpers


def describe(error, depth=2):
    """What is observable about an exception (type, args, chaining)."""
    if error is None:
        return None
    nested = (lambda e: describe(e, depth - 1)) if depth else (lambda e: type(e))
    return (
        type(error),
        error.args,
        nested(error.__context__),
        nested(error.__cause__),
        error.__suppress_context__,
    )


def send(value=None):
    return lambda coro: coro.send(value)


def throw(*args):
    """Throw fresh instances each time (a factory is called)."""

    def step(coro):
        real = [a() if isinstance(a, functools.partial) else a for a in args]
        return coro.throw(*real)

    return step


def new(cls, *args):
    return functools.partial(cls, *args)


def close():
    return lambda coro: coro.close()


def script(coro, *steps):
    """Apply each step and record its outcome."""
    outcomes = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for step in steps:
            try:
                outcomes.append(("value", step(coro)))
            except StopIteration as stop:
                outcomes.append(("stop", stop.args))
            except BaseException as error:  # noqa: BLE001
                outcomes.append(("error", describe(error)))
    return outcomes


def both(machine_function, native_function, *args, steps):
    """The outcomes of the same steps on a machine and on a native coroutine."""
    return (
        script(machine_function(*args), *steps),
        script(native_function(*args), *steps),
    )


def run_to_end(coro):
    try:
        while True:
            coro.send(None)
    except StopIteration as stop:
        return stop


def status(coro):
    return coro.cr_running, coro.cr_suspended, coro.cr_await


# ======================================================================
# Results and StopIteration


@pytest.mark.parametrize("value", [None, 0, "text", (1, 2), (None,), ()])
def test_stop_iteration_carries_the_result(value):
    machine_stop = run_to_end(give(value))
    native_stop = run_to_end(native_give(value))
    assert machine_stop.args == native_stop.args
    assert machine_stop.value == native_stop.value


def test_none_result_is_stop_iteration_without_args():
    stop = run_to_end(give(None))
    assert stop.args == ()
    assert stop.value is None


def test_tuple_result_is_one_argument():
    stop = run_to_end(give((1, 2)))
    assert stop.args == ((1, 2),)
    assert stop.value == (1, 2)


def test_sent_values_flow_through_two_awaits():
    steps = (send(None), send("a"), send("b"), send(None))
    machine, native = both(twice, native_twice, "x", steps=steps)
    assert machine == native
    assert machine[:3] == [("value", "x"), ("value", "a"), ("stop", (("a", "b"),))]


def test_send_non_none_to_new_coroutine_leaves_it_startable():
    steps = (send(1), send(None), send("r"))
    machine = script(wait_on(suspend("y")), *steps)
    native = script(native_wait_on(suspend("y")), *steps)
    assert machine == native
    assert machine[0] == ("error", describe(TypeError(messages.NOT_STARTED_SEND)))
    assert machine[1:] == [("value", "y"), ("stop", ("r",))]


def test_send_after_finishing_is_reuse_error():
    steps = (send(None), send(None), send(None))
    machine, native = both(add, native_add, 1, 2, steps=steps)
    assert machine == native
    assert machine[1] == ("error", describe(RuntimeError(messages.REUSED)))


def test_under_asyncio_run():
    assert asyncio.run(wait_on(asyncio.sleep(0.001, "slept"))) == "slept"
    assert asyncio.run(native_wait_on(asyncio.sleep(0.001, "slept"))) == "slept"


def test_gather_of_machines_under_asyncio():
    async def main():
        return await asyncio.gather(
            sleep_and_return(asyncio.sleep, 1),
            native_sleep_and_return(asyncio.sleep, 2),
            twice_on_loop(),
        )

    def twice_on_loop():
        return wait_on(sleep_and_return(asyncio.sleep, 3))

    assert asyncio.run(main()) == [1, 2, 3]


def test_cancelling_a_task_running_a_machine():
    async def main(function):
        log = []
        task = asyncio.ensure_future(function(log, asyncio.sleep(10)))
        await asyncio.sleep(0)
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            log.append("cancelled")
        return log, task.cancelled()

    assert asyncio.run(main(guarded)) == asyncio.run(main(native_guarded)) == (
        ["finally", "cancelled"],
        True,
    )


# ======================================================================
# Exceptions and chaining


def test_exception_thrown_at_await_is_converted_with_context():
    steps = (send(None), throw(new(ValueError, "boom")))
    machine = script(catcher(suspend("w")), *steps)
    native = script(native_catcher(suspend("w")), *steps)
    assert machine == native
    assert machine[1] == ("error", describe(_chained(KeyError("caught"), ValueError("boom"))))


def _chained(error, context):
    error.__context__ = context
    return error


def test_exception_from_the_awaited_thing_propagates():
    steps = (send(None), throw(new(ValueError, "v")))
    machine = script(wait_on(convert("c")), *steps)
    native = script(native_wait_on(convert("c")), *steps)
    assert machine == native
    assert machine[1][1][0] is KeyError


def test_thrown_exception_reaching_a_catching_coroutine_through_the_awaited_one():
    # catcher awaits convert: ValueError -> KeyError("converted") -> not caught.
    steps = (send(None), throw(ValueError))
    machine = script(catcher(convert()), *steps)
    native = script(native_catcher(convert()), *steps)
    assert machine == native


def _while_handling(coro, sends, action):
    """Run `sends` sends, then `action(coro)` while handling LookupError."""
    for _ in range(sends):
        coro.send(None)
    try:
        raise LookupError("driver")
    except LookupError:
        try:
            action(coro)
        except BaseException as error:  # noqa: BLE001
            return describe(error)
    return None


@pytest.mark.parametrize(
    "make, context",
    [
        pytest.param(lambda function: function(1), LookupError, id="not-awaitable"),
        pytest.param(lambda function: function(native_stopper(True)), StopIteration, id="pep479"),
    ],
)
def test_exception_raised_in_body_while_driver_handles_one_is_chained_to_it(make, context):
    machine = _while_handling(make(wait_on), 0, lambda coro: coro.send(None))
    native = _while_handling(make(native_wait_on), 0, lambda coro: coro.send(None))
    assert machine == native
    assert machine[2][0] is context


@pytest.mark.parametrize(
    "make, sends",
    [
        pytest.param(lambda function: function(suspend()), 0, id="created"),
        pytest.param(lambda function: function(suspend()), 1, id="awaiting-generator"),
        pytest.param(lambda function: function(IteratorWithoutThrow()), 1, id="awaiting-iterator"),
        pytest.param(lambda function: function(function(suspend())), 1, id="awaiting-same-kind"),
        pytest.param(lambda function: function(catcher_of(function)(suspend())), 1, id="caught-below"),
    ],
)
def test_thrown_exception_is_not_chained_to_the_drivers_exception(make, sends):
    def thrown(coro):
        return _while_handling(coro, sends, lambda c: c.throw(ValueError("thrown")))

    native = thrown(make(native_wait_on))
    assert native[0] in (ValueError, KeyError)
    assert thrown(make(wait_on)) == native


def catcher_of(function):
    return catcher if function is wait_on else native_catcher


def test_exception_in_finally_during_close_has_generator_exit_context():
    steps = (send(None), close(), send(None))
    machine, native = both(failing_cleanup, native_failing_cleanup, steps=steps)
    assert machine == native
    kind, (error_type, args, context, _, _) = machine[1]
    assert (kind, error_type, args) == ("error", ValueError, ("cleanup failed",))
    assert context[0] is GeneratorExit
    assert machine[2] == ("error", describe(RuntimeError(messages.REUSED)))


def test_exception_in_finally_when_thrown_into():
    steps = (send(None), throw(new(KeyError, "k")))
    machine, native = both(failing_cleanup, native_failing_cleanup, steps=steps)
    assert machine == native
    assert machine[1][1][2][0] is KeyError  # ValueError's context


# ======================================================================
# PEP 479


@pytest.mark.parametrize("first", [True, False], ids=["at-start", "after-await"])
def test_stop_iteration_raised_in_body_becomes_runtime_error(first):
    steps = (send(None), send(None), send(None))
    machine, native = both(stopper, native_stopper, first, steps=steps)
    assert machine == native
    errors = [outcome for outcome in machine if outcome[0] == "error"]
    error_type, args, context, cause, suppress = errors[0][1]
    assert (error_type, args) == (RuntimeError, (messages.RAISED_STOP_ITERATION,))
    assert cause[:2] == (StopIteration, ("stop",))
    assert suppress is True


def test_stop_iteration_from_awaited_machine_reaches_awaiter_as_runtime_error():
    steps = (send(None),)
    machine = script(wait_on(stopper(True)), *steps)
    native = script(native_wait_on(native_stopper(True)), *steps)
    assert machine == native


# ======================================================================
# throw()


@pytest.mark.parametrize(
    "arguments",
    [
        pytest.param((ValueError,), id="class"),
        pytest.param((new(ValueError, "x"),), id="instance"),
        pytest.param((ValueError, "x"), id="class-value"),
        pytest.param((ValueError, ("a", 1)), id="class-tuple"),
        pytest.param((ValueError, new(ValueError, "y"), None), id="class-instance-none"),
        pytest.param((KeyError, None, None), id="class-none-none"),
        pytest.param((1,), id="not-raisable"),
        pytest.param((ValueError, None, 1), id="bad-traceback"),
        pytest.param((new(ValueError), 1), id="instance-with-value"),
    ],
)
@pytest.mark.parametrize("before", ["created", "suspended", "finished"])
def test_throw_forms(arguments, before):
    prelude = {"created": (), "suspended": (send(None),), "finished": (send(None), send(None))}[before]
    steps = (*prelude, throw(*arguments), send(None))
    machine = script(wait_on(suspend()), *steps)
    native = script(native_wait_on(suspend()), *steps)
    assert machine == native


@pytest.mark.parametrize(
    "arguments",
    [
        pytest.param((ValueError,), id="class"),
        pytest.param((ValueError, "x"), id="class-value"),
        pytest.param((1,), id="not-raisable"),
        pytest.param((ValueError, None, 1), id="bad-traceback"),
    ],
)
def test_throw_forms_into_a_catching_machine(arguments):
    steps = (send(None), throw(*arguments))
    machine = script(catcher(suspend()), *steps)
    native = script(native_catcher(suspend()), *steps)
    assert machine == native


def test_throw_generator_exit_into_suspended_coroutine():
    log_machine, log_native = [], []
    steps = (send(None), throw(GeneratorExit), send(None))
    machine = script(guarded(log_machine, suspend()), *steps)
    native = script(native_guarded(log_native, suspend()), *steps)
    assert machine == native
    assert log_machine == log_native == ["finally"]


def test_throw_with_traceback_keeps_it():
    def traceback_of(coro):
        try:
            raise ValueError("original")
        except ValueError as error:
            traceback = error.__traceback__
        coro.send(None)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            try:
                coro.throw(ValueError, None, traceback)
            except ValueError as error:
                chain = []
                tb = error.__traceback__
                while tb is not None:
                    chain.append(tb)
                    tb = tb.tb_next
                return traceback in chain

    assert traceback_of(wait_on(suspend())) is traceback_of(native_wait_on(suspend())) is True


def _throw_warnings(coro, arguments):
    coro.send(None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(ValueError):
            coro.throw(*arguments)
    return [(w.category, str(w.message), w.filename) for w in caught]


@pytest.mark.parametrize("arguments", [(ValueError, ValueError("x"), None), (ValueError, "x")])
def test_throw_with_several_arguments_warns_like_native(arguments):
    machine = _throw_warnings(wait_on(IteratorWithoutThrow()), arguments)
    native = _throw_warnings(native_wait_on(IteratorWithoutThrow()), arguments)
    assert machine == native
    if THROW_ARGS_DEPRECATED:
        assert machine == [(DeprecationWarning, messages.THROW_DEPRECATED, __file__)]
    else:
        assert machine == []


@pytest.mark.parametrize(
    "awaitee",
    [
        pytest.param(lambda function: suspend(), id="generator"),
        pytest.param(lambda function: native_wait_on(suspend()), id="native-coroutine"),
        pytest.param(lambda function: function(suspend()), id="same-kind"),
    ],
)
def test_throw_with_several_arguments_forwarded_inward_warns_once(awaitee):
    arguments = (ValueError, ValueError("x"), None)
    machine = _throw_warnings(wait_on(awaitee(wait_on)), arguments)
    native = _throw_warnings(native_wait_on(awaitee(native_wait_on)), arguments)
    assert machine == native


def test_throw_with_one_argument_does_not_warn():
    coro = wait_on(suspend())
    coro.send(None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(ValueError):
            coro.throw(ValueError("x"))
    assert caught == []


def test_throw_reaches_the_innermost_custom_awaiter_throw():
    def outcome(function):
        probe = Probe()
        coro = function(probe)
        probe.target = coro
        steps = (send(None), throw(ValueError))
        return script(coro, *steps), probe.seen

    assert outcome(wait_on) == outcome(native_wait_on)


# ======================================================================
# close()


def test_close_created():
    steps = (close(), send(None), close())
    machine, native = both(add, native_add, 1, 2, steps=steps)
    assert machine == native
    assert machine == [
        ("value", None),
        ("error", describe(RuntimeError(messages.REUSED))),
        ("value", None),
    ]


def test_close_created_does_not_warn_never_awaited():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        add(1, 2).close()
        native_add(1, 2).close()
        gc.collect()
    assert [w for w in caught if w.category is RuntimeWarning] == []


def test_close_suspended_runs_finally():
    log_machine, log_native = [], []
    steps = (send(None), close(), send(None))
    machine = script(guarded(log_machine, suspend()), *steps)
    native = script(native_guarded(log_native, suspend()), *steps)
    assert machine == native
    assert machine[1] == ("value", None)
    assert log_machine == log_native == ["finally"]


def test_close_finished():
    steps = (send(None), close())
    machine, native = both(add, native_add, 1, 2, steps=steps)
    assert machine == native == [("stop", (3,)), ("value", None)]


def test_close_returns_value_on_313():
    steps = (send(None), close())
    machine, native = both(exit_value, native_exit_value, steps=steps)
    assert machine == native
    expected = "closed" if CLOSE_RETURNS_VALUE else None
    assert machine[1] == ("value", expected)


def test_close_finished_with_value_returns_none():
    steps = (send(None), send(None), close())
    machine, native = both(exit_value, native_exit_value, steps=steps)
    assert machine == native
    assert machine[1:] == [("stop", ("finished",)), ("value", None)]


def test_close_ignoring_generator_exit_is_runtime_error():
    steps = (send(None), close(), send(None))
    machine, native = both(stubborn, native_stubborn, steps=steps)
    assert machine == native
    assert machine[0] == ("value", "first")
    assert machine[1] == ("error", describe(RuntimeError(messages.IGNORED_GENERATOR_EXIT)))


def test_close_closes_what_is_awaited_first():
    def state_after_close(function):
        generator = suspend()
        coro = function(generator)
        coro.send(None)
        coro.close()
        return inspect.getgeneratorstate(generator)

    assert state_after_close(wait_on) == state_after_close(native_wait_on) == inspect.GEN_CLOSED


def test_close_of_a_chain_closes_every_level():
    def closed(outer, inner):
        log = []
        generator = suspend()
        coro = outer(inner(log, generator))
        coro.send(None)
        coro.close()
        return log, inspect.getgeneratorstate(generator)

    assert closed(wait_on, guarded) == closed(native_wait_on, native_guarded) == (
        ["finally"],
        inspect.GEN_CLOSED,
    )


# ======================================================================
# cr_await, cr_running, cr_suspended


def test_status_when_created_suspended_and_finished():
    def statuses(function):
        generator = suspend()
        coro = function(generator)
        seen = [status(coro)]
        coro.send(None)
        seen.append(status(coro))
        run_to_end(coro)
        seen.append(status(coro))
        return seen, generator

    machine, machine_generator = statuses(wait_on)
    native, native_generator = statuses(native_wait_on)
    assert machine == [(False, False, None), (False, True, machine_generator), (False, False, None)]
    assert native == [(False, False, None), (False, True, native_generator), (False, False, None)]


def test_cr_await_is_the_iterator_from_dunder_await():
    def awaited(function):
        probe = Probe()
        coro = function(probe)
        probe.target = coro
        coro.send(None)
        return coro.cr_await is probe.iterator

    assert awaited(wait_on) is awaited(native_wait_on) is True


def test_cr_await_of_a_machine_awaiting_a_machine_or_native_coroutine():
    inner_machine = wait_on(suspend())
    outer = wait_on(inner_machine)
    outer.send(None)
    assert outer.cr_await is inner_machine

    inner_native = native_wait_on(suspend())
    outer = wait_on(inner_native)
    outer.send(None)
    assert outer.cr_await is inner_native


@pytest.mark.xfail(
    strict=True,
    reason=(
        "a native coroutine awaiting a machine drives the CoroutineWrapper that "
        "CoroutineMachine.__await__ returns, so its cr_await is the wrapper, not the "
        "machine (native-awaits-native gives the awaited coroutine itself)"
    ),
)
def test_cr_await_of_a_native_coroutine_awaiting_a_machine():
    inner = wait_on(suspend())
    outer = native_wait_on(inner)
    outer.send(None)
    assert outer.cr_await is inner


def test_running_while_body_runs():
    def observed(function):
        box = []
        coro = function(lambda: status(box[0])[:2])
        box.append(coro)
        return run_to_end(coro).value

    machine = observed(lambda probe: wait_on(native_call(probe)))
    native = observed(lambda probe: native_wait_on(native_call(probe)))
    assert machine == native == (True, False)


async def native_call(function):
    return function()


def test_running_while_awaited_iterator_is_driven():
    def observed(function):
        probe = Probe()
        coro = function(probe)
        probe.target = coro
        script(coro, send(None), send("sent"))
        coro2 = function(probe)
        probe.target = coro2
        script(coro2, send(None), throw(ValueError))
        coro3 = function(probe)
        probe.target = coro3
        script(coro3, send(None), close())
        return probe.seen

    machine = observed(wait_on)
    native = observed(native_wait_on)
    assert machine == native
    assert ("close", True) in machine


# ======================================================================
# __name__, __qualname__, repr, cr_code


def test_name_and_qualname_come_from_the_function():
    coro = add(1, 2)
    native = native_add(1, 2)
    assert (coro.__name__, coro.__qualname__) == ("add", "add")
    assert (native.__name__, native.__qualname__) == ("native_add", "native_add")
    coro.close()
    native.close()


def test_qualname_of_a_method_coroutine():
    coro = Holder().method(1)
    native = NativeHolder().method(1)
    assert coro.__qualname__ == "Holder.method"
    assert native.__qualname__ == "NativeHolder.method"
    assert coro.__name__ == native.__name__ == "method"
    assert run_to_end(coro).value == run_to_end(native).value == ("holder", 1)


def test_assigning_name_and_qualname():
    for coro in (add(1, 2), native_add(1, 2)):
        coro.__name__ = "renamed"
        coro.__qualname__ = "Some.renamed"
        assert (coro.__name__, coro.__qualname__) == ("renamed", "Some.renamed")
        assert repr(coro).startswith("<coroutine object Some.renamed at 0x")
        coro.close()


def test_assigning_a_name_affects_only_that_coroutine():
    first, second = add(1, 2), add(1, 2)
    first.__name__ = "renamed"
    assert second.__name__ == "add"
    first.close()
    second.close()


@pytest.mark.parametrize("attribute", ["__name__", "__qualname__"])
@pytest.mark.parametrize("value", [1, None, b"bytes"])
def test_assigning_a_non_string_name_is_type_error(attribute, value):
    def error(coro):
        try:
            with pytest.raises(TypeError) as info:
                setattr(coro, attribute, value)
            return str(info.value), getattr(coro, attribute)
        finally:
            coro.close()

    machine_message, machine_value = error(add(1, 2))
    native_message, native_value = error(native_add(1, 2))
    assert machine_message == native_message == f"{attribute} must be set to a string object"
    assert (machine_value, native_value) == ("add", "native_add")  # unchanged


@pytest.mark.parametrize("attribute", ["__name__", "__qualname__"])
def test_deleting_name_is_type_error(attribute):
    def error(coro):
        try:
            with pytest.raises(TypeError) as info:
                delattr(coro, attribute)
            return str(info.value)
        finally:
            coro.close()

    assert error(add(1, 2)) == error(native_add(1, 2))


def test_repr_names_the_qualname():
    coro = add(1, 2)
    native = native_add(1, 2)
    assert repr(coro) == f"<coroutine object add at {id(coro):#x}>"
    assert repr(native) == f"<coroutine object native_add at {id(native):#x}>"
    coro.close()
    native.close()


@pytest.mark.xfail(
    strict=True,
    reason=(
        "a machine reads __name__/__qualname__ from its function on every access, "
        "so renaming the function renames coroutines that already exist; a native "
        "coroutine copies both names from its function when it is created"
    ),
)
def test_renaming_the_function_later_does_not_rename_existing_coroutines():
    class _local_StateMachine(CoroutineMachine):
        __slots__ = ("state", "awaiter", "yielded")

        def __init__(this):
            this.state = CREATED

        def move_next(this, sent, thrown):
            this.state = RUNNING
            return None

    @coroutine_function(_local_StateMachine)
    def local():
        return _local_StateMachine()

    async def native_local():
        return None

    coros = []
    for function in (local, native_local):
        coro = function()
        coros.append(coro)
        function.__name__ = "renamed"
        function.__qualname__ = "renamed"
    try:
        assert [c.__name__ for c in coros] == ["local", "native_local"]
        assert coros[0].__qualname__.endswith("<locals>.local")
    finally:
        for coro in coros:
            coro.close()


def test_cr_code_is_the_function_code():
    coro = add(1, 2)
    native = native_add(1, 2)
    assert coro.cr_code is add.__code__
    assert native.cr_code is native_add.__code__
    assert coro.cr_code.co_name == "add"
    coro.close()
    native.close()


# ======================================================================
# "never awaited", cr_origin, garbage collection


def _unawaited_warnings(make):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        make()
        gc.collect()
    return [(w.category, str(w.message)) for w in caught if w.category is RuntimeWarning]


def test_never_awaited_warning():
    assert _unawaited_warnings(lambda: add(1, 2)) == [
        (RuntimeWarning, "coroutine 'add' was never awaited")
    ]
    assert _unawaited_warnings(lambda: native_add(1, 2)) == [
        (RuntimeWarning, "coroutine 'native_add' was never awaited")
    ]


def test_never_awaited_warning_uses_the_assigned_qualname():
    def make(function):
        coro = function(1, 2)
        coro.__qualname__ = "Given.name"

    assert _unawaited_warnings(lambda: make(add)) == _unawaited_warnings(lambda: make(native_add))


@pytest.mark.parametrize(
    "finish",
    [
        pytest.param(lambda coro: run_to_end(coro), id="run"),
        pytest.param(lambda coro: coro.close(), id="closed"),
        pytest.param(lambda coro: pytest.raises(KeyError, coro.throw, KeyError()), id="thrown"),
    ],
)
def test_no_warning_once_used(finish):
    assert _unawaited_warnings(lambda: finish(add(1, 2))) == []
    assert _unawaited_warnings(lambda: finish(native_add(1, 2))) == []


def create(factory, *args):
    return factory(*args)  # the first cr_origin entry of both kinds


# Origin tracking is tested in a fresh interpreter: turning it on and off
# again changes the machine classes for the rest of the process (see
# test_machines_can_be_created_after_origin_tracking_is_turned_off).
ROOT = Path(__file__).resolve().parents[2]


def run_isolated(body):
    """Run `body` in a fresh interpreter where `m` is this module; return
    what it printed, evaluated as a Python literal."""
    code = "from tests.runtime import test_machines as m\n" + textwrap.dedent(body)
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert completed.returncode == 0, completed.stderr
    return ast.literal_eval(completed.stdout)


ORIGINS = """
    import sys

    def origin(factory, depth):
        sys.set_coroutine_origin_tracking_depth(depth)
        try:
            coro = m.create(factory, 1, 2)
        finally:
            sys.set_coroutine_origin_tracking_depth(0)
        try:
            return coro.cr_origin
        finally:
            coro.close()

    print(repr({depth: [origin(f, depth) for f in (m.add, m.native_add)] for depth in (1, 2, 50)}))
"""


def test_cr_origin_is_where_the_coroutine_was_created():
    origins = run_isolated(ORIGINS)
    for depth, (machine, native) in origins.items():
        assert machine == native
        assert len(machine) == min(depth, len(origins[50][1]))
        assert all(isinstance(entry, tuple) and len(entry) == 3 for entry in machine)
        filename, lineno, function = machine[0]
        assert (filename, function) == (__file__, "create")
        assert lineno == create.__code__.co_firstlineno + 1


def test_cr_origin_is_none_without_tracking():
    assert sys.get_coroutine_origin_tracking_depth() == 0
    coro, native = add(1, 2), native_add(1, 2)
    assert coro.cr_origin is native.cr_origin is None
    coro.close()
    native.close()


def test_cr_origin_is_recorded_only_for_coroutines_created_while_tracking():
    # failing_cleanup() takes no arguments, so it can still be created after
    # tracking is turned off (see test_machines_can_be_created_after_origin_tracking_is_turned_off).
    assert run_isolated(
        """
        import sys
        sys.set_coroutine_origin_tracking_depth(3)
        tracked, native_tracked = m.failing_cleanup(), m.native_failing_cleanup()
        sys.set_coroutine_origin_tracking_depth(0)
        untracked, native_untracked = m.failing_cleanup(), m.native_failing_cleanup()
        coros = [tracked, native_tracked, untracked, native_untracked]
        print(repr([coro.cr_origin is not None for coro in coros]))
        for coro in coros:
            coro.close()
        """
    ) == [True, True, False, False]


def test_never_awaited_warning_with_origin_tracking_names_where_it_was_created():
    machine, native = run_isolated(
        """
        import gc, sys, warnings
        def message(factory):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                sys.set_coroutine_origin_tracking_depth(2)
                try:
                    m.create(factory, 1, 2)
                finally:
                    sys.set_coroutine_origin_tracking_depth(0)
                gc.collect()
            return [str(w.message) for w in caught if w.category is RuntimeWarning]
        print(repr([message(m.add), message(m.native_add)]))
        """
    )
    assert machine == [text.replace("native_add", "add") for text in native]
    assert len(machine) == 1
    assert "Coroutine created at (most recent call last)" in machine[0]


def test_machines_can_be_created_after_origin_tracking_is_turned_off():
    assert run_isolated(
        """
        import sys
        sys.set_coroutine_origin_tracking_depth(1)
        sys.set_coroutine_origin_tracking_depth(0)
        print(repr(m.run_to_end(m.add(1, 2)).value))
        """
    ) == 3


def test_machines_work_after_an_asyncio_debug_run():
    assert run_isolated(
        """
        import asyncio
        first = asyncio.run(m.give(1), debug=True)
        second = asyncio.run(m.give(2))
        print(repr([first, second]))
        """
    ) == [1, 2]


def test_machines_work_in_asyncio_debug_mode():
    assert run_isolated(
        """
        import asyncio
        print(repr(asyncio.run(m.wait_on(m.sleep_and_return(asyncio.sleep, "debug")), debug=True)))
        """
    ) == "debug"


def test_suspended_coroutine_is_closed_when_collected():
    def collected(function):
        log = []
        generator = suspend()
        coro = function(log, generator)
        coro.send(None)
        del coro
        gc.collect()
        return log, inspect.getgeneratorstate(generator)

    assert collected(guarded) == collected(native_guarded) == (["finally"], inspect.GEN_CLOSED)


def test_suspended_coroutine_in_a_cycle_is_closed_when_collected():
    def collected(function):
        log, box = [], []
        coro = function(log, suspend(box))
        box.append(coro)  # a cycle: coroutine -> generator -> box -> coroutine
        coro.send(None)
        del coro, box
        gc.collect()
        return log

    assert collected(guarded) == collected(native_guarded) == ["finally"]


def test_error_when_collecting_a_suspended_coroutine_is_unraisable(monkeypatch):
    def reported(function):
        seen = []
        monkeypatch.setattr(sys, "unraisablehook", seen.append)
        coro = function()
        coro.send(None)
        name = coro.__qualname__
        del coro
        gc.collect()
        monkeypatch.undo()
        return [
            (type(u.exc_value), str(u.exc_value), repr(u.object).startswith(f"<coroutine object {name}"))
            for u in seen
        ]

    native = reported(native_stubborn)
    assert native == [(RuntimeError, messages.IGNORED_GENERATOR_EXIT, True)]
    assert reported(stubborn) == native


def test_finished_coroutine_releases_its_locals():
    def freed(function):
        dropped, kept = Token(), Token()
        refs = weakref.ref(dropped), weakref.ref(kept)
        coro = function(dropped, kept)
        del dropped, kept
        coro.send(None)
        gc.collect()
        alive_when_suspended = [r() is not None for r in refs]
        read = run_to_end(coro).value
        gc.collect()
        alive_when_finished = [r() is not None for r in refs]
        still_readable = read() is refs[1]()
        return alive_when_suspended, alive_when_finished, still_readable, coro

    machine = freed(keeper)
    native = freed(native_keeper)
    assert machine[:3] == native[:3] == ([True, True], [False, True], True)


def test_variables_a_closure_shares_live_with_the_closure_not_the_machine():
    kept = Token()
    ref = weakref.ref(kept)
    coro = keeper(Token(), kept)
    del kept
    read = run_to_end(coro).value
    del coro
    gc.collect()
    assert ref() is not None  # the closure keeps it (in the Cells), as a cell would
    assert read() is ref()
    del read
    assert ref() is None  # freed without the garbage collector


def _freed_after(function, how):
    """Is the argument of a coroutine freed once it ended `how`? (The
    coroutine object itself is still alive.)"""
    held = Token()
    ref = weakref.ref(held)
    coro = function([], held)  # guarded(log, awaitable): a Token is not awaitable
    del held
    if how == "error":
        with pytest.raises(TypeError):
            coro.send(None)
    elif how == "close":
        coro.close()
    else:
        with pytest.raises(KeyError):
            coro.throw(KeyError())
    gc.collect()
    return ref() is None


@pytest.mark.parametrize("how", ["error", "throw-created"])
def test_coroutine_ending_abnormally_releases_its_locals(how):
    assert _freed_after(native_guarded, how) is True
    assert _freed_after(guarded, how) is True


def test_closing_a_new_coroutine_releases_its_locals():
    # CPython 3.11 clears the frame of a coroutine closed before it started;
    # 3.12+ only marks it finished and keeps the arguments until the
    # coroutine object dies. A machine frees them in both cases.
    assert _freed_after(native_guarded, "close") is (sys.version_info < (3, 12))
    assert _freed_after(guarded, "close") is True


def test_suspended_coroutine_does_not_keep_the_yielded_value():
    def kept(function):
        coro = function(yield_fresh())
        yielded = coro.send(None)
        ref = weakref.ref(yielded)
        del yielded
        gc.collect()
        try:
            return ref() is not None
        finally:
            coro.close()

    assert kept(wait_on) is kept(native_wait_on) is False


# ======================================================================
# Coroutine functions: inspect, asyncio, functools


@pytest.mark.parametrize(
    "check", [inspect.iscoroutinefunction, asyncio.iscoroutinefunction], ids=["inspect", "asyncio"]
)
def test_stub_is_a_coroutine_function(check):
    assert check(add) is check(native_add) is True


@pytest.mark.parametrize(
    "check", [inspect.iscoroutinefunction, asyncio.iscoroutinefunction], ids=["inspect", "asyncio"]
)
def test_bound_method_is_a_coroutine_function(check):
    assert check(Holder().method) is check(NativeHolder().method) is True
    assert check(Holder.method) is check(NativeHolder.method) is True


@pytest.mark.parametrize(
    "check", [inspect.iscoroutinefunction, asyncio.iscoroutinefunction], ids=["inspect", "asyncio"]
)
def test_partial_is_a_coroutine_function(check):
    assert check(functools.partial(add, 1)) is check(functools.partial(native_add, 1)) is True
    assert check(functools.partial(Holder().method)) is True


@pytest.mark.parametrize(
    "check", [inspect.iscoroutinefunction, asyncio.iscoroutinefunction], ids=["inspect", "asyncio"]
)
def test_sync_wrapper_made_with_wraps_is_not_a_coroutine_function(check):
    def wrap(function):
        @functools.wraps(function)
        def wrapper(*args):
            return function(*args)

        return wrapper

    assert check(wrap(add)) is check(wrap(native_add)) is False
    assert wrap(add).__wrapped__ is add


def test_signature_is_the_original():
    assert inspect.signature(signature) == inspect.signature(native_signature)
    assert str(inspect.signature(signature)) == "(a, /, b: int = 2, *args, c, d: str = 'd', **kw) -> tuple"
    assert inspect.signature(Holder().method) .parameters.keys() == inspect.signature(NativeHolder().method).parameters.keys()


def test_call_binds_arguments_like_the_original():
    machine = run_to_end(signature(1, 3, 4, c=5, e=6)).value
    native = run_to_end(native_signature(1, 3, 4, c=5, e=6)).value
    assert machine == native == (1, 3, (4,), 5, "d", {"e": 6})
    with pytest.raises(TypeError) as machine_error:
        signature(1)
    with pytest.raises(TypeError) as native_error:
        native_signature(1)
    assert str(machine_error.value) == str(native_error.value).replace("native_signature", "signature")


def test_function_attributes():
    assert signature.__name__ == "signature"
    assert signature.__doc__ == native_signature.__doc__
    assert signature.__module__ == native_signature.__module__
    assert signature.__defaults__ == native_signature.__defaults__
    assert signature.__kwdefaults__ == native_signature.__kwdefaults__
    assert signature.__annotations__ == native_signature.__annotations__


def test_coroutine_objects_are_coroutines_and_awaitables():
    for coro in (add(1, 2), native_add(1, 2)):
        assert isinstance(coro, collections.abc.Coroutine)
        assert isinstance(coro, collections.abc.Awaitable)
        assert inspect.isawaitable(coro)
        assert asyncio.iscoroutine(coro)
        coro.close()


def test_await_returns_a_wrapper_that_is_an_iterator_but_not_a_coroutine():
    for coro in (add(1, 2), native_add(1, 2)):
        wrapper = coro.__await__()
        assert isinstance(wrapper, collections.abc.Iterator)
        assert not isinstance(wrapper, collections.abc.Coroutine)
        with pytest.raises(StopIteration) as stop:
            next(wrapper)
        assert stop.value.value == 3


# ======================================================================
# Awaiting across kinds


CHAINS = {
    "machine>native>machine>native": (wait_on, native_wait_on, wait_on, native_wait_on),
    "native>machine>native>machine": (native_wait_on, wait_on, native_wait_on, wait_on),
    "machine>machine>machine>machine": (wait_on, wait_on, wait_on, wait_on),
    "native>native>native>native": (native_wait_on,) * 4,
}


def _chain(levels, innermost):
    coro = innermost
    for level in reversed(levels):
        coro = level(coro)
    return coro


@pytest.mark.parametrize("name", list(CHAINS))
def test_chain_by_hand(name):
    steps = (send(None), send("answer"), send(None))
    outcome = script(_chain(CHAINS[name], suspend("up")), *steps)
    assert outcome == [
        ("value", "up"),
        ("stop", ("answer",)),
        ("error", describe(RuntimeError(messages.REUSED))),
    ]


@pytest.mark.parametrize("name", list(CHAINS))
def test_chain_throw_reaches_the_innermost(name):
    steps = (send(None), throw(ValueError))
    outcome = script(_chain(CHAINS[name], convert("up")), *steps)
    native = script(_chain(CHAINS["native>native>native>native"], convert("up")), *steps)
    assert outcome == native
    assert outcome[1][1][:2] == (KeyError, ("converted",))


@pytest.mark.parametrize("name", list(CHAINS))
def test_chain_close_closes_the_innermost(name):
    log = []
    generator = suspend()
    coro = _chain(CHAINS[name], guarded(log, generator))
    coro.send(None)
    coro.close()
    assert log == ["finally"]
    assert inspect.getgeneratorstate(generator) == inspect.GEN_CLOSED


@pytest.mark.parametrize("name", list(CHAINS))
def test_chain_under_asyncio(name):
    coro = _chain(CHAINS[name], sleep_and_return(asyncio.sleep, "deep"))
    assert asyncio.run(coro) == "deep"


@pytest.mark.parametrize("name", list(CHAINS))
def test_chain_exception_propagates_with_context(name):
    steps = (send(None), throw(new(ValueError, "v")))
    levels = CHAINS[name]
    machine = script(_chain(levels, catcher(suspend())), *steps)
    native = script(_chain(CHAINS["native>native>native>native"], native_catcher(suspend())), *steps)
    assert machine == native


def test_machine_awaited_twice_by_machines_is_being_awaited_error():
    shared = wait_on(suspend())
    first = wait_on(shared)
    first.send(None)
    second = script(wait_on(shared), send(None))

    native_shared = native_wait_on(suspend())
    native_first = native_wait_on(native_shared)
    native_first.send(None)
    native_second = script(native_wait_on(native_shared), send(None))
    assert second == native_second == [("error", describe(RuntimeError(messages.BEING_AWAITED)))]


def test_machine_awaited_twice_by_native_coroutines_is_being_awaited_error():
    shared = wait_on(suspend())
    first = native_wait_on(shared)
    first.send(None)
    second = script(native_wait_on(shared), send(None))
    assert second == [("error", describe(RuntimeError(messages.BEING_AWAITED)))]


def test_finished_machine_awaited_again_is_reuse_error():
    for waiter in (wait_on, native_wait_on):
        done = add(1, 2)
        run_to_end(done)
        assert script(waiter(done), send(None)) == [("error", describe(RuntimeError(messages.REUSED)))]


def test_native_coroutine_awaited_twice_by_a_machine():
    shared = native_wait_on(suspend())
    first = wait_on(shared)
    first.send(None)
    assert script(wait_on(shared), send(None)) == [
        ("error", describe(RuntimeError(messages.BEING_AWAITED)))
    ]


# ======================================================================
# The fast path


def test_awaiting_a_machine_that_completes_synchronously_does_not_suspend():
    add_sends.clear()
    log = []
    stop = run_to_end(fast(log, lambda: add(1, 2)))
    assert stop.value == 3
    assert log == [
        ("start_await returned", 3),
        ("awaiter written", False),
        ("inner state", DONE),
    ]
    assert add_sends == []  # move_next was called directly, not send()


def test_fast_path_result_is_visible_after_a_single_send():
    outer = fast([], lambda: add(1, 2))
    with pytest.raises(StopIteration) as stop:
        outer.send(None)
    assert stop.value.value == 3


def test_awaiting_a_native_coroutine_that_completes_synchronously_does_not_suspend():
    log = []
    stop = run_to_end(fast(log, lambda: native_add(1, 2)))
    assert stop.value == 3
    assert log[:2] == [("start_await returned", 3), ("awaiter written", False)]


def test_awaiting_a_machine_that_suspends_hands_its_value_up():
    log = []
    outer = fast(log, lambda: wait_on(suspend("inner")))
    assert outer.send(None) == "inner"
    assert log[0] == ("start_await returned", SUSPENDED)
    assert log[1] == ("awaiter written", True)
    with pytest.raises(StopIteration) as stop:
        outer.send("back")
    assert stop.value.value == "back"


def test_awaiting_a_failing_machine_synchronously_raises_at_the_await():
    outer = catcher(stopper(True))
    native = native_catcher(native_stopper(True))
    assert script(outer, send(None)) == script(native, send(None))


# ======================================================================
# Errors from awaiting what cannot be awaited, through the machine


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: 1, id="int"),
        pytest.param(Token, id="python-class"),
        pytest.param(collections.deque, id="collections.deque"),
    ],
)
def test_awaiting_a_non_awaitable(make):
    machine = script(wait_on(make()), send(None))
    native = script(native_wait_on(make()), send(None))
    assert machine == native


# ======================================================================
# Other event loops


def test_under_trio():
    trio = pytest.importorskip("trio", reason="trio is not installed for this Python")
    assert trio.run(sleep_and_return, trio.sleep, "trio") == "trio"
    assert trio.run(native_sleep_and_return, trio.sleep, "trio") == "trio"


def test_trio_nursery_runs_machines():
    trio = pytest.importorskip("trio", reason="trio is not installed for this Python")
    results = []

    async def collect(function, value):
        results.append(await function(trio.sleep, value))

    async def main():
        async with trio.open_nursery() as nursery:
            nursery.start_soon(sleep_and_return, trio.sleep, "ignored")
            nursery.start_soon(collect, sleep_and_return, "machine")
            nursery.start_soon(collect, native_sleep_and_return, "native")

    trio.run(main)
    assert sorted(results) == ["machine", "native"]


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_under_anyio(backend):
    anyio = pytest.importorskip("anyio", reason="anyio is not installed for this Python")
    if backend == "trio":
        pytest.importorskip("trio", reason="trio is not installed for this Python")
    assert anyio.run(sleep_and_return, anyio.sleep, backend, backend=backend) == backend


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_anyio_task_group_and_cancellation(backend):
    anyio = pytest.importorskip("anyio", reason="anyio is not installed for this Python")
    if backend == "trio":
        pytest.importorskip("trio", reason="trio is not installed for this Python")

    async def main(function):
        log = []
        async with anyio.create_task_group() as group:
            group.start_soon(function, log, anyio.sleep(10))
            await anyio.sleep(0)
            group.cancel_scope.cancel()
        return log

    assert anyio.run(main, guarded, backend=backend) == ["finally"]
    assert anyio.run(main, native_guarded, backend=backend) == ["finally"]
