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

import threading

from .states import SUSPENDED

# A cycle (coroutine.py imports this module): bound now, used at call time.
# Not imported inside the functions: imports fail at interpreter shutdown.
from . import coroutine

__all__ = ["pending_stack", "through_machine"]


class _PerThread(threading.local):
    def __init__(self) -> None:
        self.pending: list = []


THREAD = _PerThread()


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
    runtime_fields = {"state", "awaiter", "yielded", "__weakref__", "_running_async", "_closed", "_finalizer"}
    renamed = dict(getattr(cls, "local_variables", {}))
    pairs = [(renamed.get(field, field), field) for field in coroutine._all_slots(cls) if field not in runtime_fields]
    if not pairs:
        return lambda machine, variables: None
    lines = ["def copy(machine, variables):", "    get = variables.get"]
    for index, (variable, field) in enumerate(pairs):
        lines.append(f"    value = get({variable!r}, MISSING)")
        lines.append(f"    if value is not MISSING: machine.{field} = value")
    namespace = {"MISSING": _MISSING}
    exec("\n".join(lines) + "\n", namespace)
    return namespace["copy"]


_MISSING = object()


def call_body(machine):
    """Run a fresh machine's body directly, with the arguments its
    `__init__` stored in the parameters' fields (its first step)."""
    cls = type(machine)
    recipe = cls.__dict__.get("_movenext_recipe")
    if recipe is None:
        recipe = _recipe(cls)
        cls._movenext_recipe = recipe
    body, positional, star, keywords, star_star = recipe
    arguments = [getattr(machine, field) for field in positional]
    if star is not None:
        arguments.extend(getattr(machine, star))
    named = {name: getattr(machine, field) for name, field in keywords}
    if star_star is not None:
        named.update(getattr(machine, star_star))
    return body(*arguments, **named)


def _recipe(cls) -> tuple:
    """How `call_body` calls `cls`'s body: (body, positional fields, the
    `*args` field, (keyword, field) pairs, the `**kwargs` field)."""
    body = cls._movenext_body
    code = body.__code__
    field_of = {variable: field for field, variable in cls.local_variables.items()}
    names = code.co_varnames
    count = code.co_argcount
    keywords = code.co_kwonlyargcount
    positional = tuple(field_of[name] for name in names[:count])
    index = count + keywords
    star = star_star = None
    if code.co_flags & 0x04:  # CO_VARARGS
        star = field_of[names[index]]
        index += 1
    if code.co_flags & 0x08:  # CO_VARKEYWORDS
        star_star = field_of[names[index]]
    named = tuple((name, field_of[name]) for name in names[count : count + keywords])
    return body, positional, star, named, star_star


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
    namespace: dict = {}
    exec("\n".join(lines) + "\n", namespace)
    return namespace["take"]

# Re-exported for coroutine.py.
SUSPENDED = SUSPENDED
