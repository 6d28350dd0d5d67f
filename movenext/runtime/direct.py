"""Running a compiled coroutine's body straight from a compiled `await`.

C# runs an async method's state machine on the caller's stack and moves it
to the heap only when it first suspends (and most awaits never suspend). A
compiled `await f(x)` does the same when `f` is a compiled coroutine
function (`type(f) is Compiled`, one identity test at the await site): it
calls `f._movenext_direct(x)` -- the function's body, emitted a second time
as the `direct` static method of its machine class, with plain local
variables -- instead of creating a coroutine object and driving it.
Awaiting something that finishes at once costs one Python call, as a native
await costs one coroutine object.

If the body does suspend, it becomes a machine at that moment: its machine
class's `suspended_at(state, locals())` creates the object, copies the
variables into its fields and returns it, and the body returns
``SUSPENDED``. The machine then resumes like any other, from that state.

Who awaited the call learns which machine that is through this thread's
*pending stack*: a body that suspends leaves ``[..., yielded, awaiter]`` on
it -- the value for the event loop, and what it now waits for (its own new
machine). The awaiting body, if it runs directly too, becomes a machine in
turn and replaces the top with itself; a machine picks both up
(`adopt_suspended`). Nothing else runs between the push and the pop (no
user code: they are a `return` apart), so the stack discipline holds even
when garbage collection runs finalizers in between.
"""

from __future__ import annotations

import keyword
import sys
import threading

from . import generated
from .states import SUSPENDED

__all__ = ["pending_stack", "through_machine"]


class _PerThread(threading.local):
    def __init__(self) -> None:
        self.pending: list = []


THREAD = _PerThread()

# A cycle (coroutine.py imports this module, and binds THREAD above): bound
# now, used at call time. Not imported inside the functions: imports fail at
# interpreter shutdown.
from . import coroutine  # noqa: E402


def pending_stack() -> list:
    """This thread's pending stack (see the module doc)."""
    return THREAD.pending


def through_machine(stub):
    """The `_movenext_direct` of a function whose body is not emitted twice
    (closures over its fields, `super()`, hand-written machines): create the
    machine as the stub does and take its first step right away."""
    await_direct = coroutine.await_direct

    def direct(*args, **kwargs):
        return await_direct(stub(*args, **kwargs))

    return direct


def copier(cls):
    """`cls._copy_variables(machine, variables)`: store the values of the
    function's variables found in `variables` (a `locals()` dict of its body
    run directly) into the machine's fields. Built once per class, when one
    of its bodies first suspends."""
    runtime_fields = {
        "state", "awaiter", "yielded", "__weakref__", "_running_async", "_closed", "_finalizer", "_driver", "_cell"
    }
    renamed = dict(getattr(cls, "local_variables", {}))
    pairs = [(renamed.get(field, field), field) for field in coroutine._all_slots(cls) if field not in runtime_fields]
    if not pairs:
        return lambda machine, variables: None
    lines = ["def copy(machine, variables):", "    get = variables.get"]
    for index, (variable, field) in enumerate(pairs):
        lines.append(f"    value = get({variable!r}, MISSING)")
        lines.append(f"    if value is not MISSING: machine.{field} = value")
    return generated.define("\n".join(lines) + "\n", {"MISSING": _MISSING}, "copy")


_MISSING = object()


def call_body(machine):
    """Run a fresh machine's body directly, with the arguments its
    `__init__` stored in the parameters' fields (its first step).

    Each field is emptied as it is read, inside the call expression: from
    then on the body's parameters are the only references to the arguments,
    as in a native frame (`del argument` frees it at once; if the body
    suspends, the machine takes all its variables over). Built once per
    class, as `call(machine)`: `body(take(machine, "a"), ..., k=take(...))`."""
    try:
        cls = type(machine)
        call = cls.__dict__.get("_movenext_call")
        if call is None:
            call = cls._movenext_call = _caller(cls)
        return call(machine)
    finally:
        machine = None  # frames let go of machines (coroutine.py)


def _take(machine, field):
    """Read a field and empty it (for `call_body`)."""
    value = getattr(machine, field)
    delattr(machine, field)
    return value


def _caller(cls):
    """`call_body` for `cls`: its `direct` body called with the values of the
    parameters' fields, positional ones by position, keyword-only ones by
    name, `*args` and `**kwargs` unpacked."""
    body = cls._movenext_body
    code = body.__code__
    field_of = {variable: field for field, variable in cls.local_variables.items()}
    names = code.co_varnames
    count = code.co_argcount
    keywords = code.co_kwonlyargcount
    positional = [f"take(machine, {field_of[name]!r})" for name in names[:count]]
    named = [f"{name}=take(machine, {field_of[name]!r})" for name in names[count : count + keywords]]
    index = count + keywords
    star = star_star = None
    if code.co_flags & 0x04:  # CO_VARARGS
        star = field_of[names[index]]
        index += 1
    if code.co_flags & 0x08:  # CO_VARKEYWORDS
        star_star = field_of[names[index]]
    if (star or star_star) and _CALL_EX_HOLDS_ARGUMENTS:
        return _StarCaller(body, positional, named, star, star_star)
    unpacked = [f"*take(machine, {star!r})"] if star else []
    unpacked_named = [f"**take(machine, {star_star!r})"] if star_star else []
    return _compiled_call(body, positional + unpacked + named + unpacked_named)


def _compiled_call(body, arguments: list[str], parameters: str = "machine"):
    source = (
        f"def call({parameters}):\n"
        f"    try:\n"
        f"        return body({', '.join(arguments)})\n"
        f"    finally:\n"
        f"        machine = None  # frames let go of machines (coroutine.py)\n"
    )
    return generated.define(source, {"body": body, "take": _take}, "call")


# Before 3.13, a call with `*args`/`**kwargs` (CALL_FUNCTION_EX) holds the
# argument tuple and dict until the callee returns: the body could not free
# an argument it deletes. So there the call is spelled out per number of
# extra positional arguments and per set of extra keyword names.
_CALL_EX_HOLDS_ARGUMENTS = sys.version_info < (3, 13)


def _plain_name(key) -> bool:
    """A `**kwargs` key that can be written as `key=...` in a call."""
    return type(key) is str and key.isidentifier() and not keyword.iskeyword(key)


class _StarCaller:
    """`call(machine)` for a body with `*args` or `**kwargs` (before 3.13):
    `body(take(machine, "a"), extra.pop(), ..., key=named.pop("key"), ...)`,
    one compiled call per shape; each value leaves its list or dict as it is
    pushed, so only the body's parameters hold it during the call."""

    _MOST_SHAPES = 32  # beyond that, the generic call (arguments held)

    def __init__(self, body, positional, named, star, star_star):
        self.body = body
        self.positional = positional
        self.named = named
        self.star = star
        self.star_star = star_star
        self.shapes = {}
        self.generic = None

    def __call__(self, machine):
        try:
            extra = list(reversed(_take(machine, self.star))) if self.star else []
            extra_named = dict(_take(machine, self.star_star)) if self.star_star else {}
            shape = (len(extra), tuple(extra_named))
            call = self.shapes.get(shape)
            if call is None:
                call = self._compile(shape)
            return call(machine, extra, extra_named)
        finally:
            machine = None  # frames let go of machines (coroutine.py)

    def _compile(self, shape):
        count, keys = shape
        if len(self.shapes) >= self._MOST_SHAPES or not all(_plain_name(key) for key in keys):
            if self.generic is None:
                generic = self.positional + ["*reversed(extra)"] + self.named + ["**named"]
                self.generic = _compiled_call(self.body, generic, "machine, extra, named")
            return self.generic
        arguments = self.positional + ["extra.pop()"] * count + self.named
        arguments += [f"{key}=named.pop({key!r})" for key in keys]
        call = self.shapes[shape] = _compiled_call(self.body, arguments, "machine, extra, named")
        return call


def taker(cls):
    """`cls._take_over(machine, other)`: every field of `machine` becomes
    what it is in `other` (set or unset)."""
    lines = ["def take(machine, other):"]
    for field in coroutine._all_slots(cls):
        if field == "__weakref__":
            continue
        lines += [
            "    try:",
            f"        machine.{field} = other.{field}",
            "    except AttributeError:",
            "        try:",
            f"            del machine.{field}",
            "        except AttributeError:",
            "            pass",
        ]
    if len(lines) == 1:
        lines.append("    pass")
    return generated.define("\n".join(lines) + "\n", {}, "take")


# Re-exported for coroutine.py.
SUSPENDED = SUSPENDED
