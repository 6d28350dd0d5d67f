"""`AsyncGeneratorMachine`: the async-generator object a compiled
`async def ... yield` returns, with CPython's whole protocol.

The machine's `move_next()` has two ways to stop: at an await (it returns
``SUSPENDED``; `yielded` holds what goes to the event loop) and at a `yield`
(it returns ``YIELDED``; `yielded` holds the value for the consumer). This
class turns those into the async-generator protocol exactly as CPython's
`Objects/genobject.c` does:

* `__anext__()` / `asend(v)` return an `ASend` awaitable, `athrow(...)` and
  `aclose()` an `AThrow` awaitable; each can be awaited once;
* an await inside the generator passes through the awaitable to the event
  loop; a `yield` finishes the awaitable with StopIteration(value);
* the end of the body raises StopAsyncIteration; StopIteration or
  StopAsyncIteration raised inside become RuntimeError (PEP 479/525);
* `sys.set_asyncgen_hooks`: the firstiter hook runs on first use, and the
  finalizer at garbage collection, which is how asyncio and trio close
  unfinished generators.
"""

from __future__ import annotations

import sys
import types
import warnings

from . import awaiting, direct, messages, naming, protocols, throwing, variables
from .frames import MachineFrame
from .coroutine import CoroutineMachine, _check_throw_here, _make_finisher, await_direct, exposed_awaiter
from .states import CREATED, DONE, RUNNING, SUSPENDED, YIELDED

_THROW_ARGS_DEPRECATED = sys.version_info >= (3, 12)
_WARN_UNAWAITED_METHODS = sys.version_info >= (3, 13)
# 3.13: throw() on a fresh asend/athrow awaitable checks "already running" and
# starts it; close() on one throws GeneratorExit into the generator.
_THROW_STARTS_AWAITABLE = sys.version_info >= (3, 13)
_NO_ARGUMENT = object()
_ACLOSE = object()  # what an AThrow throws when it is aclose()

IGNORED_GENERATOR_EXIT = "async generator ignored GeneratorExit"

# States of the ASend/AThrow awaitables (CPython's AWAITABLE_STATE_*).
_INIT, _ITER, _CLOSED = 0, 1, 2


def _stop_iteration(value) -> StopIteration:
    """StopIteration carrying `value` as `_PyGen_SetStopIterationValue` makes it."""
    return StopIteration() if value is None else StopIteration(value)


class AsyncGeneratorMachine:
    """Base class of every compiled async generator's state machine."""

    __slots__ = ("__weakref__", "_running_async", "_closed", "_finalizer")

    function = None
    local_variables: dict = {}
    def _finish(self):
        # Built per class the first time one of its generators finishes.
        cls = type(self)
        finish = cls._finish = _make_finisher(cls, ("_running_async", "_closed", "_finalizer"))
        finish(self)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.__name__ = "async_generator"  # as CPython's messages name the type
        variables.link_cells(cls)

    # ------------------------------------------------------------------
    # The generator underneath: what CPython's gen_send/gen_throw do.

    def _step(self, sent, thrown):
        """Run to the next stop. Returns (YIELDED, value) for a `yield` and
        (SUSPENDED, value) for an await; raises StopAsyncIteration at the end."""
        try:
            state = self.state
            if state <= CREATED:
                if state == RUNNING:
                    raise ValueError("async generator already executing")
                if state == DONE:
                    if thrown is None:
                        raise StopAsyncIteration
                    awaiting.raise_thrown(thrown)
                if thrown is not None:
                    exception = awaiting.thrown_exception(thrown)
                    self._finish()
                    throwing.raise_in_machine(exception)
                if sent is not None:
                    raise TypeError("can't send non-None value to a just-started async generator")
            try:
                result = self.move_next(sent, thrown)
            except BaseException as error:
                self._finish()
                if isinstance(error, StopIteration):
                    raise RuntimeError("async generator raised StopIteration") from error
                if isinstance(error, StopAsyncIteration):
                    raise RuntimeError("async generator raised StopAsyncIteration") from error
                raise
            if result is SUSPENDED or result is YIELDED:
                value = self.yielded
                self.yielded = None
                return result, value
            self._finish()
            raise StopAsyncIteration
        finally:
            self = None  # frames let go of machines (coroutine.py)

    def _throw(self, thrown):
        try:
            _check_throw_here(self, thrown)
            stack = throwing.outer_handled()
            try:
                return self._step(None, thrown)
            finally:
                stack.pop()
        finally:
            self = None  # frames let go of machines (coroutine.py)

    # Await sites and yield sites in generated code.
    from .coroutine import CoroutineMachine as _Coroutine

    start_await = _Coroutine.start_await
    resume_await = _Coroutine.resume_await
    adopt_suspended = _Coroutine.adopt_suspended
    del _Coroutine

    def resume_yield(self, sent, thrown):
        """Resume at a `yield`: the value asend() delivered, or raise what
        athrow() threw (chained to the exception being handled there)."""
        if thrown is not None:
            awaiting.raise_thrown(thrown)
        return sent

    # ------------------------------------------------------------------
    # The async-generator protocol (PEP 525).

    def __aiter__(self):
        return self

    def __anext__(self):
        self._init_hooks()
        return ASend(self, None)

    def asend(self, value):
        self._init_hooks()
        return ASend(self, value)

    def athrow(self, *arguments):
        if len(arguments) > 1 and _THROW_ARGS_DEPRECATED:
            warnings.warn(
                "the (type, exc, tb) signature of athrow() is deprecated, "
                "use the single-arg signature instead.",
                DeprecationWarning,
                stacklevel=2,
            )
        self._init_hooks()
        # Checked when the awaitable first runs, as in CPython.
        return AThrow(self, arguments[0] if len(arguments) == 1 else arguments)

    def aclose(self):
        self._init_hooks()
        return AThrow(self, _ACLOSE)

    def _init_hooks(self):
        try:
            self._finalizer
            return
        except AttributeError:
            pass
        firstiter, finalizer = sys.get_asyncgen_hooks()
        self._finalizer = finalizer
        try:
            self._running_async
        except AttributeError:
            self._running_async = False
        if firstiter is not None:
            firstiter(self)

    def __del__(self):
        try:
            state = self.state
        except AttributeError:  # __init__ did not finish
            return
        if state == DONE:
            return
        finalizer = getattr(self, "_finalizer", None)
        if finalizer is not None and not getattr(self, "_closed", False):
            finalizer(self)
            return
        if state == CREATED:
            self.state = DONE
            return
        # No event loop to finish it: close synchronously, as CPython does.
        try:
            kind, _ = self._throw(GeneratorExit())
        except (GeneratorExit, StopAsyncIteration, StopIteration):
            return
        raise RuntimeError(IGNORED_GENERATOR_EXIT)

    # ------------------------------------------------------------------
    # Introspection.

    @property
    def __name__(self):
        return naming.name_of(self)

    @__name__.setter
    def __name__(self, value):
        naming.set_name(self, value)

    def _function_qualname(self):
        return naming.qualname_of(self)

    @property
    def __class__(self):
        # A native async generator's class, for isinstance() and
        # inspect.isasyncgen(); type(agen) still tells the truth.
        return types.AsyncGeneratorType

    @property
    def ag_running(self):
        return getattr(self, "_running_async", False)

    @property
    def ag_await(self):
        if self.state <= CREATED:
            return None
        try:  # unset if the generator only ever stopped at yields
            object.__getattribute__(self, "awaiter")
        except AttributeError:
            return None
        return exposed_awaiter(self)

    @property
    def ag_code(self):
        function = type(self).function
        return function.__code__ if function is not None else None

    @property
    def ag_frame(self):
        if self.state == DONE:
            return None
        return MachineFrame(self)

    @property
    def ag_suspended(self):  # pragma: no cover - 3.12+ spelling kept for symmetry
        return self.state > CREATED

    def __repr__(self):
        return f"<async_generator object {self._function_qualname()} at {id(self):#x}>"

    def __reduce_ex__(self, protocol):
        raise TypeError("cannot pickle 'async_generator' object")


class _AwaitableBase:
    """What asend()/athrow() return: awaitable once, and its own iterator."""

    __slots__ = ("_generator", "_state", "__weakref__")

    def __await__(self):
        return self

    def __iter__(self):
        return self

    def __next__(self):
        return self.send(None)

    def close(self):
        if not _THROW_STARTS_AWAITABLE:
            self._state = _CLOSED
            return None
        if self._state == _CLOSED:
            return None
        try:
            self.throw(GeneratorExit)
        except (StopIteration, StopAsyncIteration, GeneratorExit):
            return None
        raise RuntimeError("coroutine ignored GeneratorExit")

    def _start_by_throw(self, method: str) -> None:
        """3.13: a throw() into a fresh awaitable starts it like send()."""
        if self._state == _INIT and _THROW_STARTS_AWAITABLE:
            generator = self._generator
            if generator.ag_running:
                self._state = _CLOSED
                raise RuntimeError(f"{method}(): asynchronous generator is already running")
            generator._running_async = True
            self._state = _ITER

    def __del__(self):
        if _WARN_UNAWAITED_METHODS and getattr(self, "_state", _CLOSED) == _INIT:
            generator = self._generator
            warnings.warn(
                f"coroutine method '{self._method}' of '{generator._function_qualname()}' "
                "was never awaited",
                RuntimeWarning,
                stacklevel=1,
            )


class ASend(_AwaitableBase):
    """`__anext__()` and `asend(value)` (CPython's `async_generator_asend`)."""

    __slots__ = ("_value",)
    _method = "asend"

    def __init__(self, generator, value):
        self._generator = generator
        self._value = value
        self._state = _INIT

    def send(self, arg):
        try:
            if self._state == _CLOSED:
                raise RuntimeError("cannot reuse already awaited __anext__()/asend()")
            generator = self._generator
            if self._state == _INIT:
                if generator.ag_running:
                    raise RuntimeError("anext(): asynchronous generator is already running")
                if arg is None:
                    arg = self._value
                self._state = _ITER
            generator._running_async = True
            return self._unwrap(generator, lambda: generator._step(arg, None))
        finally:
            self = generator = None  # frames let go of machines (coroutine.py)

    def throw(self, typ, value=_NO_ARGUMENT, traceback=_NO_ARGUMENT, /):
        try:
            if self._state == _CLOSED:
                raise RuntimeError("cannot reuse already awaited __anext__()/asend()")
            generator = self._generator
            thrown = _throw_arguments(typ, value, traceback)
            self._start_by_throw("anext")
            return self._unwrap(generator, lambda: generator._throw(thrown))
        finally:
            self = generator = None  # frames let go of machines (coroutine.py)

    def _unwrap(self, generator, step):
        """`async_gen_unwrap_value`: a yield finishes this awaitable."""
        try:
            try:
                kind, value = step()
            except BaseException as error:
                self._state = _CLOSED
                generator._running_async = False
                if isinstance(error, (StopAsyncIteration, GeneratorExit)):
                    generator._closed = True
                raise
            if kind is YIELDED:
                self._state = _CLOSED
                generator._running_async = False
                raise _stop_iteration(value)
            return value
        finally:
            self = generator = step = None  # frames let go of machines (coroutine.py)


class AThrow(_AwaitableBase):
    """`athrow(...)` and, with no exception, `aclose()` (`async_generator_athrow`)."""

    __slots__ = ("_thrown",)

    def __init__(self, generator, thrown):
        self._generator = generator
        self._thrown = thrown
        self._state = _INIT

    @property
    def _method(self):
        return "aclose" if self._thrown is _ACLOSE else "athrow"

    def send(self, arg):
        try:
            generator = self._generator
            if self._state == _CLOSED:
                raise RuntimeError("cannot reuse already awaited aclose()/athrow()")
            if generator.state == DONE:
                self._state = _CLOSED
                raise StopIteration
            if self._state == _INIT:
                if generator.ag_running:
                    self._state = _CLOSED
                    raise RuntimeError(f"{self._method}(): asynchronous generator is already running")
                if getattr(generator, "_closed", False):
                    self._state = _CLOSED
                    raise StopAsyncIteration
                if arg is not None:
                    raise RuntimeError(messages.NOT_STARTED_SEND)
                self._state = _ITER
                generator._running_async = True
                if type(self._thrown) is tuple and not 1 <= len(self._thrown) <= 3:
                    # Like CPython, the generator is left marked as running.
                    count = len(self._thrown)
                    raise TypeError(
                        f"athrow expected {'at least 1' if not count else 'at most 3'} "
                        f"argument{'s' if count else ''}, got {count}"
                    )
                if self._thrown is _ACLOSE:  # aclose()
                    generator._closed = True
                    return self._closing(lambda: generator._throw(GeneratorExit()))
                return self._throwing(lambda: generator._throw(self._thrown))
            if self._thrown is _ACLOSE:
                return self._closing(lambda: generator._step(arg, None))
            return self._throwing(lambda: generator._step(arg, None))
        finally:
            self = generator = None  # frames let go of machines (coroutine.py)

    def throw(self, typ, value=_NO_ARGUMENT, traceback=_NO_ARGUMENT, /):
        try:
            if self._state == _CLOSED:
                raise RuntimeError("cannot reuse already awaited aclose()/athrow()")
            generator = self._generator
            thrown = _throw_arguments(typ, value, traceback)
            if _THROW_STARTS_AWAITABLE and generator.state == DONE:
                self._state = _CLOSED
                raise StopIteration
            self._start_by_throw(self._method)
            if self._thrown is _ACLOSE:
                return self._closing(lambda: generator._throw(thrown))
            return self._throwing(lambda: generator._throw(thrown))
        finally:
            self = generator = None  # frames let go of machines (coroutine.py)

    def _throwing(self, step):
        try:
            try:
                kind, value = step()
            except BaseException as error:
                self._state = _CLOSED
                generator = self._generator
                generator._running_async = False
                if isinstance(error, (StopAsyncIteration, GeneratorExit)):
                    generator._closed = True
                raise
            if kind is YIELDED:
                self._state = _CLOSED
                self._generator._running_async = False
                raise _stop_iteration(value)
            return value
        finally:
            self = step = None  # frames let go of machines (coroutine.py)

    def _closing(self, step):
        try:
            generator = self._generator
            try:
                kind, value = step()
            except (StopAsyncIteration, GeneratorExit):
                # aclose() is done: the generator finished or let GeneratorExit out.
                self._state = _CLOSED
                generator._running_async = False
                raise StopIteration from None
            except BaseException:
                self._state = _CLOSED
                generator._running_async = False
                raise
            if kind is YIELDED:
                self._state = _CLOSED
                generator._running_async = False
                raise RuntimeError(IGNORED_GENERATOR_EXIT)
            return value
        finally:
            self = generator = step = None  # frames let go of machines (coroutine.py)


# ----------------------------------------------------------------------
# `async for` over a compiled async generator, from compiled code.


def start_anext(self, iterator):
    """The await of an `async for`'s `__anext__()` (a machine's await site):
    `start_await(next_awaitable(iterator), ANEXT)`, except that for a
    compiled async generator it does what `__anext__()` and awaiting the
    `ASend` it returns would do, without the `ASend` and without the
    StopIteration that carries the item: returns the item, or ``SUSPENDED``
    when the generator awaits something that suspends (then an `ASend`
    takes over, as if it had been there all along)."""
    try:
        if not issubclass(type(iterator), AsyncGeneratorMachine):
            return self.start_await(protocols.next_awaitable(iterator), awaiting.ANEXT)
        generator = iterator
        try:
            generator._finalizer
        except AttributeError:
            generator._init_hooks()  # what __anext__() does first
        if generator._running_async:
            raise RuntimeError("anext(): asynchronous generator is already running")
        generator._running_async = True
        try:
            if generator.state <= CREATED:
                kind, value = generator._step(None, None)
            else:
                try:
                    kind = generator.move_next(None, None)
                except BaseException as error:
                    generator._finish()
                    if isinstance(error, (StopIteration, StopAsyncIteration)):
                        raise _converted(error) from error  # PEP 479, PEP 525
                    raise
                if kind is YIELDED or kind is SUSPENDED:
                    value = generator.yielded
                    generator.yielded = None
                else:
                    generator._finish()
                    raise StopAsyncIteration
        except BaseException as error:
            generator._running_async = False
            if isinstance(error, (StopAsyncIteration, GeneratorExit)):
                generator._closed = True
            raise
        if kind is YIELDED:
            generator._running_async = False
            return value
        send = ASend(generator, None)
        send._state = _ITER
        self.awaiter = send
        self.yielded = value
        return SUSPENDED
    finally:
        self = iterator = generator = None  # frames let go of machines (coroutine.py)


def anext_direct(iterator):
    """`start_anext` in a body run directly (direct.py). The generator's
    step is written out again rather than shared with `start_anext`: both
    run once per item of an `async for`, where one more call shows."""
    try:
        if not issubclass(type(iterator), AsyncGeneratorMachine):
            return await_direct(protocols.next_awaitable(iterator), awaiting.ANEXT)
        generator = iterator
        try:
            generator._finalizer
        except AttributeError:
            generator._init_hooks()
        if generator._running_async:
            raise RuntimeError("anext(): asynchronous generator is already running")
        generator._running_async = True
        try:
            if generator.state <= CREATED:
                kind, value = generator._step(None, None)
            else:
                try:
                    kind = generator.move_next(None, None)
                except BaseException as error:
                    generator._finish()
                    if isinstance(error, (StopIteration, StopAsyncIteration)):
                        raise _converted(error) from error  # PEP 479, PEP 525
                    raise
                if kind is YIELDED or kind is SUSPENDED:
                    value = generator.yielded
                    generator.yielded = None
                else:
                    generator._finish()
                    raise StopAsyncIteration
        except BaseException as error:
            generator._running_async = False
            if isinstance(error, (StopAsyncIteration, GeneratorExit)):
                generator._closed = True
            raise
        if kind is YIELDED:
            generator._running_async = False
            return value
        send = ASend(generator, None)
        send._state = _ITER
        pending = direct.THREAD.pending
        pending.append(value)
        pending.append(send)
        return SUSPENDED
    finally:
        iterator = generator = None  # frames let go of machines (coroutine.py)


def _converted(error: BaseException) -> RuntimeError:
    name = "StopIteration" if isinstance(error, StopIteration) else "StopAsyncIteration"
    return RuntimeError(f"async generator raised {name}")


def _throw_arguments(typ, value, traceback):
    if value is _NO_ARGUMENT:
        return typ
    if _THROW_ARGS_DEPRECATED:
        warnings.warn(messages.THROW_DEPRECATED, DeprecationWarning, stacklevel=3)
    return (typ, value) if traceback is _NO_ARGUMENT else (typ, value, traceback)


naming.install_qualname(AsyncGeneratorMachine)

# The names CPython gives these types (messages and type(...).__name__).
ASend.__name__ = "async_generator_asend"
AThrow.__name__ = "async_generator_athrow"

CoroutineMachine.start_anext = start_anext
AsyncGeneratorMachine.start_anext = start_anext
