"""`coroutine_function`: turn a compiled stub into a coroutine function.

The compiler keeps each `async def` as a plain `def` stub with the original
signature whose body creates the state machine. Calling that stub must look
like calling an `async def` to code that inspects it: `inspect.iscoroutinefunction`
(which pytest-asyncio, anyio and trio use to recognise async tests),
`asyncio.iscoroutinefunction`, `inspect.signature`, binding as a method.

`inspect.iscoroutinefunction(f)` is true when `f` is "function-like" and
`f.__code__` has the CO_COROUTINE flag. A real function with that flag would
run its body as a native coroutine, so the stub is wrapped in a
`CoroutineFunction` object whose `__code__` is the stub's code with the flag set
(the same signature, file and lines; it is never executed). Unlike
`inspect.markcoroutinefunction` (3.12+), the mark does not live in `__dict__`,
so `functools.wraps` does not copy it onto a synchronous wrapper.

Every compiled coroutine function is an instance of exactly this class, which
is what a compiled `await f(...)` tests (`type(f) is Compiled`) before it runs
`f`'s body directly, through `_movenext_direct` (see `direct.py`). A call
`f(x)` costs no Python frame besides the stub's: `__call__` is a property
whose getter (C code) hands CPython the stub to call.

The object answers `__class__` with `types.FunctionType`, so that
`isinstance(f, types.FunctionType)` and `inspect.isfunction(f)` hold as they
do for an `async def` (pytest collects only functions). What this trades:
code that *builds* a new function from `f.__code__` gets the stub's code with
the coroutine flag, i.e. a native coroutine function running the stub.
"""

from __future__ import annotations

import operator
import types

from . import codenames, direct

_CO_COROUTINE = 0x80
_CO_ASYNC_GENERATOR = 0x200


def _forwarded(name: str) -> property:
    """An attribute a function has that stays on the stub, which does the
    binding. `__defaults__` and `__kwdefaults__` also reach the function
    body that compiled awaits run (`_movenext_direct`)."""

    def get(self):
        return getattr(self._movenext_stub, name)

    def set_(self, value):
        setattr(self._movenext_stub, name, value)
        body = self._movenext_body
        if body is not None and name in ("__defaults__", "__kwdefaults__"):
            setattr(body, name, getattr(self._movenext_stub, name))

    def delete(self):
        delattr(self._movenext_stub, name)
        body = self._movenext_body
        if body is not None and name in ("__defaults__", "__kwdefaults__"):
            setattr(body, name, getattr(self._movenext_stub, name))

    return property(get, set_, delete)


class CoroutineFunction:
    """A compiled `async def`: callable like the original, and recognised as a
    coroutine function by `inspect` and `asyncio`."""

    __slots__ = (
        "_movenext_stub",  # the stub: creates the machine (the coroutine object)
        "_movenext_direct",  # what a compiled `await f(...)` calls instead (direct.py)
        "_movenext_body",  # the generated body function behind it, if any
        "__code__",
        "__dict__",
        "__weakref__",
    )

    def __init__(self, stub: types.FunctionType, code: types.CodeType, body=None) -> None:
        self._movenext_stub = stub
        self._movenext_body = body
        self._movenext_direct = body if body is not None else direct.through_machine(stub)
        self.__code__ = code
        self.__name__ = stub.__name__
        self.__qualname__ = stub.__qualname__
        self.__module__ = stub.__module__
        self.__doc__ = stub.__doc__
        self.__dict__.update(stub.__dict__)

    # `f(...)` calls the stub; the property's getter is C code, so CPython
    # calls the stub with no frame in between.
    __call__ = property(operator.attrgetter("_movenext_stub"))

    __defaults__ = _forwarded("__defaults__")
    __kwdefaults__ = _forwarded("__kwdefaults__")
    __globals__ = _forwarded("__globals__")
    __closure__ = _forwarded("__closure__")
    __builtins__ = _forwarded("__builtins__")
    __annotations__ = _forwarded("__annotations__")
    __type_params__ = _forwarded("__type_params__")

    @property
    def __class__(self):
        # Reported as a plain function, as an `async def` is: `inspect.isfunction`
        # is what pytest's collection, `inspect.getsource` and friends test.
        # (type(f) still tells the truth.)
        return types.FunctionType

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return types.MethodType(self, instance)

    def __repr__(self) -> str:
        return f"<function {self.__qualname__} at {id(self):#x}>"

    def __reduce__(self) -> str:
        # Pickled by reference, like a function.
        return self.__qualname__

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


class AsyncGeneratorFunction(CoroutineFunction):
    """A compiled async generator function (never run directly by an await)."""

    __slots__ = ()


# CPython's messages name the type: "'function' object ...".
CoroutineFunction.__name__ = AsyncGeneratorFunction.__name__ = "function"


def coroutine_function(machine_class):
    """Decorator for a stub: `@coroutine_function(_f_StateMachine) def f(...)`."""
    return _function_decorator(machine_class, _CO_COROUTINE, CoroutineFunction)


def async_generator_function(machine_class):
    """Decorator for the stub of an async generator function."""
    return _function_decorator(machine_class, _CO_ASYNC_GENERATOR, AsyncGeneratorFunction)


def _function_decorator(machine_class, flag: int, kind):
    def decorate(stub: types.FunctionType) -> CoroutineFunction:
        code = stub.__code__.replace(co_flags=stub.__code__.co_flags | flag)
        body = machine_class.__dict__.get("direct")
        if body is not None:
            body = body.__func__ if isinstance(body, staticmethod) else body
            _dress_body(body, stub)
        function = kind(stub, code, body)
        machine_class.function = function
        if body is not None:
            machine_class._movenext_body = body
        move_next = machine_class.move_next
        move_next.__code__ = codenames.retitle(
            move_next.__code__, move_next.__code__.co_qualname, stub.__qualname__, stub.__name__
        )
        return function

    return decorate


def _dress_body(body: types.FunctionType, stub: types.FunctionType) -> None:
    """The generated body function takes the stub's names (for CPython's
    argument errors and for tracebacks) and shares the stub's defaults
    (evaluated once, where the `def` stood)."""
    body.__defaults__ = stub.__defaults__
    body.__kwdefaults__ = stub.__kwdefaults__
    body.__name__ = stub.__name__
    body.__qualname__ = stub.__qualname__
    body.__module__ = stub.__module__
    code = body.__code__
    body.__code__ = codenames.retitle(code, code.co_qualname, stub.__qualname__, stub.__name__)
