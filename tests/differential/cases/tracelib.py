"""Shared, *uncompiled* fixtures for the differential test programs.

Every program in this directory runs twice: natively, and after `movenext
transpile`. This module is imported by both runs and is never compiled, so its
helpers behave identically in both; only the program's own `async def`s differ.
Keep it free of `async def` so nothing here is ever rewritten.
"""

import sys
import types


def describe(exc):
    """A one-line, address-free description of an exception and its chain."""
    if exc is None:
        return "None"
    parts = [f"{type(exc).__name__}{exc.args!r}"]
    seen = {id(exc)}
    current = exc
    while True:
        cause, context = current.__cause__, current.__context__
        if cause is not None and id(cause) not in seen:
            parts.append(f"cause={type(cause).__name__}{cause.args!r}")
            seen.add(id(cause))
            current = cause
            continue
        if context is not None and id(context) not in seen:
            hidden = " (suppressed)" if current.__suppress_context__ else ""
            parts.append(f"context={type(context).__name__}{context.args!r}{hidden}")
            seen.add(id(context))
            current = context
            continue
        break
    return " <- ".join(parts)


def exc_info():
    """What sys.exc_info() says right now, address-free."""
    value = sys.exc_info()[1]
    return "no exception" if value is None else describe(value)


@types.coroutine
def suspend(value=None):
    """Yield `value` to the driver once; return what the driver sends back."""
    return (yield value)


def drive(coro, sends=(), throws=()):
    """Drive a coroutine by hand and print every step: yielded values, the
    result, or the exception. `sends` and `throws` are consumed in order after
    the first step; a throw is used when its slot is not None."""
    steps = list(sends)
    throws = list(throws)
    try:
        value = coro.send(None)
        print("  yielded", repr(value))
        while True:
            thrown = throws.pop(0) if throws else None
            sent = steps.pop(0) if steps else None
            if thrown is not None:
                value = coro.throw(thrown)
            else:
                value = coro.send(sent)
            print("  yielded", repr(value))
    except StopIteration as stop:
        print("  returned", repr(stop.value))
    except BaseException as error:  # noqa: BLE001 - the trace is the point
        print("  raised", describe(error))
