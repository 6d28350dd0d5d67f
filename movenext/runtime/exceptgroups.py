"""`except*` clauses, done by hand when a handler awaits.

A suspension inside an `except*` handler would lose the interpreter's
bookkeeping (the exceptions still to match, those raised so far), so the
compiler spells the statement out with these three functions, which follow
CPython's `CHECK_EG_MATCH` and `_PyExc_PrepReraiseStar` (Python/ceval.c,
Objects/exceptions.c):

    except BaseException as original:
        remaining, results = original, []
        match, remaining = star_match(remaining, E1)
        if match is not None:
            <handler 1 with `match` as the handled exception; what it raises
             is appended to results>
        ...
        results.append(remaining)
        reraise(prep_reraise_star(original, results))
"""

from __future__ import annotations


def _check_type(kind) -> None:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    for candidate in kinds:
        if not (isinstance(candidate, type) and issubclass(candidate, BaseException)):
            raise TypeError("catching classes that do not inherit from BaseException is not allowed")
        if issubclass(candidate, BaseExceptionGroup):
            raise TypeError("catching ExceptionGroup with except* is not allowed. Use except instead.")


def _matches(exception, kinds) -> bool:
    mro = type(exception).__mro__
    return any(candidate in mro for candidate in kinds)


def star_match(exception, kind):
    """`(match, rest)` of `except* kind` on `exception` (either may be None)."""
    _check_type(kind)
    if exception is None:
        return None, None
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if _matches(exception, kinds):
        if isinstance(exception, BaseExceptionGroup):
            return exception, None
        return BaseExceptionGroup("", (exception,)), None  # a naked exception is wrapped
    if isinstance(exception, BaseExceptionGroup):
        return exception.split(kind)
    return None, exception


def _same_metadata(first, second) -> bool:
    missing = object()
    return (
        getattr(first, "__notes__", missing) is getattr(second, "__notes__", missing)
        and first.__traceback__ is second.__traceback__
        and first.__cause__ is second.__cause__
        and first.__context__ is second.__context__
    )


def _leaf_ids(group, into: set) -> None:
    for exception in group.exceptions:
        if isinstance(exception, BaseExceptionGroup):
            _leaf_ids(exception, into)
        else:
            into.add(id(exception))


def prep_reraise_star(original, results: list):
    """What an `except*` statement raises when its handlers are done: the
    unhandled and re-raised parts of `original` keep its structure; exceptions
    raised anew join them in a new group. None when nothing is left."""
    if not results:
        return None
    if not isinstance(original, BaseExceptionGroup):
        return results[0]  # a naked exception: only one clause could run
    raised, reraised = [], []
    for exception in results:
        if exception is None:
            continue
        (reraised if _same_metadata(exception, original) else raised).append(exception)
    keep: set = set()
    for group in reraised:
        _leaf_ids(group, keep)
    projected = original.split(
        lambda e: not isinstance(e, BaseExceptionGroup) and id(e) in keep
    )[0]
    if not raised:
        return projected
    if projected is not None:
        raised.append(projected)
    if len(raised) > 1:
        return BaseExceptionGroup("", raised)
    return raised[0]


def reraise(exception) -> None:
    """Raise the result of an `except*` statement, if any, like CPython's
    RERAISE: without chaining it to the exception being handled."""
    if exception is None:
        return
    context = exception.__context__
    try:
        raise exception
    except BaseException:
        exception.__context__ = context
        raise
