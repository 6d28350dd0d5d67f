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

Calls are cheap: each compiled function gets its own subclass whose
`__call__` *is* the stub, so `f(x)` costs one Python call, as for a plain
function.

The object answers `__class__` with `types.FunctionType`, so that
`isinstance(f, types.FunctionType)` and `inspect.isfunction(f)` hold as they
do for an `async def` (pytest collects only functions). What this trades:
code that *builds* a new function from `f.__code__` gets the stub's code with
the coroutine flag, i.e. a native coroutine function running the stub.
"""

from __future__ import annotations

import types

from . import codenames

_CO_COROUTINE = 0x80
_CO_ASYNC_GENERATOR = 0x200
_FORWARDED = ("__defaults__", "__kwdefaults__", "__globals__", "__closure__", "__builtins__")


class CoroutineFunction:
    """A compiled `async def`: callable like the original, and recognised as a
    coroutine function by `inspect` and `asyncio`."""

    __slots__ = ("_movenext_stub", "__code__", "__dict__", "__weakref__")

    def __init__(self, stub: types.FunctionType, code: types.CodeType) -> None:
        self._movenext_stub = stub
        self.__code__ = code
        self.__name__ = stub.__name__
        self.__qualname__ = stub.__qualname__
        self.__module__ = stub.__module__
        self.__doc__ = stub.__doc__
        self.__dict__.update(stub.__dict__)

    # Attributes a function has that stay on the stub, which does the binding.
    def __getattr__(self, name):
        if name in _FORWARDED or name in ("__annotations__", "__type_params__"):
            return getattr(self._movenext_stub, name)
        raise AttributeError(
            f"'{type(self).__name__}' object has no attribute '{name}'", name=name, obj=self
        )

    def __setattr__(self, name, value):
        if name in _FORWARDED or name in ("__annotations__", "__type_params__"):
            setattr(self._movenext_stub, name, value)
        else:
            object.__setattr__(self, name, value)

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


def coroutine_function(machine_class):
    """Decorator for a stub: `@coroutine_function(_f_StateMachine) def f(...)`."""
    return _function_decorator(machine_class, _CO_COROUTINE)


def async_generator_function(machine_class):
    """Decorator for the stub of an async generator function."""
    return _function_decorator(machine_class, _CO_ASYNC_GENERATOR)


def _function_decorator(machine_class, flag: int):
    def decorate(stub: types.FunctionType) -> CoroutineFunction:
        code = stub.__code__.replace(co_flags=stub.__code__.co_flags | flag)
        kind = type(
            "function",  # CPython's messages name the type: "'function' object ..."
            (CoroutineFunction,),
            {"__slots__": (), "__call__": staticmethod(stub), "__module__": stub.__module__},
        )
        function = kind(stub, code)
        machine_class.function = function
        move_next = machine_class.move_next
        move_next.__code__ = codenames.retitle(
            move_next.__code__, move_next.__code__.co_qualname, stub.__qualname__, stub.__name__
        )
        return function

    return decorate
