"""The lookups behind `with`, `async with` and `async for`, as CPython does them.

The compiler lowers these statements into plain code when they span an await
(their native forms would run `__exit__` on every suspension). These helpers
perform the special-method lookups on the *type*, in CPython's order, and
raise CPython's errors, so a lowered statement accepts and rejects exactly
what the native one does.
"""

from __future__ import annotations

from . import messages


def _lookup_special(value, name):
    """`_PyObject_LookupSpecial`: find `name` on the type's MRO and bind it."""
    tp = type(value)
    for klass in tp.__mro__:
        attribute = klass.__dict__.get(name, _MISSING)
        if attribute is not _MISSING:
            binder = getattr(type(attribute), "__get__", None)
            return attribute if binder is None else binder(attribute, value, tp)
    return None


_MISSING = object()


def enter_context(manager):
    """Enter a `with` statement: return `(bound __exit__, result of __enter__)`."""
    enter = _lookup_special(manager, "__enter__")
    if enter is None:
        raise TypeError(messages.no_context_manager(manager))
    exit_ = _lookup_special(manager, "__exit__")
    if exit_ is None:
        raise TypeError(messages.no_exit(manager))
    return exit_, enter()


def async_exit_of(manager):
    """Begin an `async with` statement: return `(bound __aenter__, bound __aexit__)`.

    The caller then awaits `__aenter__()` (purpose AENTER, for CPython's message
    when it is not awaitable)."""
    enter = _lookup_special(manager, "__aenter__")
    if enter is None:
        raise TypeError(messages.no_async_context_manager(manager))
    exit_ = _lookup_special(manager, "__aexit__")
    if exit_ is None:
        raise TypeError(messages.no_aexit(manager))
    return enter, exit_


def async_iterator(iterable):
    """`GET_AITER`: the asynchronous iterator an `async for` drives."""
    aiter_ = getattr(type(iterable), "__aiter__", None)
    if aiter_ is None:
        raise TypeError(messages.no_aiter(iterable))
    iterator = aiter_(iterable)
    if getattr(type(iterator), "__anext__", None) is None:
        raise TypeError(messages.aiter_without_anext(iterator))
    return iterator


def next_awaitable(iterator):
    """`GET_ANEXT`: call `__anext__`; the caller awaits the result (purpose ANEXT)."""
    anext_ = getattr(type(iterator), "__anext__", None)
    if anext_ is None:
        raise TypeError(
            "'async for' requires an iterator with __anext__ method, "
            f"got {messages.type_name(iterator)}"
        )
    return anext_(iterator)


def exception_matches(exception: BaseException, kind) -> bool:
    """`except kind:` evaluated by hand (CHECK_EXC_MATCH): the type must be an
    exception class or a tuple of them; subclass test without __subclasscheck__."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    for candidate in kinds:
        if not (isinstance(candidate, type) and issubclass(candidate, BaseException)):
            raise TypeError("catching classes that do not inherit from BaseException is not allowed")
    mro = type(exception).__mro__
    return any(candidate in mro for candidate in kinds)


class Iterated:
    """Hands a loop an iterator obtained earlier (an async generator
    expression's outermost iterator, fetched where the expression stands):
    `iter()`/`aiter()` on it return that iterator without calling its
    `__iter__`/`__aiter__` a second time."""

    __slots__ = ("_iterator",)

    def __init__(self, iterator) -> None:
        self._iterator = iterator

    def __iter__(self):
        return self._iterator

    def __aiter__(self):
        return self._iterator
