"""Compile one coroutine function: the passes in order.

    analyze -> check -> lower (desugar + spill) -> number states -> hoist -> emit

Each pass is a function of the previous pass's result; `Stages` keeps every
intermediate result so `movenext inspect --stage` can show them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import libcst as cst

from . import ir, names
from .emit import Emitter, FunctionPlan
from .genexps import extract_async_genexps
from .hoist import variables_to_hoist
from .lower import LoweringContext, Lowerer, Unsupported
from .rewrite import RewriteContext
from .states import number_states
from .symbols import Kind, Scope, analyze
from .syntax import IdentityMap

_EMPTY = cst.Module([])

# Calls that read or write the frame's locals, which a state machine keeps in
# fields instead: refused (they would silently see the wrong variables).
_FRAME_LOCALS_CALLS = {"locals": 0, "vars": 0, "dir": 0, "eval": 1, "exec": 1}


@dataclass
class FunctionEnvironment:
    """What the module driver knows about where a function stands."""

    fresh: names.Fresh  # module-wide: machine classes, receivers
    runtime: str
    line_of: dict  # id(node) -> line, for nodes of the original module
    line: int  # line of the `def`
    qualname: str
    enclosing_class: str | None  # name of the class the def is directly in (super())
    mangling_class: str | None  # innermost class around the def (private names)
    async_depth: int  # enclosing async functions being compiled
    # Source lines of generated statements, by id: filled when nested
    # functions are spliced in, read when their code is emitted again.
    line_maps: IdentityMap = field(default_factory=IdentityMap)
    exact_lines: bool = False  # map every generated line (the import hook needs it)
    keep_stages: bool = False  # also record the IR before spilling (inspect)
    # What the module's text may contain at all (cheap checks that spare
    # whole-function searches): "async for" (async comprehensions), and
    # calls of locals/vars/dir/eval/exec.
    may_contain: frozenset = frozenset({"async for", "frame locals"})
    # For the locals of move_next() (`resume`, `result`, temporaries): avoids
    # only what the user spelled in the outermost function around this one,
    # the only code that could see them. None: the module-wide allocator.
    local_fresh: names.Fresh | None = None


@dataclass
class Stages:
    """Every intermediate result, for `inspect --stage` and tests."""

    scope: Scope | None = None
    lowered: list[ir.Node] = field(default_factory=list)
    hoisted: dict[str, str] = field(default_factory=dict)
    sites: list[ir.Await] = field(default_factory=list)
    live_at: dict = field(default_factory=dict)  # id(site) -> variables live across it
    temps: list[str] = field(default_factory=list)
    desugared: list[ir.Node] = field(default_factory=list)  # before spilling (for --stage)
    # (source line, what it waits for, live user variables) of each state.
    state_table: list[tuple[int, str, list[str]]] = field(default_factory=list)


@dataclass
class CompiledFunction:
    machine_text: str  # the state-machine class (statements at scope level)
    stub_text: str  # the decorated stub function
    machine_name: str
    stages: Stages
    machine_lines: list[int]  # source line of each line of machine_text
    stub_lines: list[int]  # source line of each line of stub_text
    qualname: str = ""
    def_line: int = 0  # the line of `async def` (after any decorators)


def compile_function(node: cst.FunctionDef, env: FunctionEnvironment) -> CompiledFunction:
    stages = Stages()
    node = _extract_async_genexps(node, env)
    line = env.line
    if node.decorators:
        line = env.line_of.get(id(node.name), line) or line
    table = analyze(cst.Module([node]))
    scope = table.scope_for(node)
    stages.scope = scope
    _refuse_unsupported(node, scope, env)

    body_statements, docstring = _split_docstring(node)
    # Machine classes of nested coroutines are bound once, like a def: the
    # stubs that use them need no shared variable.
    deferred = scope.deferred_captures() - env.fresh.generated()
    lowering = Lowerer(
        LoweringContext(
            scope=scope,
            runtime=env.runtime,
            fresh=env.local_fresh or env.fresh,
            line_of=env.line_of,
            function_line=line,
            table=table,
            captured=deferred | _immediate_captures(scope),
        )
    )
    lowered = lowering.function_body(body_statements)
    stages.lowered = lowered.body
    if env.keep_stages:
        stages.desugared = _desugared_only(body_statements, lowering.context)
    sites = number_states(lowered.body)
    stages.sites = sites

    deferred |= lowering.captured_temps
    hoisted_names = variables_to_hoist(lowered.body, scope, lowered.temps, deferred, stages.live_at)
    stages.temps = list(lowered.temps)
    used_fields: set[str] = set(names.RUNTIME_FIELDS) | set(lowered.fields)
    hoisted: dict[str, str] = {}
    user_order = list(scope.params) + sorted(
        (n for n in hoisted_names if n not in scope.params), key=_order_key(lowered.temps)
    )
    for variable in user_order:
        if variable in hoisted_names and variable not in hoisted:
            hoisted[variable] = names.field_name(variable, used_fields)
    stages.hoisted = dict(hoisted)
    # Generated fields are referenced by plain names in the IR, rewritten like
    # hoisted variables.
    for generated in lowered.fields:
        hoisted[generated] = generated

    uses_super = any(s.uses_super for s in _method_code_scopes(scope))
    class_field = None
    if uses_super:
        class_field = names.field_name("defining_class", used_fields)

    # Variables that nested code shares with the body live in a holder object
    # (a `Cells` instance), as CPython keeps them in cells: a closure that
    # reached them through the machine would keep the machine alive (a
    # reference cycle, so a coroutine dropped while suspended would be
    # finalized only by the garbage collector).
    # (Also a nested coroutine's machine class that is a field: its stub and
    # code use it.)
    shared = deferred | scope.deferred_captures()
    cell_fields = frozenset(hoisted[v] for v in hoisted if v in shared)
    if class_field and any(s.uses_super for s in _method_code_scopes(scope) if s is not scope):
        cell_fields |= {class_field}
    holder_field = names.field_name("cells", used_fields) if cell_fields else None

    local_fresh = env.local_fresh or env.fresh
    depth_suffix = "" if env.async_depth == 0 else str(env.async_depth + 1)
    receiver = env.fresh.clean(names.RECEIVER + depth_suffix)
    holder = env.fresh.clean(names.HOLDER + depth_suffix) if cell_fields else None
    machine_name = env.fresh.unique(names.machine_class_base(env.qualname.replace(".<locals>", "").split(".")))
    private = any(_is_private(identifier) for identifier in table.identifiers)
    statement_name = machine_name
    if private:
        # Python mangles `__x` with the class name stripped of underscores.
        statement_name = (env.mangling_class or "").lstrip("_") or "_"

    extra_fields: list[str] = []  # allocated while emitting
    rewrite_context = RewriteContext(
        table=table,
        function=scope,
        hoisted=hoisted,
        receiver=receiver,
        runtime=env.runtime,
        class_field=class_field,
        holder=holder,
        cell_fields=cell_fields,
    )
    stages.state_table = _state_table(line, scope.params, sites, stages.live_at, hoisted, lowered)
    plan = FunctionPlan(
        name=node.name.value,
        qualname=env.qualname,
        line=line,
        machine=machine_name,
        machine_statement_name=statement_name,
        runtime=env.runtime,
        receiver=receiver,
        resume=local_fresh.clean(names.RESUME),
        sent=local_fresh.clean(names.SENT),
        thrown=local_fresh.clean(names.THROWN),
        result=local_fresh.clean(names.RESULT),
        params=list(scope.params),
        stub_header=_stub_header(node, env.line_of, line),
        docstring=docstring,
        body=lowered.body,
        sites=sites,
        hoisted=hoisted,
        user_variables=[v for v in hoisted if v not in lowered.temps and v not in lowered.fields],
        generated_fields=[hoisted[v] for v in hoisted if v in lowered.temps] + list(lowered.fields),
        rewrite=rewrite_context,
        class_field=class_field,
        name_temp=lowering.temp,
        name_field=lambda base: _new_field(lowering, used_fields, base, extra_fields),
        extra_fields=extra_fields,
        line_maps=env.line_maps,
        line_of=env.line_of if env.exact_lines else None,
        base_class="AsyncGeneratorMachine" if scope.yields else "CoroutineMachine",
        decorator="async_generator_function" if scope.yields else "coroutine_function",
        state_table=stages.state_table,
        holder_field=holder_field,
        temps=frozenset(lowered.temps),
        parameters=node.params,
    )
    machine_text, machine_lines = Emitter(plan).emit()
    if private:
        machine_text, machine_lines = _shield(machine_text, machine_lines, machine_name, statement_name, plan)
    stub_text, stub_lines = Emitter(plan).stub()
    return CompiledFunction(
        machine_text, stub_text, machine_name, stages, machine_lines, stub_lines, env.qualname, line
    )


def _state_table(line, params, sites, live_at, hoisted, lowered):
    """(line, what it waits for, live user variables) for state 0 and each site."""
    generated = set(lowered.temps) | set(lowered.fields)
    user = [name for name in hoisted if name not in generated]
    table = [(line, "start", list(params))]
    for site in sites:
        keyword = "yield" if isinstance(site, ir.Yield) else "await"
        what = f"{keyword} {' '.join(site.text.split())}".rstrip()
        live = live_at.get(id(site), set())
        table.append((site.line, what, [name for name in user if name in live]))
    return table


def _extract_async_genexps(node: cst.FunctionDef, env: FunctionEnvironment) -> cst.FunctionDef:
    """Async generator expressions become nested async generators, compiled here."""
    if "async for" not in env.may_contain:
        return node

    def new_name(base: str) -> str:
        return env.fresh.unique(base) if base.startswith("_") else env.fresh.clean(base)

    def compile_nested(definition: cst.FunctionDef, expression: cst.GeneratorExp) -> list:
        nested_env = dataclasses.replace(
            env,
            line=env.line_of.get(id(expression), env.line),
            qualname=f"{env.qualname}.<locals>.{definition.name.value}",
            enclosing_class=None,
            async_depth=env.async_depth + 1,
        )
        compiled = compile_function(definition, nested_env)
        return statements_with_lines(
            compiled.machine_text + compiled.stub_text, compiled.machine_lines + compiled.stub_lines, env.line_maps
        )

    return extract_async_genexps(node, new_name, env.runtime, env.qualname, compile_nested)


def statements_with_lines(text: str, lines: list[int], registry: IdentityMap) -> list[cst.BaseStatement]:
    """Parse generated code; remember each statement's source lines (from its
    first decorator or keyword to its end) by identity."""
    module = cst.parse_module(text)
    statements = list(module.body)
    row = len(module.header)  # lines before the first statement
    for statement in statements:
        rendered = cst.Module([statement]).code
        total = rendered.count("\n")
        leading = len(statement.leading_lines)
        registry[statement] = lines[row + leading : row + total]
        row += total
    return statements


def _desugared_only(statements, context: LoweringContext) -> list[ir.Node]:
    """The IR after desugaring but before spilling, for `inspect --stage`."""
    lowerer = Lowerer(context)
    lowerer.spiller.enabled = False
    try:
        return lowerer.function_body(statements).body
    except Unsupported:  # pragma: no cover - the real lowering already succeeded
        return []


def _new_field(lowering: Lowerer, used: set[str], base: str, extra: list[str]) -> str:
    name = lowering.field(base)
    used.add(name)
    extra.append(name)
    return name


def _order_key(temps: list[str]):
    order = {name: i for i, name in enumerate(temps)}
    return lambda name: (name in order, order.get(name, 0), name)


def _split_docstring(node: cst.FunctionDef):
    body = node.body
    statements = list(body.body)
    if statements and isinstance(statements[0], cst.SimpleStatementLine):
        first = statements[0].body
        if len(first) == 1 and isinstance(first[0], cst.Expr) and isinstance(
            first[0].value, (cst.SimpleString, cst.ConcatenatedString)
        ):
            return statements[1:], _EMPTY.code_for_node(first[0].value)
    return statements, None


def _stub_header(node: cst.FunctionDef, line_of: dict, def_line: int) -> list[tuple[str, int]]:
    """(text, source line) of each decorator, then of the `def` line itself.
    Decorators keep their own lines: the function's co_firstlineno is the
    first decorator's, as natively (inspect.getsource, coverage rely on it)."""
    header = [(f"@{_EMPTY.code_for_node(d.decorator)}", line_of.get(id(d), def_line)) for d in node.decorators]
    returns = f" -> {_EMPTY.code_for_node(node.returns.annotation)}" if node.returns is not None else ""
    header.append((f"def {node.name.value}({_EMPTY.code_for_node(node.params)}){returns}:", def_line))
    return header


def _shield(text: str, lines: list[int], machine: str, statement_name: str, plan: FunctionPlan):
    """Private names (`__x`) in the body: name the class statement after the
    user's class (or `_` outside a class) so Python mangles them as it did in
    the original; a holder class keeps that name out of the module."""
    note = (
        f"class {machine}:  # holder: the machine is named `{statement_name}` so that "
        "private names mangle as in the original"
    )
    body = ["    " + row if row else "" for row in text.rstrip("\n").split("\n")]
    rebind = f"{machine} = {machine}.{statement_name}"
    new_text = "\n".join([note, *body, rebind]) + "\n"
    return new_text, [plan.line, *lines, plan.line]


def _is_private(identifier: str) -> bool:
    return identifier.startswith("__") and not identifier.endswith("__")


def _method_code_scopes(scope: Scope):
    """The function and what is nested in it, not descending into classes."""
    yield scope
    for child in scope.children:
        if child.kind is not Kind.CLASS:
            yield from _method_code_scopes(child)


def _immediate_captures(scope: Scope) -> set[str]:
    """Locals that comprehensions or class bodies may rebind (walrus)."""
    found: set[str] = set()
    for child in scope.children:
        for inner in child.walk():
            for name in inner.bound:
                if inner.resolve(name) is scope:
                    found.add(name)
    return found


def _refuse_unsupported(node: cst.FunctionDef, scope: Scope, env: FunctionEnvironment) -> None:
    if node.type_parameters is not None:
        raise Unsupported(node, "generic async function (PEP 695 type parameters)")
    uses_super = any(s.uses_super for s in _method_code_scopes(scope))
    if uses_super and env.enclosing_class is None:
        raise Unsupported(node, "super() or __class__ in an async function that is not a method")
    if "frame locals" not in env.may_contain:
        return

    class FrameLocals(cst.CSTVisitor):
        def visit_Call(self, call: cst.Call) -> None:
            if isinstance(call.func, cst.Name) and call.func.value in _FRAME_LOCALS_CALLS:
                name = call.func.value
                if len(call.args) <= _FRAME_LOCALS_CALLS[name] and scope.resolve(name) is None:
                    raise Unsupported(
                        call,
                        f"{name}() without explicit namespaces in an async function "
                        "(its local variables live in the state machine)",
                    )

        def visit_FunctionDef(self, inner) -> bool:
            return False

        def visit_Lambda(self, inner) -> bool:
            return False

        def visit_ClassDef(self, inner) -> bool:
            return False

    node.body.visit(FrameLocals())
