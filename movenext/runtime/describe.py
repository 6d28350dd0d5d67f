"""`describe(coro)`: where a compiled coroutine or async generator stands.

A native coroutine hides its position in `cr_frame`; a state machine keeps it
in plain fields. `describe()` reads them: the state number, the source file
and line of that state, the expression it waits for, the values of the local
variables live there, and, following `awaiter`, the chain of coroutines it is
awaiting down to the future or other object at the bottom.

    >>> print(describe(task))          # an asyncio.Task, a trio task, a coroutine
    Crawler.fetch (coroutine), suspended in state 1
      crawler.py:42: await self.get(url)
      self = <Crawler ...>
      url = 'https://example.org'
      awaiting Crawler.get (coroutine), suspended in state 2
        ...
"""

from __future__ import annotations

import reprlib
import types
from dataclasses import dataclass, field

from .asyncgen import AsyncGeneratorMachine, _AwaitableBase
from .coroutine import CoroutineMachine, CoroutineWrapper
from . import variables
from .states import CREATED, DONE, RUNNING

_UNBOUND = object()
_short_repr = reprlib.Repr()
_short_repr.maxstring = 60
_short_repr.maxother = 60


@dataclass
class Description:
    """One coroutine (or async generator) in a chain of awaits."""

    function: str  # qualified name
    kind: str  # "coroutine", "async generator", "native coroutine", ...
    status: str  # "created", "running", "suspended", "finished"
    state: int | None  # the machine's state (None for native objects)
    file: str | None
    line: int | None
    waiting_for: str  # "await <expr>", "yield <expr>", "start", or ""
    variables: dict[str, object] = field(default_factory=dict)  # live locals by name
    awaiting: Description | None = None  # what it is awaiting, if a coroutine
    awaiting_object: object = None  # the object at the bottom of the chain

    def chain(self) -> list[Description]:
        """This description and those of everything it awaits, outermost first."""
        found = [self]
        while found[-1].awaiting is not None:
            found.append(found[-1].awaiting)
        return found

    def __str__(self) -> str:
        rows: list[str] = []
        for depth, link in enumerate(self.chain()):
            indent = "  " * depth
            where = f" in state {link.state}" if link.state is not None and link.status == "suspended" else ""
            prefix = "awaiting " if depth else ""
            rows.append(f"{indent}{prefix}{link.function} ({link.kind}), {link.status}{where}")
            if link.file is not None and link.line is not None:
                what = f": {link.waiting_for}" if link.waiting_for else ""
                rows.append(f"{indent}  {link.file}:{link.line}{what}")
            for name, value in link.variables.items():
                rows.append(f"{indent}  {name} = {_short_repr.repr(value)}")
            if link.awaiting is None and link.awaiting_object is not None:
                rows.append(f"{indent}  awaiting {_short_repr.repr(link.awaiting_object)}")
        return "\n".join(rows)


def describe(target) -> Description:
    """Describe a compiled coroutine or async generator, or a task running
    one (asyncio `Task.get_coro()`, trio `Task.coro`). Native coroutines in
    the chain are described from their frames."""
    subject = _unwrap(target)
    if isinstance(subject, (CoroutineMachine, AsyncGeneratorMachine)):
        description = _describe_machine(subject)
    elif isinstance(subject, (types.CoroutineType, types.AsyncGeneratorType, types.GeneratorType)):
        description = _describe_native(subject)
    else:
        raise TypeError(f"describe() needs a coroutine, an async generator or a task, not {type(target).__name__}")
    bottom = description.chain()[-1]
    waiter = getattr(target, "_fut_waiter", None)
    if waiter is not None and bottom.status == "suspended":
        # asyncio's C future iterator hides its future; the task knows it.
        bottom.awaiting_object = waiter
    return description


def _unwrap(target):
    """The coroutine inside a wrapper or a task (or the target itself)."""
    if isinstance(target, (CoroutineMachine, AsyncGeneratorMachine)):
        return target
    if isinstance(target, CoroutineWrapper):
        return target._coroutine
    if isinstance(target, _AwaitableBase):  # asend()/athrow() of a compiled generator
        return target._generator
    get_coro = getattr(target, "get_coro", None)  # asyncio.Task
    if callable(get_coro):
        return get_coro()
    return getattr(target, "coro", target)  # trio.lowlevel.Task


def _describe_machine(machine) -> Description:
    cls = type(machine)
    function = cls.function
    code = getattr(function, "__code__", None)
    state = object.__getattribute__(machine, "state")
    table = getattr(cls, "state_table", ())
    kind = "async generator" if isinstance(machine, AsyncGeneratorMachine) else "coroutine"
    status = {CREATED: "created", RUNNING: "running", DONE: "finished"}.get(state, "suspended")
    description = Description(
        function=getattr(function, "__qualname__", cls.__qualname__),
        kind=kind,
        status=status,
        state=state,
        file=code.co_filename if code is not None else None,
        line=None,
        waiting_for="",
    )
    if status in ("created", "suspended") and 0 <= state < len(table):
        line, what, live = table[state]
        description.line = line
        description.waiting_for = what
        description.variables = _live_values(machine, live)
    if status == "suspended":
        awaiter = _field(machine, "awaiter")
        driver = _field(machine, "_driver")
        if driver is not _UNBOUND and driver is not None:
            awaiter = driver.cr_await  # a handed-over await (driving.py)
        if awaiter is not _UNBOUND and awaiter is not None:
            _follow(description, awaiter)
    return description


def _live_values(machine, live: tuple[str, ...]) -> dict[str, object]:
    field_of = {name: field_name for field_name, name in type(machine).local_variables.items()}
    values: dict[str, object] = {}
    for name in live:
        value = _field(machine, field_of.get(name, name))
        if value is not _UNBOUND:
            values[name] = value
    return values


def _field(machine, name: str):
    try:
        return variables.read(machine, name)
    except AttributeError:
        return _UNBOUND


def _follow(description: Description, awaiter) -> None:
    inner = _unwrap(awaiter)
    if isinstance(inner, (CoroutineMachine, AsyncGeneratorMachine)):
        description.awaiting = _describe_machine(inner)
    elif isinstance(inner, (types.CoroutineType, types.GeneratorType)):
        description.awaiting = _describe_native(inner)
    else:
        description.awaiting_object = inner


def _describe_native(subject) -> Description:
    if isinstance(subject, types.CoroutineType):
        kind, prefix, awaited = "native coroutine", "cr", subject.cr_await
    elif isinstance(subject, types.AsyncGeneratorType):
        kind, prefix, awaited = "native async generator", "ag", subject.ag_await
    else:
        kind, prefix, awaited = "generator", "gi", subject.gi_yieldfrom
    frame = getattr(subject, prefix + "_frame")
    running = getattr(subject, prefix + "_running")
    if frame is None:
        status = "finished"
    elif running:
        status = "running"
    else:
        suspended = getattr(subject, prefix + "_suspended", None)  # no ag_suspended before 3.12
        status = "suspended" if (suspended if suspended is not None else frame.f_lasti > 0) else "created"
    description = Description(
        function=subject.__qualname__,
        kind=kind,
        status=status,
        state=None,
        file=frame.f_code.co_filename if frame is not None else None,
        line=frame.f_lineno if frame is not None else None,
        waiting_for="",
        variables=dict(frame.f_locals) if frame is not None and not running else {},
    )
    if awaited is not None:
        _follow(description, awaited)
    return description
