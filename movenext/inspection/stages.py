"""`movenext inspect --stage NAME`: the function after each compiler pass.

    analysis   what the symbol analysis found (parameters, locals, captures,
               suspension points in the source)
    desugared  the IR after `lower` rewrote async for/with, awaiting finally
               blocks, awaiting conditions... but before spilling
    spilled    the IR after `spill`: every await is a statement of its own,
               operands evaluated before it kept in temporaries
    states     the same IR with the suspension points numbered: each compound
               statement knows the range of states inside it
    hoisting   which variables became fields of the machine, and why
    code       the emitted class and stub (what `inspect` shows by default)

Lines in the IR dumps start with the source line each node came from.
"""

from __future__ import annotations

from ..compiler import ir
from .model import FunctionView, ModuleView

STAGES = ("analysis", "desugared", "spilled", "states", "hoisting", "code")


def render_stage(module: ModuleView, function: FunctionView, stage: str) -> str:
    compiled = function.compiled
    assert compiled is not None
    stages = compiled.stages
    if stage == "analysis":
        return _analysis(function)
    if stage == "desugared":
        return ir.dump(stages.desugared, states=False) + "\n"
    if stage == "spilled":
        return ir.dump(stages.lowered, states=False) + "\n"
    if stage == "states":
        return ir.dump(stages.lowered) + "\n"
    if stage == "hoisting":
        return _hoisting(function)
    if stage == "code":
        return module.code_of(function)[0]
    raise ValueError(f"unknown stage {stage!r}; stages: {', '.join(STAGES)}")


def _names(names) -> str:
    return ", ".join(sorted(names)) if names else "(none)"


def _analysis(function: FunctionView) -> str:
    scope = function.compiled.stages.scope
    locals_ = scope.local_names - set(scope.params)
    free = {name for name in scope.used if scope.resolve(name) not in (scope, None)}
    rows = [
        f"{function.qualname}: {function.kind}, lines {function.source_range[0]}-{function.source_range[1]}",
        f"parameters:            {', '.join(scope.params) or '(none)'}",
        f"local variables:       {_names(locals_)}",
        f"global declarations:   {_names(scope.declared_global)}",
        f"nonlocal declarations: {_names(scope.declared_nonlocal)}",
        f"free variables:        {_names(free)}  (from enclosing functions)",
        f"used by nested scopes: {_names(scope.captured())}",
        f"awaits:                {len(scope.awaits)}",
        f"yields:                {len(scope.yields)}",
        f"async for / async with: {len(scope.async_statements)}",
        f"zero-argument super() or __class__: {'yes' if scope.uses_super else 'no'}",
        f"suspension points after lowering: {len(function.states) - 1}",
    ]
    if scope.children:
        nested = ", ".join(child.name or f"<{child.kind.name.lower()}>" for child in scope.children)
        rows.append(f"nested scopes:         {nested}")
    return "\n".join(rows) + "\n"


def _hoisting(function: FunctionView) -> str:
    stages = function.compiled.stages
    scope = stages.scope
    hoisted = stages.hoisted  # variable -> field
    live_states: dict[str, list[int]] = {}
    for state in function.states[1:]:
        for name in state.saved:
            live_states.setdefault(name, []).append(state.number)
    rows = ["variable            where                 why"]
    temps = set(stages.temps)
    names = [*scope.params, *sorted(scope.local_names - set(scope.params)), *stages.temps]
    for name in dict.fromkeys(names):
        field = hoisted.get(name)
        where = f"field this.{field}" if field else "local of move_next"
        if name in scope.params and not live_states.get(name):
            why = "parameter: handed from __init__ to the first move_next()"
        elif live_states.get(name):
            states = ", ".join(str(n) for n in live_states[name])
            why = f"live across state{'s' if len(live_states[name]) > 1 else ''} {states}"
        elif field and name in temps:
            why = "compiler temporary live across a suspension"
        elif field:
            why = "used by a nested function, which may run after a suspension"
        else:
            why = "never live across a suspension"
        label = f"{name} (temporary)" if name in temps else name
        rows.append(f"{label:<19} {where:<21} {why}")
    return "\n".join(rows) + "\n"
