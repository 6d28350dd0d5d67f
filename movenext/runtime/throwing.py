"""Raising a thrown exception inside a machine, chained as CPython chains it.

When `throw()` delivers an exception into a coroutine frame, CPython chains it
(sets `__context__`) to the exception *that frame* is handling, and to nothing
else (`_PyErr_ChainStackItem` with the generator's own exception state). A
machine's code runs in an ordinary frame, where a Python `raise` would chain
to whatever any caller up the stack is handling -- the event loop's, or the
caller of `throw()`. So the entry points of a throw record what their caller
was handling; `raise_in_machine` chains only to something different, i.e.
to what the machine itself is handling.
"""

from __future__ import annotations

import sys
import threading

_state = threading.local()


def outer_handled():
    """Call at a throw entry point: remember the caller's handled exception."""
    stack = getattr(_state, "stack", None)
    if stack is None:
        stack = _state.stack = []
    stack.append(sys.exc_info()[1])
    return stack


def raise_in_machine(exception: BaseException):
    """Raise `exception` at the current point of a machine's code."""
    stack = getattr(_state, "stack", None)
    outer = stack[-1] if stack else None
    handled = sys.exc_info()[1]
    if handled is None or handled is not outer:
        raise exception  # chained to what the machine handles, as CPython does
    context = exception.__context__
    try:
        raise exception
    except BaseException:
        exception.__context__ = context  # the caller's exception is not ours
        raise


def before_reentry(exception: BaseException):
    """Before re-raising `exception` to re-enter the handler that was handling
    it: remember what the raise will change -- its traceback and context, and
    the link CPython cuts to avoid a cycle (`_PyErr_SetObject` sets the
    context of the exception being handled... and removes `exception` from
    that exception's own context chain)."""
    handled = sys.exc_info()[1]
    cut = None
    seen = set()
    link = handled if handled is not exception else None
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        if link.__context__ is exception:
            cut = link
            break
        link = link.__context__
    return exception.__traceback__, exception.__context__, cut


def after_reentry(exception: BaseException, saved) -> None:
    """In the re-entered handler: undo what the raise changed."""
    exception.__traceback__, exception.__context__, cut = saved
    if cut is not None:
        cut.__context__ = exception
