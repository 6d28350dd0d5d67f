"""movenext's runtime: the small, stable ABI that compiled code calls.

Generated modules import this package (and nothing else from movenext) as
`import movenext.runtime as _movenext`. It never imports the compiler.

The names below are the whole ABI; see each module for the contracts:

* `CoroutineMachine` -- base class of compiled coroutines (the builder and the
  coroutine object in one); `start_await`/`resume_await` are its await sites.
* `coroutine_function` -- decorator that makes a stub a coroutine function.
* `SUSPENDED`, `RUNNING`, ... -- states and markers (`states`).
* `RETURN`, `BREAK`, `CONTINUE` -- pending exits across a suspending `finally`.
* helpers for statements the compiler lowers: `with`/`async with`/`async for`
  (`protocols`), and for hoisted locals (`variables`).
"""

# Builtins that generated code uses, reached through the runtime so that a
# module or function that rebinds one of these names cannot change them.
from builtins import (
    AssertionError,
    BaseException,
    RuntimeError,
    StopAsyncIteration,
    StopIteration,
    isinstance,
    iter,
    locals,
    next,
    set,
    type,
)
from sys import exc_info

from . import origins as _origins
from .asyncgen import AsyncGeneratorMachine, anext_direct
from .awaiting import AENTER, AEXIT, ANEXT, AWAIT
from .coroutine import CoroutineMachine, CoroutineWrapper, await_direct
from .describe import Description, describe
from .exceptgroups import prep_reraise_star, reraise, star_match
from .function import CoroutineFunction, async_generator_function, coroutine_function
from .protocols import (
    Iterated,
    async_exit_of,
    async_iterator,
    enter_context,
    exception_matches,
    next_awaitable,
)
from .states import BREAK, CONTINUE, CREATED, DELEGATE, DELIVERED, DONE, EXHAUSTED, RETURN, RUNNING, SUSPENDED, YIELDED
from .throwing import after_reentry, before_reentry
from .variables import (
    Cells,
    assign,
    bind,
    delete,
    comprehension_first_argument,
    comprehension_iterator,
    subscript_key,
    unassigned_read,
    unbound_field,
)

#: What a compiled `await f(...)` tests before running `f`'s body directly
#: (`type(f) is Compiled`, see direct.py). While coroutine origin tracking is
#: on, every coroutine must exist (for its `cr_origin`): then nothing is.
Compiled = CoroutineFunction


def _direct_calls(enabled: bool) -> None:
    global Compiled
    Compiled = CoroutineFunction if enabled else None


_origins.install(CoroutineMachine, _direct_calls)

__all__ = [
    "subscript_key",
    "describe",
    "Description",
    "AENTER",
    "AEXIT",
    "ANEXT",
    "AWAIT",
    "AsyncGeneratorMachine",
    "AssertionError",
    "RuntimeError",
    "StopIteration",
    "BREAK",
    "BaseException",
    "EXHAUSTED",
    "Iterated",
    "StopAsyncIteration",
    "CONTINUE",
    "CREATED",
    "CoroutineFunction",
    "CoroutineMachine",
    "CoroutineWrapper",
    "Compiled",
    "DONE",
    "RETURN",
    "RUNNING",
    "SUSPENDED",
    "DELEGATE",
    "DELIVERED",
    "YIELDED",
    "after_reentry",
    "Cells",
    "assign",
    "comprehension_first_argument",
    "comprehension_iterator",
    "async_generator_function",
    "async_exit_of",
    "before_reentry",
    "bind",
    "async_iterator",
    "anext_direct",
    "await_direct",
    "coroutine_function",
    "delete",
    "enter_context",
    "exc_info",
    "exception_matches",
    "isinstance",
    "iter",
    "locals",
    "next",
    "next_awaitable",
    "prep_reraise_star",
    "reraise",
    "star_match",
    "set",
    "type",
    "unassigned_read",
    "unbound_field",
]
