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
    live_states: dict[str, list[int]] = {}
    for site in stages.sites:
        for name in stages.live_at.get(id(site), ()):
            live_states.setdefault(name, []).append(site.state)
    temps = set(stages.temps)
    rows = [("variable", "kept in", "why")]
    names = [*scope.params, *sorted(scope.local_names - set(scope.params)), *stages.temps]
    for name in dict.fromkeys(names):
        field = stages.hoisted.get(name)
        states = sorted(live_states.get(name, ()))
        if states:
            why = f"live across state{'s' if len(states) > 1 else ''} {', '.join(map(str, states))}"
        elif name in scope.params:
            why = "parameter: handed from __init__ to the first move_next()"
        elif field:
            why = "used by a nested function, which may run after a suspension"
        else:
            why = "never live across a suspension"
        rows.append((f"{name} (temporary)" if name in temps else name,
                     f"field this.{field}" if field else "local of move_next", why))
    widths = [max(len(row[column]) for row in rows) for column in range(2)]
    return "".join(f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c}\n" for a, b, c in rows)
