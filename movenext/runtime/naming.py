"""`__name__` and `__qualname__` of compiled coroutine objects.

A native coroutine takes both from its function when created, and both can be
reassigned on the object. A machine reads them from its function
(`type(machine).function`) unless the object was given its own, which are
kept in a side table so that objects that never rename themselves (all of
them, in practice) carry no field for it.

`__qualname__` needs a trick: a class body cannot define an attribute of that
name for its instances (`type()` takes it as the class's own qualified name),
so `install_qualname` places a descriptor in the base class's dictionary
after the class exists.
"""

from __future__ import annotations

import gc
import weakref

_names: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_qualnames: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def name_of(machine) -> str:
    name = _names.get(machine)
    if name is not None:
        return name
    function = type(machine).function
    return function.__name__ if function is not None else type(machine).__qualname__


def qualname_of(machine) -> str:
    qualname = _qualnames.get(machine)
    if qualname is not None:
        return qualname
    function = type(machine).function
    return function.__qualname__ if function is not None else type(machine).__qualname__


def set_name(machine, value) -> None:
    if not isinstance(value, str):
        raise TypeError("__name__ must be set to a string object")
    _names[machine] = value


def set_qualname(machine, value) -> None:
    if not isinstance(value, str):
        raise TypeError("__qualname__ must be set to a string object")
    _qualnames[machine] = value


class _QualnameDescriptor:
    """Instance-level `__qualname__` (class-level access is `type`'s own)."""

    def __get__(self, instance, owner=None):
        if instance is None:
            return owner.__dict__.get("__qualname__", type.__dict__["__qualname__"].__get__(owner))
        return qualname_of(instance)

    def __set__(self, instance, value):
        set_qualname(instance, value)

    def __delete__(self, instance):
        set_qualname(instance, None)


def install_qualname(base: type) -> None:
    namespace = gc.get_referents(base.__dict__)[0]  # the dict behind the proxy
    namespace["__qualname__"] = _QualnameDescriptor()
    # Any attribute assignment tells the interpreter the type changed, which
    # invalidates its attribute cache.
    base._movenext_modified = True
    del base._movenext_modified
