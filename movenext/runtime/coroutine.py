"""`CoroutineMachine`: the coroutine object a compiled `async def` returns.

In C#, an async method's state machine is driven by a *builder*
(`AsyncTaskMethodBuilder`) that starts it, resumes it when an awaiter
completes, and records its result or exception in a `Task`. In Python the
object that plays all those parts is the coroutine object itself: the event
loop calls its `send()`/`throw()`/`close()`, and whoever awaits it sees its
result. So the builder is this base class, and each compiled function's state
machine is a subclass that adds `__slots__` fields and a `move_next()` method:

    class _fetch_StateMachine(CoroutineMachine):
        __slots__ = ("state", "awaiter", "yielded", "url", ...)
        def move_next(this, sent, thrown): ...

The contract between the two halves (the runtime ABI):

* `move_next(sent, thrown)` runs the body from `state` until it returns (its
  return value is the coroutine's result) or stops at an await (it sets `state`
  to the await site's number, leaves the value for the event loop in
  `yielded`, and returns ``SUSPENDED``). Exceptions simply propagate.
* `move_next` sets `state = RUNNING` on entry; everything else about the
  lifecycle (the ``CREATED``/``DONE`` transitions, freeing the fields of a
  finished coroutine, PEP 479) is done here.
* An await site calls `start_await(awaitable)` and, when resumed,
  `resume_await(sent, thrown)`. Both return the awaited result or
  ``SUSPENDED``. When the awaitable is itself a compiled machine they call its
  `move_next` directly: no `send()`, no StopIteration between machines.

Everything here mirrors CPython's `Objects/genobject.c` for coroutines; the
messages are CPython's.

Frames let go of machines. A traceback keeps the frames it passes through,
and a frame that returns while something keeps it keeps its variables *and
its caller's frame* (`f_back`), and so on up the stack. A native coroutine's
frame does not reference the coroutine, so an exception it caught and keeps
(or that someone else keeps) does not keep the coroutine alive. Here the
frames of `move_next` and of the runtime functions that run it hold the
machine; if they kept it, such an exception would keep the machine alive (in
a reference cycle, if the machine holds the exception), and a coroutine
dropped while suspended would be finalized late, by the garbage collector.
So every such function lets go of the machines it holds as it leaves, in a
`finally` (generated `move_next` code does the same).
"""

from __future__ import annotations

import dis
import sys
import types
import warnings

from . import awaiting, direct, driving, frames, generated, messages, naming, origins, throwing, variables
from .states import CREATED, DELEGATE, DELIVERED, DONE, RUNNING, SUSPENDED

_THROW_ARGS_DEPRECATED = sys.version_info >= (3, 12)
_CLOSE_RETURNS_VALUE = sys.version_info >= (3, 13)
_NO_ARGUMENT = object()
_GET_YIELD_FROM_ITER = dis.opmap["GET_YIELD_FROM_ITER"]
_CO_ITERABLE_COROUTINE = 0x100


class CoroutineMachine:
    """Base class of every compiled coroutine's state machine (see module doc)."""

    # `_driver`: the native coroutine awaiting what the machine handed over,
    # or None (driving.py); `_cell`: how it is lent the machine.
    __slots__ = ("__weakref__", "_driver", "_cell")

    # Set per subclass by `coroutine_function` (runtime/function.py).
    function = None  # the CoroutineFunction whose calls create these machines
    # Set per subclass by generated code: {field name: variable name} for the
    # fields that hold the function's own local variables.
    local_variables: dict = {}
    def _finish(self):
        """The coroutine has finished: `state = DONE`, and its fields freed,
        as CPython clears the frame of a finished coroutine. Each class gets
        its own (one assignment), built the first time one of its
        coroutines finishes (not at import)."""
        cls = type(self)
        finish = cls._finish = _make_finisher(cls)
        finish(self)

    def _copy_variables(self, variables):
        """Copy a directly run body's variables into the fields (direct.py);
        each class gets its own, built the first time a body suspends."""
        cls = type(self)
        copy = cls._copy_variables = direct.copier(cls)
        copy(self, variables)

    # The body emitted again as the `direct` static method, if the class has
    # one (set by `coroutine_function`): the first step runs that (`first_step`).
    _movenext_body = None

    def _take_over(self, other):
        """Make this machine `other`'s exact copy (see `first_step`); each
        class gets its own, built the first time."""
        cls = type(self)
        take = cls._take_over = direct.taker(cls)
        take(self, other)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # CPython's own messages name an object's type by `__name__`
        # ("'coroutine' object does not support ..."); answer like a native
        # coroutine. The class keeps its `__qualname__` for people and pickle.
        cls.__name__ = "coroutine"
        variables.link_cells(cls)

    # ------------------------------------------------------------------
    # The coroutine protocol (PEP 492), as seen by event loops.

    def send(self, value):
        try:
            state = self.state
            if state > CREATED:
                driver = self._driver
                if driver is not None:
                    # Waiting on a handed-over await: the driver resumes it (C).
                    # (`_drive`, written out: this runs at every resumption.)
                    cell = self._cell
                    cell[0] = self
                    try:
                        return driver.send(value)
                    except StopIteration as stop:
                        outcome = stop.value
                    except BaseException:
                        self._driver_failed(driver)
                        raise
                    finally:
                        cell[0] = None
                    return self._driver_returned(outcome)
            elif state == CREATED:
                if value is not None:
                    raise TypeError(messages.NOT_STARTED_SEND)
                self._driver = self._cell = None
            else:
                raise _unusable(state)
            try:
                if state == CREATED and type(self)._movenext_body is not None:
                    result = first_step(self)
                else:
                    result = self.move_next(value, None)
                if result is DELEGATE and isinstance(self.awaiter, CoroutineMachine):
                    result = settle(self, result, machines_only=True)
            except BaseException as error:
                self._finish()
                if isinstance(error, StopIteration):
                    raise RuntimeError(messages.RAISED_STOP_ITERATION) from error
                raise
            if result is SUSPENDED:
                yielded = self.yielded
                self.yielded = None
                return yielded
            if result is DELEGATE:
                return self._hand_over()
            self._finish()
            raise StopIteration() if result is None else StopIteration(result)
        finally:
            self = None  # frames let go of machines (coroutine.py)

    # ------------------------------------------------------------------
    # The driver (driving.py).

    def _hand_over(self):
        """`move_next` returned ``DELEGATE`` (and not for a compiled
        coroutine object, see `settle`): start a driver awaiting what it
        handed over; return what the coroutine's send() returns."""
        try:
            return self._drive(driving.start(self).send, None)
        finally:
            self = None  # frames let go of machines (coroutine.py)

    def _drive(self, step, argument, *more):
        """`step(argument, *more)`: the driver's send() or throw(), with the
        machine lent to it; what the coroutine's send() returns or raises."""
        try:
            cell = self._cell
            cell[0] = self
            try:
                return step(argument, *more)
            except StopIteration as stop:
                outcome = stop.value
            except BaseException:
                self._driver_failed(step.__self__)
                raise
            finally:
                cell[0] = None
            return self._driver_returned(outcome)
        finally:
            self = None  # frames let go of machines (coroutine.py)

    def _driver_returned(self, outcome):
        """The driver ended: the machine awaits in its own frame now, or
        finished with `outcome`."""
        self._driver = None
        if outcome is SUSPENDED:
            yielded = self.yielded
            self.yielded = None
            return yielded
        self._finish()
        raise StopIteration() if outcome is None else StopIteration(outcome)

    def _driver_failed(self, driver):
        """An exception came out of the driver's send()/throw()/close()."""
        if driver.cr_frame is not None:
            return  # it lives on: re-entered while running, or ignored GeneratorExit
        self._driver = None
        self._finish()

    def throw(self, typ, value=_NO_ARGUMENT, traceback=_NO_ARGUMENT, /):
        # One frame, like send(): code that measures the stack sees the same
        # depth from both (test_coroutines checks).
        try:
            if value is _NO_ARGUMENT:
                thrown = typ
            else:
                if _THROW_ARGS_DEPRECATED:
                    warnings.warn(messages.THROW_DEPRECATED, DeprecationWarning, stacklevel=2)
                thrown = (typ, value) if traceback is _NO_ARGUMENT else (typ, value, traceback)
            state = self.state
            if state > CREATED and self._driver is not None:
                # The driver's throw() delivers it as CPython does, to what the
                # coroutine awaits (checking the arguments there).
                if type(thrown) is tuple:
                    with warnings.catch_warnings():  # warned above, once, as CPython does
                        warnings.simplefilter("ignore", DeprecationWarning)
                        return self._drive(self._driver.throw, *thrown)
                return self._drive(self._driver.throw, thrown)
            _check_throw_here(self, thrown)
            if state <= CREATED:
                if state == RUNNING:
                    raise ValueError(messages.ALREADY_EXECUTING)
                if state == DONE:
                    raise RuntimeError(messages.REUSED)
            stack = throwing.outer_handled()
            try:
                if state == CREATED:
                    # Never started: the exception is raised where the body would
                    # begin, so nothing in the body can catch it.
                    exception = awaiting.thrown_exception(thrown)
                    self._finish()
                    throwing.raise_in_machine(exception)
                try:
                    result = self.move_next(None, thrown)
                    if result is DELEGATE and isinstance(self.awaiter, CoroutineMachine):
                        result = settle(self, result, machines_only=True)
                except BaseException as error:
                    self._finish()
                    if isinstance(error, StopIteration):
                        raise RuntimeError(messages.RAISED_STOP_ITERATION) from error
                    raise
            finally:
                stack.pop()
            if result is SUSPENDED:
                yielded = self.yielded
                self.yielded = None
                return yielded
            if result is DELEGATE:
                return self._hand_over()
            self._finish()
            raise StopIteration() if result is None else StopIteration(result)
        finally:
            self = None  # frames let go of machines (coroutine.py)

    def close(self):
        try:
            state = self.state
            if state == CREATED or state == DONE:
                if state == CREATED:
                    self._finish()
                return None
            if state == RUNNING:
                raise ValueError(messages.ALREADY_EXECUTING)
            driver = self._driver
            if driver is not None:
                return self._close_driver(driver)
            closing_error = None
            awaiter = self.awaiter
            if awaiter is not None:
                # CPython closes what the coroutine awaits first, reporting the
                # coroutine as running meanwhile; an error from that close is
                # raised inside the coroutine instead of GeneratorExit.
                self.state = RUNNING
                try:
                    if isinstance(awaiter, CoroutineMachine):
                        awaiter.close()
                    else:
                        awaiting.close_awaiter(awaiter)
                except BaseException as error:
                    closing_error = error
                finally:
                    self.state = state
                    # Let go of it now: natively the awaited object dies (and is
                    # finalized) as the exception leaves the await.
                    self.awaiter = awaiter = None
            try:
                result = self.move_next(None, closing_error or GeneratorExit())
                if result is DELEGATE:
                    result = settle(self, result)
            except GeneratorExit:
                self._finish()
                return None
            except BaseException as error:
                self._finish()
                if isinstance(error, StopIteration):
                    raise RuntimeError(messages.RAISED_STOP_ITERATION) from error
                raise
            finally:
                closing_error = None  # (it may be what propagates: no frame-exception cycle)
            if result is SUSPENDED:
                _raise_ignored_generator_exit()
            self._finish()
            return result if _CLOSE_RETURNS_VALUE else None
        finally:
            self = None  # frames let go of machines (coroutine.py)

    def _close_driver(self, driver):
        """close() while the driver awaits: its close() closes the awaited
        object and delivers GeneratorExit, as CPython's gen_close does."""
        try:
            cell = self._cell
            cell[0] = self
            try:
                value = driver.close()
            except BaseException:
                self._driver_failed(driver)
                raise
            finally:
                cell[0] = None
            self._driver = None
            if self.state > CREATED:
                # It went on to an await of its own frame (the driver returned).
                _raise_ignored_generator_exit()
            self._finish()
            return value if _CLOSE_RETURNS_VALUE and value is not SUSPENDED else None
        finally:
            self = None  # frames let go of machines (coroutine.py)

    def __await__(self):
        if self.state > CREATED:  # CPython's GET_AWAITABLE check
            raise RuntimeError(messages.BEING_AWAITED)
        return CoroutineWrapper(self)

    def __iter__(self):
        # Only `yield from coro` inside a @types.coroutine generator may
        # iterate a coroutine (CPython's GET_YIELD_FROM_ITER); anything else
        # gets CPython's errors. (The price: collections.abc.Iterable sees
        # this method and calls compiled coroutines iterable.)
        frame = sys._getframe(1)
        code = frame.f_code
        if code.co_code[frame.f_lasti] == _GET_YIELD_FROM_ITER:
            if code.co_flags & _CO_ITERABLE_COROUTINE:
                return CoroutineWrapper(self)
            raise TypeError("cannot 'yield from' a coroutine object in a non-coroutine generator")
        raise TypeError("'coroutine' object is not iterable")

    # ------------------------------------------------------------------
    # Await sites in generated code call these two.

    def start_await(self, awaitable, purpose=awaiting.AWAIT):
        """Begin `await awaitable`: return its result, or ``SUSPENDED`` with
        `self.awaiter` (what we wait on) and `self.yielded` set."""
        try:
            kind = type(awaitable)
            if (kind is _COROUTINE and awaitable.cr_await is None) or (
                kind is _GENERATOR and awaitable.gi_code.co_flags & _CO_ITERABLE_COROUTINE
            ):
                # Native coroutines and @types.coroutine generators are their own
                # awaiters (CPython's GET_AWAITABLE + SEND, inlined).
                try:
                    yielded = awaitable.send(None)
                except StopIteration as stop:
                    return stop.value
                self.awaiter = awaitable
                self.yielded = yielded
                return SUSPENDED
            if kind in awaiting.FUTURES:
                # asyncio's own Future and Task (the C types): what their
                # iterator does, without the iterator (and, later, without the
                # StopIteration that carries the result).
                if awaitable.done():
                    return awaitable.result()
                awaitable._asyncio_future_blocking = True
                self.awaiter = awaitable
                self.yielded = awaitable
                return SUSPENDED
            if isinstance(awaitable, CoroutineMachine):
                result = _first_step_awaited(awaitable)
                if result is SUSPENDED:
                    self.awaiter = awaitable
                    self.yielded = awaitable.yielded
                    awaitable.yielded = None
                return result
            awaiter = awaiting.get_awaiter(awaitable, purpose)
            try:
                yielded = awaiting.advance(awaiter, None)
            except StopIteration as stop:
                return stop.value
            self.awaiter = awaiter
            self.yielded = yielded
            return SUSPENDED
        finally:
            self = awaitable = None  # frames let go of machines (coroutine.py)

    @classmethod
    def suspended_at(cls, state, variables=None):
        """The body, run directly (direct.py), suspended at `state`: from here
        on it is a machine. Create it with the body's `variables`
        (`locals()`, if it has any the machine keeps), wait on what the body
        waits for, and leave it on the pending stack for whoever awaited the
        call."""
        machine = _new(cls)
        if variables is not None:
            machine._copy_variables(variables)
            # Before 3.13 this dict is the body frame's own `f_locals`: a
            # traceback that keeps the frame would keep the values too.
            variables.clear()
        machine._driver = machine._cell = None
        machine.state = state
        machine.yielded = None
        pending = _THREAD.pending
        machine.awaiter = pending.pop()
        pending.append(machine)
        return machine

    def adopt_suspended(self):
        """A body this machine awaited, run directly, suspended: wait on its
        machine, and pass on what it yielded (direct.py)."""
        pending = _THREAD.pending
        self.awaiter = pending.pop()
        self.yielded = pending.pop()

    def resume_await(self, sent, thrown):
        """Continue the await this machine is suspended in, forwarding what
        its driver sent or threw (PEP 380). Same results as `start_await`."""
        try:
            awaiter = self.awaiter
            if thrown is None:
                kind = type(awaiter)
                if kind is _GENERATOR or kind is _COROUTINE:
                    try:
                        yielded = awaiter.send(sent)
                    except StopIteration as stop:
                        self.awaiter = None
                        return stop.value
                    except BaseException:
                        self.awaiter = None
                        raise
                    self.yielded = yielded
                    return SUSPENDED
                if kind in awaiting.FUTURES:
                    # What the future's iterator would do when sent `sent`.
                    if sent is not None:
                        self.awaiter = None
                        raise TypeError("can't send non-None value to a FutureIter")
                    if not awaiter.done():
                        if awaiter._asyncio_future_blocking:
                            self.awaiter = None
                            raise RuntimeError("await wasn't used with future")
                        awaiter._asyncio_future_blocking = True
                        self.yielded = awaiter
                        return SUSPENDED
                    self.awaiter = None
                    return awaiter.result()
            elif type(awaiter) in awaiting.FUTURES:
                # A throw: the future's own iterator takes it, as natively.
                awaiter = self.awaiter = awaiter.__await__()
            if awaiter is None:
                # What we awaited is gone: the driver delivers what it raised, or
                # close() has already closed it. Raise at the site.
                if isinstance(thrown, BaseException):
                    throwing.raise_in_machine(thrown)  # (one runtime frame less in tracebacks)
                awaiting.raise_thrown(thrown)
            failure = None
            try:
                if isinstance(awaiter, CoroutineMachine) and awaiter._driver is None:
                    # Another compiled machine: call its move_next directly (no
                    # send(), no StopIteration), in this frame (stack depth as
                    # for a native await). (One that a driver of its own awaits
                    # for -- someone sent into it directly -- goes through its
                    # send()/throw(), below.)
                    if thrown is not None and awaiting.issubclass_generator_exit(
                        thrown[0] if type(thrown) is tuple else thrown
                    ):
                        awaiter.close()
                        awaiting.raise_thrown(thrown)
                    state = awaiter.state
                    if state <= CREATED:
                        raise _unusable(state)
                    stack = None
                    if thrown is not None:
                        _check_throw_here(awaiter, thrown)
                        stack = throwing.outer_handled()
                    try:
                        result = awaiter.move_next(sent, thrown)
                        if result is DELEGATE:
                            result = settle(awaiter, result)
                    except BaseException as error:
                        awaiter._finish()
                        if isinstance(error, StopIteration):
                            raise RuntimeError(messages.RAISED_STOP_ITERATION) from error
                        raise
                    finally:
                        if stack is not None:
                            stack.pop()
                    if result is SUSPENDED:
                        self.yielded = awaiter.yielded
                        awaiter.yielded = None
                        return SUSPENDED
                    self.awaiter = None
                    awaiter._finish()
                    return result
                if thrown is None:
                    yielded = awaiting.advance(awaiter, sent)
                elif (
                    (type(awaiter) is _GENERATOR or type(awaiter) is _COROUTINE)
                    and type(thrown) is not tuple
                    and not isinstance(thrown, GeneratorExit)
                ):
                    # Inline: the stack a native awaiter sees from a throw is as
                    # deep as from a send (test_coroutines checks).
                    yielded = awaiter.throw(thrown)
                else:
                    yielded = awaiting.throw_into(awaiter, thrown)
            except StopIteration as stop:
                self.awaiter = None
                return stop.value
            except BaseException as error:
                self.awaiter = None
                if thrown is None:
                    raise
                failure = error
            if failure is not None:
                # CPython raises what comes back from a throw() *into* the
                # awaiting frame (gen_send_ex with exc=1), which chains it to the
                # exception that frame is handling.
                try:
                    throwing.raise_in_machine(failure)
                finally:
                    failure = None
            self.yielded = yielded
            return SUSPENDED
        finally:
            self = awaiter = None  # frames let go of machines (coroutine.py)

    # ------------------------------------------------------------------
    # Lifecycle.

    def __del__(self):
        try:
            state = self.state
        except AttributeError:  # __init__ did not run to the end
            return
        if state == CREATED:
            self.state = DONE
            _warn_never_awaited(self)
        elif state > CREATED:
            try:
                self.close()
            except BaseException as error:  # reported like CPython: "Exception ignored in: <coroutine ...>"
                _report_unraisable(error, self)

    # ------------------------------------------------------------------
    # Introspection, as on native coroutine objects.

    @property
    def __name__(self):
        return naming.name_of(self)

    @__name__.setter
    def __name__(self, value):
        naming.set_name(self, value)

    @__name__.deleter
    def __name__(self):
        naming.set_name(self, None)

    def _function_qualname(self):
        return naming.qualname_of(self)

    @property
    def __class__(self):
        # A native coroutine's class, for isinstance(), inspect.iscoroutine()
        # and asyncio.iscoroutine(); type(coro) still tells the truth.
        return types.CoroutineType

    @property
    def cr_await(self):
        return exposed_awaiter(self) if self.state > CREATED else None

    @property
    def cr_running(self):
        if self.state == RUNNING:
            return True
        driver = getattr(self, "_driver", None)
        return driver is not None and driver.cr_running

    @property
    def cr_suspended(self):
        return self.state > CREATED

    @property
    def cr_code(self):
        function = type(self).function
        return function.__code__ if function is not None else None

    @property
    def cr_frame(self):
        # A machine has no frame of its own while it waits; a frame-like view
        # of its fields stands in (inspect.getcoroutinestate, asyncio's task
        # reprs). None once finished, as natively.
        if self.state == DONE:
            return None
        return frames.MachineFrame(self)

    @property
    def cr_origin(self):
        return origins.origin_of(self)

    def __repr__(self):
        return f"<coroutine object {self._function_qualname()} at {id(self):#x}>"

    def __reduce_ex__(self, protocol):
        raise TypeError("cannot pickle 'coroutine' object")


class CoroutineWrapper:
    """What `__await__()` returns: an iterator over the coroutine that is not
    itself a coroutine (PEP 492), like CPython's `coroutine_wrapper`."""

    __slots__ = ("_coroutine",)

    def __repr__(self):
        return f"<coroutine_wrapper object at {id(self):#x}>"

    def __reduce_ex__(self, protocol):
        raise TypeError("cannot pickle 'coroutine_wrapper' object")

    def __init__(self, coroutine):
        self._coroutine = coroutine

    def __iter__(self):
        return self

    def __next__(self):
        return self._coroutine.send(None)

    def send(self, value):
        return self._coroutine.send(value)

    def throw(self, typ, value=_NO_ARGUMENT, traceback=_NO_ARGUMENT, /):
        if value is _NO_ARGUMENT and traceback is _NO_ARGUMENT:
            return self._coroutine.throw(typ)
        if traceback is _NO_ARGUMENT:
            return self._coroutine.throw(typ, value)
        return self._coroutine.throw(typ, value, traceback)

    def close(self):
        return self._coroutine.close()


def first_step(machine):
    """`machine.move_next(None, None)` for a fresh machine whose class has
    the body as `direct` too (direct.py): run that, with plain variables. If
    it suspends, it leaves a new machine with its state on the pending
    stack: this one takes that state over (the other is dropped unseen)."""
    try:
        machine.state = RUNNING
        result = direct.call_body(machine)
        if result is SUSPENDED:
            pending = _THREAD.pending
            other = pending.pop()
            yielded = pending.pop()
            machine._take_over(other)
            other._finish()  # it never was a coroutine of its own (DONE, holding nothing)
            machine.yielded = yielded
        return result
    finally:
        machine = other = None  # frames let go of machines (coroutine.py)


def _first_step_awaited(machine):
    """The first step of a compiled coroutine object that an await takes
    over (a coroutine made earlier, not a call at the await): as `send(None)`
    would run it, but returning the result (its fields freed) or
    ``SUSPENDED`` instead of raising StopIteration."""
    try:
        state = machine.state
        if state != CREATED:
            raise _reawaited(state)
        machine._driver = machine._cell = None
        try:
            if type(machine)._movenext_body is not None:
                result = first_step(machine)
            else:
                result = machine.move_next(None, None)
                if result is DELEGATE:
                    result = settle(machine, result)
        except BaseException as error:
            machine._finish()
            if isinstance(error, StopIteration):
                raise RuntimeError(messages.RAISED_STOP_ITERATION) from error
            raise
        if result is not SUSPENDED:
            machine._finish()
        return result
    finally:
        machine = None  # frames let go of machines (coroutine.py)


def settle(machine, result, machines_only=False):
    """`machine.move_next()` returned ``DELEGATE`` where no driver should take
    the await over -- another machine runs this one, it is being closed, or
    what it awaits is a compiled coroutine object (machines run each other's
    `move_next`, and `cr_await` is the coroutine itself): start the awaitable
    here, as an await in the machine's frame would (`start_await`), and go on
    until the machine suspends there or finishes. Later resumptions then go
    through `resume_await` at that site. With `machines_only`, only while it
    hands over compiled coroutine objects (returns ``DELEGATE`` then)."""
    try:
        while result is DELEGATE:
            if machines_only and not isinstance(machine.awaiter, CoroutineMachine):
                return result
            awaitable = machine.awaiter
            machine.awaiter = None
            failure = None
            state = machine.state
            machine.state = RUNNING  # as inside move_next (awaiting itself fails as natively)
            try:
                result = machine.start_await(awaitable)
            except BaseException as error:
                failure = error
            machine.state = state
            awaitable = None
            if failure is None:
                if result is SUSPENDED:
                    return result
                result = machine.move_next(result, DELIVERED)
            else:
                stack = throwing.outer_handled()
                try:
                    result = machine.move_next(None, failure)
                finally:
                    stack.pop()
                    failure = None
        return result
    finally:
        machine = None  # frames let go of machines (coroutine.py)


def await_direct(awaitable, purpose=awaiting.AWAIT):
    """`await awaitable` in a body run directly (direct.py): `start_await`
    without a machine. Returns the result, or ``SUSPENDED`` with
    ``[yielded, awaiter]`` pushed on this thread's pending stack."""
    try:
        kind = type(awaitable)
        if (kind is _COROUTINE and awaitable.cr_await is None) or (
            kind is _GENERATOR and awaitable.gi_code.co_flags & _CO_ITERABLE_COROUTINE
        ):
            try:
                yielded = awaitable.send(None)
            except StopIteration as stop:
                return stop.value
            awaiter = awaitable
        elif kind in awaiting.FUTURES:
            if awaitable.done():
                return awaitable.result()
            awaitable._asyncio_future_blocking = True
            awaiter = yielded = awaitable
        elif isinstance(awaitable, CoroutineMachine):
            result = _first_step_awaited(awaitable)
            if result is not SUSPENDED:
                return result
            awaiter = awaitable
            yielded = awaitable.yielded
            awaitable.yielded = None
        else:
            awaiter = awaiting.get_awaiter(awaitable, purpose)
            try:
                yielded = awaiting.advance(awaiter, None)
            except StopIteration as stop:
                return stop.value
        pending = _THREAD.pending
        pending.append(yielded)
        pending.append(awaiter)
        return SUSPENDED
    finally:
        awaitable = None  # frames let go of machines (coroutine.py)


_new = object.__new__
_THREAD = direct.THREAD
_GENERATOR = types.GeneratorType
_COROUTINE = types.CoroutineType
awaiting.MACHINE_TYPES = (CoroutineMachine,)
driving.MACHINE = CoroutineMachine
CoroutineWrapper.__name__ = "coroutine_wrapper"
naming.install_qualname(CoroutineMachine)


def _warn_never_awaited(coroutine) -> None:
    """CPython's `_PyErr_WarnUnawaitedCoroutine`: through
    warnings._warn_unawaited_coroutine (which adds cr_origin), or, if that is
    missing or fails, a plain warning."""
    warn = getattr(warnings, "_warn_unawaited_coroutine", None)
    if warn is not None:
        try:
            warn(coroutine)
            return
        except BaseException as error:  # e.g. warnings turned into errors
            _report_unraisable(error, coroutine)
    try:
        warnings.warn(
            f"coroutine '{coroutine._function_qualname()}' was never awaited", RuntimeWarning, stacklevel=2
        )
    except BaseException as error:
        _report_unraisable(error, coroutine)


def _report_unraisable(error: BaseException, owner) -> None:
    """Hand `error` to sys.unraisablehook naming `owner`, as CPython does when
    finalizing a coroutine fails."""
    arguments_type = _unraisable_arguments_type()
    sys.unraisablehook(arguments_type((type(error), error, error.__traceback__, None, owner)))


_UNRAISABLE_ARGUMENTS = []


def _unraisable_arguments_type():
    """sys.UnraisableHookArgs is not exported: catch one to learn its type."""
    if not _UNRAISABLE_ARGUMENTS:
        class _Probe:
            def __del__(self):
                raise RuntimeError

        previous = sys.unraisablehook
        sys.unraisablehook = lambda arguments: _UNRAISABLE_ARGUMENTS.append(type(arguments))
        try:
            _Probe()
        finally:
            sys.unraisablehook = previous
    return _UNRAISABLE_ARGUMENTS[0]


def exposed_awaiter(machine):
    """What the machine awaits, as natively seen: an asyncio future awaited
    without its iterator gets one now (`cr_await` is that iterator)."""
    driver = getattr(machine, "_driver", None)
    if driver is not None:
        return driver.cr_await  # what the driver awaits for it
    awaiter = machine.awaiter
    if type(awaiter) in awaiting.FUTURES:
        awaiter = machine.awaiter = awaiter.__await__()
    return awaiter


def _raise_ignored_generator_exit():
    """CPython's error for a coroutine that suspended while being closed.
    Neither this frame nor the caller's (which lets go of `self` in its
    `finally`) holds the coroutine: natively the error's traceback holds no frame of it, and
    whoever closed it (e.g. the coroutine that awaited it) lets go of it at
    once -- it is finalized then, not when the error is."""
    raise RuntimeError(messages.IGNORED_GENERATOR_EXIT)


def _check_throw_here(machine, thrown) -> None:
    """Malformed `throw()` arguments fail where the exception would be raised
    (CPython's `throw_here`), before that coroutine runs: here, when this
    machine raises it itself instead of passing it to what it awaits."""
    if type(thrown) is not tuple and isinstance(thrown, BaseException):
        return
    if machine.state > CREATED:
        awaiter = machine.awaiter
        if type(awaiter) in awaiting.FUTURES:
            awaiter = machine.awaiter = awaiter.__await__()  # its iterator takes throws
        if isinstance(awaiter, CoroutineMachine) or type(awaiter) in awaiting.NATIVE_ITERATORS:
            return
        if awaiter is not None and getattr(awaiter, "throw", None) is not None:
            return
    awaiting.check_throw_arguments(thrown)


def _unusable(state):
    if state == RUNNING:
        return ValueError(messages.ALREADY_EXECUTING)
    return RuntimeError(messages.REUSED)


def _reawaited(state):
    """The error for awaiting a machine that is not fresh (GET_AWAITABLE)."""
    if state > CREATED:
        return RuntimeError(messages.BEING_AWAITED)
    return _unusable(state)


def _make_finisher(cls, also_kept=()):
    """Build `cls._finish`: `state = DONE` and every other field None."""
    # (Variables that nested functions share live in the Cells holder, which
    # the closures keep: like closure cells, they outlive the coroutine.)
    kept = {"state", "__weakref__", *also_kept}
    fields = [name for name in _all_slots(cls) if name not in kept]
    # One chained assignment is several times faster than a loop of setattr;
    # this runs every time a coroutine finishes.
    lines = ["def _finish(self):", f"    self.state = {DONE}"]
    if fields:
        lines.append(f"    {' = '.join(f'self.{name}' for name in fields)} = None")
    return generated.define("\n".join(lines) + "\n", {}, "_finish")


def _all_slots(cls):
    seen = []
    for klass in reversed(cls.__mro__):
        slots = klass.__dict__.get("__slots__", ())
        if isinstance(slots, str):
            slots = (slots,)
        for name in slots:
            if name not in seen:
                seen.append(name)
    return seen
