"""Hoisted local variables: fields of the machine that behave like locals.

A local that lives across an await becomes a `__slots__` field, read as
`this.x`. Three things a fast local does need help on a field:

* reading it before assignment (or after `del`) must raise UnboundLocalError
  in the function's own code and NameError ("cannot access free variable") in
  a nested function, with CPython's messages, not AttributeError;
* `del x` likewise;
* a walrus `(x := value)` cannot target an attribute, so it calls
  `assign(this, x=value)`.

An unset slot raises AttributeError, which makes Python call the class's
`__getattr__`: machine classes in which a variable may be read before it is
assigned (compiler/unbound.py decides) set `__getattr__ = unassigned_read`,
which turns it into the right error by looking at which code made the
access. (Other classes go without: on CPython 3.11 a class with
`__getattr__` makes every field read several times slower.)
"""

from __future__ import annotations

import sys
import types

from . import messages


def unassigned_read(machine, name: str):
    """`__getattr__` of machines whose fields may be read unset: the
    UnboundLocalError or NameError of reading the variable unassigned."""
    if name == "__qualname__":
        return machine._function_qualname()
    raise unbound_field(machine, name, sys._getframe(1))


class Cells:
    """Base of each machine class's `Cells`: the variables that nested
    functions share with the body (compiler/function.py). CPython keeps such
    variables in cells, which closures reference instead of the coroutine;
    these play that part. `__machine__` is the machine class (set when the
    machine class is made), whose code reads them."""

    __slots__ = ()
    __machine__: type = None

    def __getattr__(self, name: str):
        raise unbound_field(self, name, sys._getframe(1))


def link_cells(machine_class) -> None:
    """Tell a machine class's `Cells` which machine class it belongs to."""
    cells = machine_class.__dict__.get("Cells")
    if cells is not None:
        cells.__machine__ = machine_class


def read(machine, path: str):
    """The value of a field by its `local_variables` path (`x`, or `cells.x`
    for a variable in the Cells); AttributeError if it is unset."""
    getter = object.__getattribute__
    if "." in path:
        holder, name = path.split(".", 1)
        return getter(getter(machine, holder), name)
    return getter(machine, path)


def write(machine, path: str, value) -> None:
    """Set a field by its `local_variables` path (unset it, if `value` is
    `DELETE`)."""
    if "." in path:
        holder, path = path.split(".", 1)
        machine = object.__getattribute__(machine, holder)
    if value is DELETE:
        delattr(machine, path)
    else:
        setattr(machine, path, value)


#: `write(machine, path, DELETE)` unsets the field.
DELETE = object()


def comprehension_iterator():
    """The hidden first argument (`.0`, its iterator) of the generator
    expression or comprehension calling this: what zero-argument `super()`
    passes there."""
    return sys._getframe(1).f_locals[".0"]


def comprehension_first_argument(inlined):
    """What zero-argument `super()` passes in a list, set or dict
    comprehension: before 3.12 the comprehension is a function of its own
    and passes its iterator; since, it is inlined and passes `inlined`, the
    enclosing function's first argument."""
    if _COMPREHENSIONS_INLINED:
        return inlined
    return sys._getframe(1).f_locals[".0"]


_COMPREHENSIONS_INLINED = sys.version_info >= (3, 12)


def assign(machine, /, **field):
    """`(name := value)` for a hoisted variable, written `assign(this,
    name=value)`: store and return the value."""
    ((name, value),) = field.items()
    setattr(machine, name, value)
    return value


def bind(machine, **fields) -> bool:
    """Copy `match` captures into their fields, in a case's guard: Python binds
    a pattern's names before it evaluates the guard. Always true."""
    for name, value in fields.items():
        setattr(machine, name, value)
    return True


def delete(machine, name: str) -> None:
    """`del name` for a hoisted variable."""
    try:
        delattr(machine, name)
        return
    except AttributeError:
        pass
    raise unbound_field(machine, name, sys._getframe(1))


def unbound_field(machine, name: str, frame) -> Exception:
    """The error for reading the unset field `name` of a machine or of its
    Cells from `frame`'s code."""
    cls = type(machine)
    variables = getattr(cls, "local_variables", {})
    if isinstance(machine, Cells):
        # A field of the holder: its path is `<holder field>.name`.
        cls = cls.__machine__
        variables = {path.rpartition(".")[2]: variable for path, variable in cls.local_variables.items() if "." in path}
    source_name = variables.get(name)
    if source_name is None:
        return AttributeError(f"'{cls.__name__}' object has no attribute '{name}'")
    code = frame.f_code
    own_code = cls.move_next.__code__
    if code is own_code:
        return UnboundLocalError(messages.unbound_local(source_name))
    if code in _nested_code(own_code):
        return NameError(messages.unbound_free(source_name), name=source_name)
    return AttributeError(f"'{cls.__name__}' object has no attribute '{name}'")


_nested_cache: dict = {}


def _nested_code(code: types.CodeType) -> frozenset:
    nested = _nested_cache.get(code)
    if nested is None:
        found = set()
        pending = [code]
        while pending:
            for const in pending.pop().co_consts:
                if isinstance(const, types.CodeType) and const not in found:
                    found.add(const)
                    pending.append(const)
        nested = _nested_cache[code] = frozenset(found)
    return nested


class _SubscriptKey:
    """`subscript_key[k]` is the key object CPython builds for `obj[k]` (a
    slice, a tuple of them...): generated code holds it in a variable when an
    augmented assignment `obj[k] op= await v` must read and store with one
    key built once."""

    __slots__ = ()

    def __getitem__(self, key):
        return key

    def __repr__(self):
        return "movenext.runtime.subscript_key"


subscript_key = _SubscriptKey()
