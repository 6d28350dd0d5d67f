"""The awaiter pattern for objects that are not compiled state machines.

C# asks an awaitable for its awaiter with `GetAwaiter()`; Python asks with
`__await__()`. These functions reproduce what CPython's `GET_AWAITABLE` and
`SEND` instructions do, with CPython's checks and messages, so that a compiled
`await` accepts and rejects exactly what a native one does.
"""

from __future__ import annotations

import sys
import types
import warnings

from . import messages, throwing

_CO_ITERABLE_COROUTINE = 0x100
_NATIVE_COROUTINE = types.CoroutineType
_NATIVE_GENERATOR = types.GeneratorType

#: Awaiter kinds whose `send`/`throw`/`close` CPython calls directly (the
#: interpreter's `PyGen_CheckExact`/`PyCoro_CheckExact` fast paths).
NATIVE_ITERATORS = (_NATIVE_COROUTINE, _NATIVE_GENERATOR)

_MISSING = object()

#: The compiled coroutine base class, registered by `coroutine.py` (which
#: imports this module): a coroutine for the purposes of CPython's checks.
MACHINE_TYPES: tuple = ()

#: asyncio's C `Future` and `Task` once `_asyncio` is imported (see
#: `learn_futures`): compiled awaits handle them without their iterator.
FUTURES: tuple = ()

# What the awaited object was for, so that errors name the right construct.
AWAIT = 0
AENTER = 1
AEXIT = 2
ANEXT = 3


def _is_generator_based_coroutine(value: object) -> bool:
    """A generator made by a `@types.coroutine` function."""
    return (
        type(value) is _NATIVE_GENERATOR
        and value.gi_code.co_flags & _CO_ITERABLE_COROUTINE  # type: ignore[attr-defined]
    )


def _not_awaitable_error(value: object, purpose: int) -> TypeError:
    if purpose == AENTER:
        return TypeError(messages.aenter_not_awaitable(value))
    if purpose == AEXIT:
        return TypeError(messages.aexit_not_awaitable(value))
    return TypeError(messages.not_awaitable(value))


def learn_futures() -> None:
    """Look for asyncio's C future types (asyncio may be imported after the
    runtime; checked on slow paths until it is)."""
    global FUTURES
    module = sys.modules.get("_asyncio")
    if module is not None:
        FUTURES = (module.Future, module.Task)


def get_awaiter(awaitable: object, purpose: int = AWAIT):
    """Return the iterator an `await` drives, as `_PyCoro_GetAwaitableIter`.

    Raises CPython's TypeError for objects that cannot be awaited and
    RuntimeError for a native coroutine that another await is driving.
    """
    if purpose == ANEXT:
        # GET_ANEXT reports any failure as a TypeError caused by it.
        try:
            return _get_awaiter(awaitable, AWAIT)
        except BaseException as error:
            raise TypeError(messages.anext_not_awaitable(awaitable)) from error
    return _get_awaiter(awaitable, purpose)


def _get_awaiter(awaitable: object, purpose: int):
    tp = type(awaitable)
    if not FUTURES:
        learn_futures()
    if tp is _NATIVE_COROUTINE:
        if awaitable.cr_await is not None:  # type: ignore[attr-defined]
            raise RuntimeError(messages.BEING_AWAITED)
        return awaitable
    if tp is _NATIVE_GENERATOR and _is_generator_based_coroutine(awaitable):
        return awaitable
    await_method = getattr(tp, "__await__", _MISSING)
    if await_method is _MISSING:
        raise _not_awaitable_error(awaitable, purpose)
    awaiter = await_method(awaitable)
    if (
        type(awaiter) is _NATIVE_COROUTINE
        or _is_generator_based_coroutine(awaiter)
        or isinstance(awaiter, MACHINE_TYPES)
    ):
        raise TypeError(messages.await_returned_coroutine())
    if not hasattr(type(awaiter), "__next__"):
        raise TypeError(messages.await_returned_non_iterator(awaiter))
    return awaiter


def advance(awaiter, sent):
    """One step of CPython's `SEND`: `send()` for native generators and
    coroutines, `__next__()` for other iterators when nothing is sent."""
    if sent is None and type(awaiter) not in NATIVE_ITERATORS and not isinstance(awaiter, MACHINE_TYPES):
        return next(awaiter)
    return awaiter.send(sent)


def throw_into(awaiter, thrown):
    """Deliver a `throw()` to what an await is driving, as `_gen_throw` does.

    `thrown` is an exception instance, or the tuple of arguments a caller gave
    to `throw()` (forwarded unchanged, like CPython, so a 3-argument throw
    reaches the innermost awaiter as 3 arguments). Returns the awaiter's next
    yielded value; raises StopIteration when it finished, or the exception when
    it cannot take it.
    """
    args = thrown if type(thrown) is tuple else (thrown,)
    if issubclass_generator_exit(args[0]):
        close_awaiter(awaiter)
        raise_thrown(thrown)
    if type(awaiter) in NATIVE_ITERATORS or isinstance(awaiter, MACHINE_TYPES):
        if len(args) > 1:
            # CPython passes the three arguments on in C, warning only once
            # (at the outermost throw()).
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                return awaiter.throw(*args)
        return awaiter.throw(*args)
    throw = getattr(awaiter, "throw", None)
    if throw is None:
        raise_thrown(thrown)
    return throw(*args)


def close_awaiter(awaiter) -> None:
    """`gen_close_iter`: close what an await is driving, if it can be closed."""
    if type(awaiter) in NATIVE_ITERATORS:
        awaiter.close()
        return
    close = getattr(awaiter, "close", None)
    if close is not None:
        close()


def issubclass_generator_exit(value: object) -> bool:
    if isinstance(value, GeneratorExit):
        return True
    return isinstance(value, type) and issubclass(value, GeneratorExit)


def check_throw_arguments(thrown) -> None:
    """Raise CPython's TypeError for `throw()` arguments that cannot be raised,
    without creating the exception (that happens where it is raised)."""
    args = thrown if type(thrown) is tuple else (thrown,)
    typ = args[0]
    value = args[1] if len(args) > 1 else None
    traceback = args[2] if len(args) > 2 else None
    if traceback is not None and not isinstance(traceback, types.TracebackType):
        raise TypeError(messages.THROW_BAD_TRACEBACK)
    if isinstance(typ, BaseException):
        if value is not None:
            raise TypeError(messages.THROW_INSTANCE_WITH_VALUE)
    elif not (isinstance(typ, type) and issubclass(typ, BaseException)):
        raise TypeError(messages.not_raisable(typ))


def thrown_exception(thrown) -> BaseException:
    """Normalize `throw()` arguments into the exception to raise, as CPython's
    `_gen_throw` does at its `throw_here` label."""
    if type(thrown) is not tuple:
        if isinstance(thrown, BaseException):
            return thrown
        thrown = (thrown,)
    typ = thrown[0]
    value = thrown[1] if len(thrown) > 1 else None
    traceback = thrown[2] if len(thrown) > 2 else None
    if traceback is not None and not isinstance(traceback, types.TracebackType):
        raise TypeError(messages.THROW_BAD_TRACEBACK)
    if isinstance(typ, type) and issubclass(typ, BaseException):
        if isinstance(value, typ):
            exception = value
        elif value is None:
            exception = typ()
        elif isinstance(value, tuple):
            exception = typ(*value)
        else:
            exception = typ(value)
    elif isinstance(typ, BaseException):
        if value is not None:
            raise TypeError(messages.THROW_INSTANCE_WITH_VALUE)
        exception = typ
    else:
        raise TypeError(messages.not_raisable(typ))
    if traceback is not None:
        exception.__traceback__ = traceback
    return exception


def raise_thrown(thrown):
    """Raise what a caller passed to `throw()` at the current await site."""
    exception = thrown_exception(thrown)
    try:
        throwing.raise_in_machine(exception)
    finally:
        # Do not keep the exception alive through this frame's locals.
        del exception
