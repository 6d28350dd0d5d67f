"""CPython's wording for the errors the runtime raises on its behalf.

Each text is what CPython 3.11-3.13 print for the same mistake in native code;
`tests/runtime/test_messages.py` checks every one against the running
interpreter, so a wording change in a future CPython shows up as a test failure.
"""

NOT_STARTED_SEND = "can't send non-None value to a just-started coroutine"
ALREADY_EXECUTING = "coroutine already executing"
REUSED = "cannot reuse already awaited coroutine"
BEING_AWAITED = "coroutine is being awaited already"
IGNORED_GENERATOR_EXIT = "coroutine ignored GeneratorExit"
RAISED_STOP_ITERATION = "coroutine raised StopIteration"
THROW_DEPRECATED = (
    "the (type, exc, tb) signature of throw() is deprecated, "
    "use the single-arg signature instead."
)
THROW_BAD_TRACEBACK = "throw() third argument must be a traceback object"
THROW_INSTANCE_WITH_VALUE = "instance exception may not have a separate value"


_HEAPTYPE = 1 << 9
_IMMUTABLETYPE = 1 << 8


def type_name(value: object) -> str:
    """The C-level `tp_name` CPython prints: `Future` for a class written in
    Python, `_asyncio.Future` for a type defined in a C module (static, or a
    heap type marked immutable as C modules' are on 3.12+)."""
    tp = type(value)
    written_in_python = tp.__flags__ & _HEAPTYPE and not tp.__flags__ & _IMMUTABLETYPE
    if written_in_python or tp.__module__ == "builtins":
        return tp.__name__
    return f"{tp.__module__}.{tp.__name__}"


def not_raisable(value: object) -> str:
    return (
        "exceptions must be classes or instances deriving from BaseException, "
        f"not {type_name(value)}"
    )


def not_awaitable(value: object) -> str:
    return f"object {type_name(value)} can't be used in 'await' expression"


def await_returned_coroutine() -> str:
    return "__await__() returned a coroutine"


def await_returned_non_iterator(value: object) -> str:
    return f"__await__() returned non-iterator of type '{type_name(value)}'"


def aenter_not_awaitable(value: object) -> str:
    return (
        "'async with' received an object from __aenter__ "
        f"that does not implement __await__: {type_name(value)}"
    )


def aexit_not_awaitable(value: object) -> str:
    return (
        "'async with' received an object from __aexit__ "
        f"that does not implement __await__: {type_name(value)}"
    )


def no_async_context_manager(value: object) -> str:
    return (
        f"'{type_name(value)}' object does not support "
        "the asynchronous context manager protocol"
    )


def no_aexit(value: object) -> str:
    return no_async_context_manager(value) + " (missed __aexit__ method)"


def no_context_manager(value: object) -> str:
    return f"'{type_name(value)}' object does not support the context manager protocol"


def no_exit(value: object) -> str:
    return no_context_manager(value) + " (missed __exit__ method)"


def no_aiter(value: object) -> str:
    return f"'async for' requires an object with __aiter__ method, got {type_name(value)}"


def aiter_without_anext(value: object) -> str:
    return (
        "'async for' received an object from __aiter__ "
        f"that does not implement __anext__: {type_name(value)}"
    )


def anext_not_awaitable(value: object) -> str:
    return f"'async for' received an invalid object from __anext__: {type_name(value)}"


def unbound_local(name: str) -> str:
    return f"cannot access local variable '{name}' where it is not associated with a value"


def unbound_free(name: str) -> str:
    return (
        f"cannot access free variable '{name}' where it is not associated "
        "with a value in enclosing scope"
    )
