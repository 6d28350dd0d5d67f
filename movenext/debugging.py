"""pdb sees the variables a compiled coroutine keeps in fields.

A compiled coroutine's body runs in `move_next(this, sent, thrown)`: the
variables that live across an await (and the parameters) are fields of the
state machine (`this.total`), not locals of the running frame, so pdb's
`p total` would raise NameError where natively it prints the value.

pdb evaluates what the user types in `self.curframe_locals`, which it takes
from `curframe.f_locals` whenever it selects a frame (`setup()` at each stop,
`up`/`down`). `install()` makes that attribute a property of `pdb.Pdb` that,
for a frame running a machine's `move_next` (or a function nested in it),
holds the frame's own locals plus the machine's variables under their source
names, read at that moment. Assigning (`!total = 5`) writes the field; other
names go to the frame's locals as before. Frames of anything else are
untouched.

What stays different from native (README, "Known differences"): a variable
that is not live across the last await is a plain local of the `move_next`
call that ran before it, so after the coroutine resumes pdb cannot show its
old value; the receiver (`this`) and the generated temporaries of
`move_next` are visible too.

The import hook calls `watch()`: pdb is patched when it is (or once it is)
imported, without importing it.
"""

from __future__ import annotations

import importlib.machinery
import sys
import types

_PATCHED = "_movenext_patched"


def machine_variables(frame):
    """(machine, {source name: field}) for a frame running a compiled
    coroutine's or async generator's code, else None."""
    code = frame.f_code
    from .runtime import AsyncGeneratorMachine, CoroutineMachine

    machines = (CoroutineMachine, AsyncGeneratorMachine)
    # move_next's code is named after the function (tracebacks say `in
    # work`): recognise it by its receiver, the machine whose code it is.
    if code.co_argcount:
        try:
            machine = frame.f_locals.get(code.co_varnames[0])
        except Exception:  # noqa: BLE001 - a frame we cannot read is not ours
            return None
        if isinstance(machine, machines) and _move_next_code(machine) is code:
            return machine, {name: field for field, name in type(machine).local_variables.items()}
    if not code.co_freevars:
        return None
    # A function (or comprehension) nested in move_next reaches the machine
    # through a free variable and reads the fields it names.
    try:
        values = [frame.f_locals.get(name) for name in code.co_freevars]
    except Exception:  # noqa: BLE001
        return None
    from .runtime import Cells

    for value in values:
        # The variables it shares with the body are in the machine's Cells.
        if isinstance(value, Cells) and code in _nested_codes(type(value).__machine__.move_next.__code__):
            named = set(code.co_names)
            shared = {}
            for path, name in type(value).__machine__.local_variables.items():
                holder, _, field = path.rpartition(".")
                if holder and field in named:
                    shared[name] = field
            return value, shared
    return None


def _move_next_code(machine):
    return type(machine).move_next.__code__


_nested: dict = {}


def _nested_codes(code: types.CodeType) -> frozenset:
    found = _nested.get(code)
    if found is None:
        collected = set()
        pending = [code]
        while pending:
            for constant in pending.pop().co_consts:
                if isinstance(constant, types.CodeType) and constant not in collected:
                    collected.add(constant)
                    pending.append(constant)
        found = _nested[code] = frozenset(collected)
    return found


def _variables():
    from .runtime import variables  # (pdb may be imported where the runtime never is)

    return variables


class MachineLocals(dict):
    """A frame's locals plus its machine's variables (a snapshot taken when
    pdb selects the frame; the program does not run while pdb reads it).
    Writes go to the field, or to the frame's locals."""

    def __init__(self, frame_locals, machine, fields: dict[str, str]) -> None:
        super().__init__()
        self._frame_locals = frame_locals
        self._machine = machine
        self._fields = fields
        for name, field in fields.items():
            try:
                dict.__setitem__(self, name, _variables().read(machine, field))
            except AttributeError:
                pass  # not assigned yet (or deleted): unbound, as natively
        dict.update(self, frame_locals)

    def __setitem__(self, name, value) -> None:
        dict.__setitem__(self, name, value)
        field = self._fields.get(name)
        if field is not None and name not in self._frame_locals:
            _variables().write(self._machine, field, value)
        else:
            self._frame_locals[name] = value

    def __delitem__(self, name) -> None:
        dict.__delitem__(self, name)
        field = self._fields.get(name)
        if field is not None and name not in self._frame_locals:
            try:
                _variables().write(self._machine, field, _variables().DELETE)
            except AttributeError:
                pass
        else:
            del self._frame_locals[name]


def frame_locals(frame, mapping):
    """What pdb should evaluate in for `frame` (`mapping` is its f_locals)."""
    if frame is None:
        return mapping
    found = machine_variables(frame)
    if found is None:
        return mapping
    machine, fields = found
    return MachineLocals(mapping, machine, fields)


def patch(pdb_module) -> None:
    """Make `pdb.Pdb.curframe_locals` see machine variables (idempotent)."""
    cls = pdb_module.Pdb
    if getattr(cls, _PATCHED, False):
        return

    def get(self):
        try:
            return self.__dict__["curframe_locals"]
        except KeyError:
            raise AttributeError("curframe_locals") from None

    def set(self, value):
        self.__dict__["curframe_locals"] = frame_locals(getattr(self, "curframe", None), value)

    cls.curframe_locals = property(get, set)
    setattr(cls, _PATCHED, True)


class _PdbWatcher:
    """Patches pdb right after it is imported, then steps aside."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "pdb":
            return None
        _unwatch()
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        loader = spec.loader
        execute = loader.exec_module

        def exec_module(module):
            execute(module)
            patch(module)

        loader.exec_module = exec_module  # this loader instance only
        return spec


_WATCHER = _PdbWatcher()


def _unwatch() -> None:
    try:
        sys.meta_path.remove(_WATCHER)
    except ValueError:
        pass


def watch() -> None:
    """Patch pdb now if it is imported, else when it is."""
    module = sys.modules.get("pdb")
    if module is not None and hasattr(module, "Pdb"):
        patch(module)
    elif _WATCHER not in sys.meta_path:
        sys.meta_path.insert(0, _WATCHER)
