"""`MachineFrame`: a frame-like view of a suspended machine.

Native generators expose their frame (`ag_frame`, `cr_frame`); code probes it
(`if agen.ag_frame:` means "not finished") and debuggers read `f_lineno` and
`f_locals`. A machine has no frame while suspended, but everything a frame
would tell is in its fields: the state says the line, the fields hold the
live variables. This view answers those questions.
"""

from __future__ import annotations

import types
import weakref

# A cycle (coroutine.py imports this module): bound now, used at call time.
# Not imported inside the functions: imports fail at interpreter shutdown.
from . import coroutine, variables


class MachineFrame:
    """Like a real frame, it does not keep its coroutine alive."""

    __slots__ = ("_reference",)

    f_back = None
    f_trace = None
    f_lasti = -1

    def __init__(self, machine) -> None:
        self._reference = weakref.ref(machine)

    @property
    def __class__(self):
        # isinstance(f, types.FrameType) holds, as for ag_frame/cr_frame natively.
        return types.FrameType

    @property
    def _machine(self):
        machine = self._reference()
        if machine is None:
            raise ReferenceError("the coroutine of this frame no longer exists")
        return machine

    @property
    def f_code(self):
        function = type(self._machine).function
        return function.__code__ if function is not None else type(self._machine).move_next.__code__

    @property
    def f_lineno(self) -> int:
        machine = self._machine
        table = getattr(type(machine), "state_table", ())
        state = machine.state
        if 0 <= state < len(table):
            return table[state][0]
        return self.f_code.co_firstlineno

    @property
    def f_globals(self) -> dict:
        return type(self._machine).move_next.__globals__

    @property
    def f_builtins(self) -> dict:
        return self.f_globals.get("__builtins__", {})

    @property
    def f_locals(self) -> dict:
        """The function's variables that are alive here, by source name."""
        values = {}
        machine = self._machine
        for field, name in type(machine).local_variables.items():
            try:
                values[name] = variables.read(machine, field)
            except AttributeError:
                pass
        return values

    def clear(self) -> None:
        """Clearing the frame of a suspended coroutine is refused, as in
        CPython; otherwise the coroutine is closed (its locals released)."""
        machine = self._reference()
        if machine is None:
            return
        if machine.state > 0:
            raise RuntimeError("cannot clear a suspended frame")
        if machine.state == 0 and hasattr(type(machine), "cr_await"):
            machine.close()
            coroutine._warn_never_awaited(machine)  # clearing it means it never runs
            return
        machine.close()

    def __repr__(self) -> str:
        code = self.f_code
        return f"<machine frame of {code.co_qualname}, file {code.co_filename!r}, line {self.f_lineno}>"
