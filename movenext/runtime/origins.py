"""`cr_origin` for compiled coroutines, at no cost while tracking is off.

CPython records where each coroutine was created only while
`sys.set_coroutine_origin_tracking_depth(n)` is on (asyncio's debug mode turns
it on). Checking the depth on every creation would cost every coroutine a
call, so instead this module wraps `sys.set_coroutine_origin_tracking_depth`
and installs a recording `__new__` on the machine base class only while the
depth is positive (assigning `__new__` on a base class updates every subclass).
"""

from __future__ import annotations

import sys
import weakref

_origins: "weakref.WeakKeyDictionary[object, tuple]" = weakref.WeakKeyDictionary()
_native_set_depth = getattr(sys, "_movenext_native_set_depth", sys.set_coroutine_origin_tracking_depth)
_machine_base = None
_on_change = None  # told whether coroutines may be run without objects


def origin_of(machine) -> tuple | None:
    return _origins.get(machine)


def _recording_new(cls, *args, **kwargs):
    machine = object.__new__(cls)
    depth = sys.get_coroutine_origin_tracking_depth()
    if depth > 0:
        # Frame 0 is this function, 1 the stub that creates the machine; the
        # origin starts at the stub's caller, as CPython's does.
        frame = sys._getframe(2)
        origin = []
        while frame is not None and len(origin) < depth:
            code = frame.f_code
            origin.append((code.co_filename, frame.f_lineno, code.co_name))
            frame = frame.f_back
        _origins[machine] = tuple(origin)
    return machine


def _plain_new(cls, *args, **kwargs):
    return object.__new__(cls)


def _sync_with_depth() -> None:
    if _machine_base is None:
        return
    tracking = sys.get_coroutine_origin_tracking_depth() > 0
    if _on_change is not None:
        _on_change(not tracking)
    current = _machine_base.__dict__.get("__new__")
    if tracking and current is not _recording_new:
        _machine_base.__new__ = _recording_new
    elif not tracking and current is _recording_new:
        # Deleting __new__ would leave the subclasses' constructor slot
        # pointing at a lookup that finds object.__new__, which refuses
        # arguments; an explicit pass-through keeps them working.
        _machine_base.__new__ = _plain_new


def set_coroutine_origin_tracking_depth(depth):
    _native_set_depth(depth)
    _sync_with_depth()


set_coroutine_origin_tracking_depth.__doc__ = _native_set_depth.__doc__


def install(machine_base, on_change=None) -> None:
    """Follow the tracking depth for `machine_base` and its subclasses;
    `on_change(False)` while tracking is on (compiled awaits then create
    every coroutine object: see direct.py), `on_change(True)` otherwise."""
    global _machine_base, _on_change
    _machine_base = machine_base
    _on_change = on_change
    if not hasattr(sys, "_movenext_native_set_depth"):
        sys._movenext_native_set_depth = _native_set_depth
        sys.set_coroutine_origin_tracking_depth = set_coroutine_origin_tracking_depth
    _sync_with_depth()
