"""Every message in `movenext.runtime.messages` is CPython's own wording.

Each test makes *native* code on the running interpreter commit the mistake a
message describes and compares the text CPython produced with what `messages`
produces for the same object. A change of wording in a future CPython makes
one of these tests fail.
"""

from __future__ import annotations

import asyncio
import collections
import sys
import types
import warnings

import pytest

import movenext.runtime as rt
from movenext.runtime import messages

# ----------------------------------------------------------------------
# Helpers


@types.coroutine
def suspend(value=None):
    """Awaitable that suspends once: yields `value` to the driver."""
    return (yield value)


def drive(coro):
    """Run a coroutine by hand, sending None until it finishes."""
    try:
        while True:
            coro.send(None)
    except StopIteration as stop:
        return stop.value


def native_error(expected, coro):
    """Drive `coro` and return the `expected` exception it raises."""
    with pytest.raises(expected) as info:
        drive(coro)
    return info.value


class Plain:
    """A class written in Python: CPython names it by `__name__`."""


class NewFuture:
    """Makes an `_asyncio.Future` (static C type on 3.11, heap type on 3.12+)."""

    def __call__(self):
        loop = asyncio.new_event_loop()
        try:
            return loop.create_future()
        finally:
            loop.close()


# Objects whose type names CPython spells differently: a builtin type, a class
# written in Python, a static C type from a module, and C heap types.
OBJECTS = [
    pytest.param(lambda: 1, id="int"),
    pytest.param(Plain, id="python-class"),
    pytest.param(collections.OrderedDict, id="collections.OrderedDict"),
    # C heap types (PyType_FromSpec) on 3.12+: tp_name includes the module.
    pytest.param(NewFuture(), id="_asyncio.Future"),
    pytest.param(collections.deque, id="collections.deque"),
]

# Objects for the messages whose native trigger needs a plain object.
SIMPLE_OBJECTS = OBJECTS[:3]


# ----------------------------------------------------------------------
# type_name


@pytest.mark.parametrize("make", OBJECTS)
def test_type_name_is_what_cpython_prints_for_with(make):
    value = make()

    async def body():
        with value:
            pass

    error = native_error(TypeError, body())
    assert str(error) == messages.no_context_manager(value)


@pytest.mark.parametrize("make", [*SIMPLE_OBJECTS, OBJECTS[4]])  # a Future is awaitable
def test_type_name_is_what_cpython_prints_for_await(make):
    value = make()

    async def body():
        await value

    error = native_error(TypeError, body())
    assert str(error) == messages.not_awaitable(value)


def test_type_name_of_builtin_python_and_c_types():
    assert messages.type_name(1) == "int"
    assert messages.type_name(Plain()) == "Plain"
    assert messages.type_name(collections.OrderedDict()) == "collections.OrderedDict"


def test_type_name_of_a_compiled_coroutine_is_coroutine_as_cpython_prints_it():
    class _m_StateMachine(rt.CoroutineMachine):
        __slots__ = ("state", "awaiter", "yielded")

        def __init__(this):
            this.state = rt.CREATED

        def move_next(this, sent, thrown):
            this.state = rt.RUNNING
            return None

    machine = _m_StateMachine()
    try:

        async def body():
            with machine:
                pass

        error = native_error(TypeError, body())
        assert messages.type_name(machine) == "coroutine"
        assert str(error) == messages.no_context_manager(machine)
    finally:
        machine.close()


def test_type_name_of_a_native_coroutine():
    async def nothing():
        pass

    coro = nothing()

    async def body():
        with coro:
            pass

    error = native_error(TypeError, body())
    coro.close()
    assert str(error) == messages.no_context_manager(coro)


# ----------------------------------------------------------------------
# Constants: coroutine lifecycle


def test_not_started_send():
    async def nothing():
        pass

    coro = nothing()
    with pytest.raises(TypeError) as info:
        coro.send(1)
    coro.close()
    assert str(info.value) == messages.NOT_STARTED_SEND


def test_already_executing():
    box = []

    async def reenter():
        box[0].send(None)

    coro = reenter()
    box.append(coro)
    error = native_error(ValueError, coro)
    assert str(error) == messages.ALREADY_EXECUTING


def test_already_executing_on_throw_and_close():
    box = []
    seen = []

    async def reenter():
        for action in (lambda: box[0].throw(KeyError()), lambda: box[0].close()):
            try:
                action()
            except ValueError as error:
                seen.append(str(error))

    coro = reenter()
    box.append(coro)
    drive(coro)
    assert seen == [messages.ALREADY_EXECUTING, messages.ALREADY_EXECUTING]


def test_reused_when_awaiting_a_finished_coroutine():
    async def nothing():
        return 1

    finished = nothing()
    drive(finished)

    async def again():
        await finished

    error = native_error(RuntimeError, again())
    assert str(error) == messages.REUSED


def test_reused_when_sending_to_a_finished_coroutine():
    async def nothing():
        return 1

    finished = nothing()
    drive(finished)
    with pytest.raises(RuntimeError) as info:
        finished.send(None)
    assert str(info.value) == messages.REUSED


def test_being_awaited_already():
    async def inner():
        await suspend()

    shared = inner()

    async def waiter():
        await shared

    first = waiter()
    first.send(None)  # `shared` is now suspended inside `first`
    error = native_error(RuntimeError, waiter())
    first.close()
    assert str(error) == messages.BEING_AWAITED


def test_ignored_generator_exit():
    async def stubborn():
        try:
            await suspend()
        except GeneratorExit:
            await suspend()

    coro = stubborn()
    coro.send(None)
    with pytest.raises(RuntimeError) as info:
        coro.close()
    assert str(info.value) == messages.IGNORED_GENERATOR_EXIT


def test_raised_stop_iteration():
    async def stopper():
        raise StopIteration(5)

    error = native_error(RuntimeError, stopper())
    assert str(error) == messages.RAISED_STOP_ITERATION
    assert type(error.__cause__) is StopIteration


# ----------------------------------------------------------------------
# Constants and functions: throw() arguments


def _suspended_coroutine():
    async def waiting():
        await suspend()

    coro = waiting()
    coro.send(None)
    return coro


@pytest.mark.skipif(sys.version_info < (3, 12), reason="throw(type, value, tb) is deprecated since 3.12")
def test_throw_deprecated():
    coro = _suspended_coroutine()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(ValueError):
            coro.throw(ValueError, ValueError("x"), None)
    deprecations = [w for w in caught if w.category is DeprecationWarning]
    assert [str(w.message) for w in deprecations] == [messages.THROW_DEPRECATED]


def test_throw_bad_traceback():
    coro = _suspended_coroutine()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(TypeError) as info:
            coro.throw(ValueError, None, 1)
    coro.close()
    assert str(info.value) == messages.THROW_BAD_TRACEBACK


def test_throw_instance_with_value():
    coro = _suspended_coroutine()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(TypeError) as info:
            coro.throw(ValueError(), 1)
    coro.close()
    assert str(info.value) == messages.THROW_INSTANCE_WITH_VALUE


@pytest.mark.parametrize("make", SIMPLE_OBJECTS)
def test_not_raisable_from_throw(make):
    value = make()
    coro = _suspended_coroutine()
    with pytest.raises(TypeError) as info:
        coro.throw(value)
    coro.close()
    assert str(info.value) == messages.not_raisable(value)


def test_not_raisable_from_throw_of_a_non_exception_class():
    coro = _suspended_coroutine()
    with pytest.raises(TypeError) as info:
        coro.throw(int)
    coro.close()
    assert str(info.value) == messages.not_raisable(int)


def test_not_raisable_from_throw_into_a_new_coroutine():
    async def nothing():
        pass

    coro = nothing()
    with pytest.raises(TypeError) as info:
        coro.throw(Plain())
    coro.close()
    assert str(info.value) == messages.not_raisable(Plain())


# ----------------------------------------------------------------------
# Functions: await


@pytest.mark.parametrize("make", SIMPLE_OBJECTS)
def test_not_awaitable(make):
    value = make()

    async def body():
        await value

    error = native_error(TypeError, body())
    assert str(error) == messages.not_awaitable(value)


def test_await_returned_coroutine():
    async def nothing():
        pass

    class ReturnsCoroutine:
        def __await__(self):
            return nothing()

    async def body():
        await ReturnsCoroutine()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the inner one is never awaited
        error = native_error(TypeError, body())
    assert str(error) == messages.await_returned_coroutine()


def test_await_returned_generator_based_coroutine():
    class ReturnsGeneratorCoroutine:
        def __await__(self):
            return suspend()

    async def body():
        await ReturnsGeneratorCoroutine()

    error = native_error(TypeError, body())
    assert str(error) == messages.await_returned_coroutine()


@pytest.mark.parametrize("make", SIMPLE_OBJECTS)
def test_await_returned_non_iterator(make):
    value = make()

    class ReturnsValue:
        def __await__(self):
            return value

    async def body():
        await ReturnsValue()

    error = native_error(TypeError, body())
    assert str(error) == messages.await_returned_non_iterator(value)


# ----------------------------------------------------------------------
# Functions: async with / with


@pytest.mark.parametrize("make", SIMPLE_OBJECTS)
def test_aenter_not_awaitable(make):
    value = make()

    class Manager:
        def __aenter__(self):
            return value

        async def __aexit__(self, *exc):
            return False

    async def body():
        async with Manager():
            pass

    error = native_error(TypeError, body())
    assert str(error) == messages.aenter_not_awaitable(value)


@pytest.mark.parametrize("make", SIMPLE_OBJECTS)
def test_aexit_not_awaitable(make):
    value = make()

    class Manager:
        async def __aenter__(self):
            return self

        def __aexit__(self, *exc):
            return value

    async def body():
        async with Manager():
            pass

    error = native_error(TypeError, body())
    assert str(error) == messages.aexit_not_awaitable(value)


@pytest.mark.parametrize("make", SIMPLE_OBJECTS)
def test_no_async_context_manager(make):
    value = make()

    async def body():
        async with value:
            pass

    error = native_error(TypeError, body())
    assert str(error) == messages.no_async_context_manager(value)


def test_no_async_context_manager_for_object():
    value = object()

    async def body():
        async with value:
            pass

    error = native_error(TypeError, body())
    assert str(error) == messages.no_async_context_manager(value)


def test_no_aexit():
    class OnlyEnter:
        async def __aenter__(self):
            return self

    value = OnlyEnter()

    async def body():
        async with value:
            pass

    error = native_error(TypeError, body())
    assert str(error) == messages.no_aexit(value)


@pytest.mark.parametrize("make", SIMPLE_OBJECTS)
def test_no_context_manager(make):
    value = make()

    async def body():
        with value:
            pass

    error = native_error(TypeError, body())
    assert str(error) == messages.no_context_manager(value)


def test_no_context_manager_in_plain_function():
    value = object()
    with pytest.raises(TypeError) as info:
        with value:
            pass
    assert str(info.value) == messages.no_context_manager(value)


def test_no_exit():
    class OnlyEnter:
        def __enter__(self):
            return self

    value = OnlyEnter()

    async def body():
        with value:
            pass

    error = native_error(TypeError, body())
    assert str(error) == messages.no_exit(value)


# ----------------------------------------------------------------------
# Functions: async for


@pytest.mark.parametrize("make", SIMPLE_OBJECTS)
def test_no_aiter(make):
    value = make()

    async def body():
        async for _ in value:
            pass

    error = native_error(TypeError, body())
    assert str(error) == messages.no_aiter(value)


@pytest.mark.parametrize("make", SIMPLE_OBJECTS)
def test_aiter_without_anext(make):
    value = make()

    class Iterable:
        def __aiter__(self):
            return value

    async def body():
        async for _ in Iterable():
            pass

    error = native_error(TypeError, body())
    assert str(error) == messages.aiter_without_anext(value)


@pytest.mark.parametrize("make", SIMPLE_OBJECTS)
def test_anext_not_awaitable(make):
    value = make()

    class Iterator:
        def __aiter__(self):
            return self

        def __anext__(self):
            return value

    async def body():
        async for _ in Iterator():
            pass

    error = native_error(TypeError, body())
    assert str(error) == messages.anext_not_awaitable(value)
    # CPython chains the error from awaiting the object.
    assert type(error.__cause__) is TypeError
    assert str(error.__cause__) == messages.not_awaitable(value)


# ----------------------------------------------------------------------
# Functions: unbound variables


def test_unbound_local():
    async def body():
        print(late)  # noqa: F821
        late = 1  # noqa: F841

    error = native_error(UnboundLocalError, body())
    assert str(error) == messages.unbound_local("late")


def test_unbound_local_after_del():
    async def body():
        gone = 1
        del gone
        return gone  # noqa: F821

    error = native_error(UnboundLocalError, body())
    assert str(error) == messages.unbound_local("gone")


def test_unbound_free():
    async def body():
        def nested():
            return late

        nested()
        late = 1

    error = native_error(NameError, body())
    assert type(error) is NameError
    assert str(error) == messages.unbound_free("late")
    assert error.name == "late"


# ----------------------------------------------------------------------
# Every message is covered above.

TESTED = {
    "NOT_STARTED_SEND",
    "ALREADY_EXECUTING",
    "REUSED",
    "BEING_AWAITED",
    "IGNORED_GENERATOR_EXIT",
    "RAISED_STOP_ITERATION",
    "THROW_DEPRECATED",
    "THROW_BAD_TRACEBACK",
    "THROW_INSTANCE_WITH_VALUE",
    "type_name",
    "not_raisable",
    "not_awaitable",
    "await_returned_coroutine",
    "await_returned_non_iterator",
    "aenter_not_awaitable",
    "aexit_not_awaitable",
    "no_async_context_manager",
    "no_aexit",
    "no_context_manager",
    "no_exit",
    "no_aiter",
    "aiter_without_anext",
    "anext_not_awaitable",
    "unbound_local",
    "unbound_free",
}


def test_every_message_has_a_native_test():
    public = {
        name
        for name, value in vars(messages).items()
        if not name.startswith("_")
        and (isinstance(value, str) or isinstance(value, types.FunctionType))
        and getattr(value, "__module__", messages.__name__) == messages.__name__
    }
    assert public == TESTED
