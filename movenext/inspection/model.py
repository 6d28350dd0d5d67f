"""What `movenext inspect` knows about a file: a view of the compiled module.

`inspect_source()` compiles the file exactly as `movenext transpile` does (the
code shown is the code that runs) and collects, for each async function, its
state-machine class and stub in that output, its states (source line, what
each waits for, the variables saved there, where the generated code resumes)
and its state graph; for the whole module, the source line of every generated
line. Every renderer (terminal, JSON, DOT/Mermaid, HTML page) reads this.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass, field

from .. import __version__
from ..compiler.function import CompiledFunction
from ..compiler.module import compile_module
from ..errors import Diagnostic
from . import locate
from .alignment import formatted_line_map
from .flow import Edge, state_graph

SCHEMA = "movenext.inspect/1"


@dataclass
class StateView:
    number: int
    line: int  # source line
    kind: str  # "start", "await" or "yield"
    expression: str  # what it waits for ("" for the start)
    saved: list[str]  # the function's variables live across this suspension
    inside: list[str]  # source constructs the state is in, outermost first
    generated: tuple[int, int] | None  # lines of the generated module (inclusive)
    resume_line: int | None  # generated line where move_next() continues


@dataclass
class FunctionView:
    qualname: str
    kind: str  # "coroutine" or "async generator"
    source_range: tuple[int, int]  # first decorator .. last line
    machine_class: str = ""
    machine_range: tuple[int, int] | None = None  # in the generated module
    stub_range: tuple[int, int] | None = None
    fields: list[str] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)  # field -> variable
    states: list[StateView] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    refused: str | None = None  # why it was left native
    compiled: CompiledFunction | None = None

    @property
    def is_compiled(self) -> bool:
        return self.refused is None


@dataclass
class ModuleView:
    path: str
    source: str
    generated: str
    line_map: list[int]  # source line of each generated line (0: generated only)
    functions: list[FunctionView]

    located: list[locate.AsyncFunction] = field(default_factory=list)

    def function(self, qualname: str) -> FunctionView:
        """The function named `qualname` (see locate.find), or UnknownFunction."""
        found = locate.find(self.located, qualname, self.path)
        return next(f for f in self.functions if (f.qualname, f.source_range[0]) == (found.qualname, found.first_line))

    def text_of(self, lines: tuple[int, int]) -> str:
        """Generated lines first..last, dedented (a nested machine is indented)."""
        first, last = lines
        rows = self.generated.splitlines()[first - 1 : last]
        return textwrap.dedent("\n".join(rows) + "\n")

    def code_of(self, function: FunctionView) -> tuple[str, list[int]]:
        """The machine class and stub of `function`, one blank line apart,
        and the generated line number of each line (0 for the blank)."""
        text: list[str] = []
        numbers: list[int] = []
        for part in (function.machine_range, function.stub_range):
            if part is None:
                continue
            if text:
                text.append("")
                numbers.append(0)
            text.extend(self.text_of(part).splitlines())
            numbers.extend(range(part[0], part[1] + 1))
        return "\n".join(text) + "\n", numbers


def inspect_source(source: str, path: str) -> ModuleView:
    """Compile `source` as `movenext transpile` would and describe the result.
    Raises CompileError for source CPython rejects."""
    result = compile_module(source, path, keep_refused=True, keep_stages=True)
    plain = compile_module(source, path, format=False, line_map=True, keep_refused=True)
    line_map = formatted_line_map(result.code, plain.code, plain.line_map or [])
    source_tree = ast.parse(source)
    generated_tree = ast.parse(result.code)
    located = locate.async_functions(source_tree)
    refusals = _refusals_by_function(located, result.refused)
    compiled_at = {(f.qualname, f.def_line): f for f in result.functions}
    functions = []
    for entry in located:
        view = FunctionView(entry.qualname, entry.kind, (entry.first_line, entry.last_line))
        compiled = compiled_at.get((entry.qualname, entry.def_line))
        if compiled is None:
            view.refused = refusals.get(entry.first_line, "left native")
        else:
            _describe_compiled(view, compiled, generated_tree, result.code, source_tree, entry, source)
        functions.append(view)
    return ModuleView(path, source, result.code, line_map, functions, located)


def _refusals_by_function(located, diagnostics: list[Diagnostic]) -> dict[int, str]:
    """The refusal message of each function left native (innermost match),
    by the function's first line."""
    found: dict[int, str] = {}
    for diagnostic in diagnostics:
        around = [f for f in located if f.first_line <= diagnostic.line <= f.last_line]
        if around:
            innermost = max(around, key=lambda f: f.first_line)
            found.setdefault(innermost.first_line, f"{diagnostic.line}:{diagnostic.column}: {diagnostic.message}")
    return found


def _describe_compiled(view, compiled, generated_tree, generated, source_tree, entry, source) -> None:
    view.compiled = compiled
    view.machine_class = compiled.machine_name
    machine = _find_class(generated_tree, compiled.machine_name)
    stub = _find_stub(generated_tree, compiled.machine_name)
    if machine is not None:
        view.machine_range = (machine.lineno, machine.end_lineno)
        view.fields = _literal_assignment(machine, "__slots__") or []
        view.variables = _literal_assignment(machine, "local_variables") or {}
    if stub is not None:
        first = min([stub.lineno, *(d.lineno for d in stub.decorator_list)])
        view.stub_range = (first, stub.end_lineno)
    markers = _state_markers(machine, generated) if machine is not None else {}
    function_node = _source_function(source_tree, entry.def_line)
    for number, (line, what, live) in enumerate(compiled.stages.state_table):
        kind, _, expression = what.partition(" ")
        if number == 0:
            kind, expression = "start", ""
        generated_range, resume_line = markers.get(number, (None, None))
        if number == 0 and view.machine_range is not None:
            resume_line = _move_next_line(machine)
        inside = _enclosing_constructs(function_node, line, source) if number and function_node else []
        view.states.append(StateView(number, line, kind, expression, list(live), inside, generated_range, resume_line))
    view.edges = state_graph(compiled.stages.lowered)


# -- finding things in the generated module ------------------------------------


def _find_class(tree: ast.AST, name: str) -> ast.ClassDef | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == name:
            return node
    return None


def _find_stub(tree: ast.AST, machine: str) -> ast.FunctionDef | None:
    """The def decorated with `@<runtime>.coroutine_function(machine)` (or
    `(this.machine)`: a nested machine class kept in a field of the
    enclosing machine, because the stub may run after a suspension)."""

    def names_machine(node: ast.expr) -> bool:
        if isinstance(node, ast.Name):
            return node.id == machine
        return isinstance(node, ast.Attribute) and node.attr == machine

    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and decorator.args and names_machine(decorator.args[0]):
                    return node
    return None


def _literal_assignment(machine: ast.ClassDef, name: str):
    for node in ast.walk(machine):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                return None
            return list(value) if isinstance(value, tuple) else value
    return None


def _move_next(machine: ast.ClassDef) -> ast.FunctionDef | None:
    for node in ast.walk(machine):
        if isinstance(node, ast.FunctionDef) and node.name == "move_next":
            return node
    return None


def _move_next_line(machine: ast.ClassDef) -> int | None:
    method = _move_next(machine)
    return method.lineno if method is not None else None


_STATE_COMMENT = re.compile(r"^\s*# State (\d+)\. Line \d+: ")


def _state_markers(machine: ast.ClassDef, generated: str) -> dict[int, tuple]:
    """state -> ((first, last) generated lines of its await or yield, the line
    where move_next() resumes it), read from the `# State k.` comments."""
    method = _move_next(machine)
    if method is None:
        return {}
    nested = [
        (node.lineno, node.end_lineno)
        for node in ast.walk(method)
        if isinstance(node, ast.ClassDef)  # machines of nested coroutines
    ]
    rows = generated.splitlines()
    found: dict[int, tuple] = {}
    row = method.lineno
    while row <= method.end_lineno:
        inside_nested = next((last for first, last in nested if first <= row <= last), None)
        if inside_nested is not None:
            row = inside_nested + 1
            continue
        match = _STATE_COMMENT.match(rows[row - 1])
        if match:
            state = int(match.group(1))
            found[state] = _state_extent(rows, row, state, method.end_lineno)
        row += 1
    return found


def _state_extent(rows: list[str], start: int, state: int, limit: int) -> tuple:
    """From the `# State k.` comment to the `return` that suspends."""
    resume = None
    stored = False
    for row in range(start + 1, limit + 1):
        text = rows[row - 1].strip()
        if resume is None and text.endswith(f"== {state}:"):
            resume = row
        if re.fullmatch(rf"\w+\.state = {state}", text):
            stored = True
        elif stored and text.startswith("return"):
            return (start, row), resume
    return (start, start), resume


# -- the source side -------------------------------------------------------------


def _source_function(tree: ast.Module, def_line: int) -> ast.AsyncFunctionDef | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.AsyncFunctionDef) and node.lineno == def_line:
            return node
    return None


_NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def _enclosing_constructs(function: ast.AsyncFunctionDef, line: int, source: str) -> list[str]:
    """The compound statements of `function` around `line`, outermost first,
    each as `<header> (line N)`: the way move_next() descends to resume."""
    found: list[str] = []
    rows = source.splitlines()
    block = function.body
    while True:
        statement = next((s for s in block if s.lineno <= line <= (s.end_lineno or s.lineno)), None)
        if statement is None or isinstance(statement, _NESTED_SCOPES):
            return found
        parts = _parts(statement)
        if not parts:
            return found
        header_only = statement.lineno == line and not isinstance(statement, (ast.AsyncFor, ast.AsyncWith))
        part = next(((label, body) for label, body in parts if body and body[0].lineno <= line <= _end(body)), None)
        if part is None:
            if not header_only:
                found.append(f"{_header(statement)} (line {statement.lineno})")
            return found
        label, body = part
        found.append(f"{label} (line {_first_line(statement, label, body, rows)})")
        block = body


def _end(body: list[ast.stmt]) -> int:
    return body[-1].end_lineno or body[-1].lineno


def _first_line(statement: ast.stmt, label: str, body: list[ast.stmt], rows: list[str]) -> int:
    """The line of the keyword that opens `body` (`else:` and `finally:` have
    no position in the ast: look for the keyword above the block)."""
    if label in ("else", "finally"):
        for row in range(body[0].lineno, statement.lineno, -1):
            if rows[row - 1].lstrip().startswith(label):
                return row
        return statement.lineno
    for handler in getattr(statement, "handlers", []):
        if handler.body is body:
            return handler.lineno
    for case in getattr(statement, "cases", []):
        if case.body is body:
            return case.pattern.lineno
    return statement.lineno


def _parts(statement: ast.stmt) -> list[tuple[str, list]]:
    """(label, statements) of each block of a compound statement."""
    header = _header(statement)
    if isinstance(statement, (ast.For, ast.AsyncFor, ast.While)):
        return [(header, statement.body), ("else", statement.orelse)]
    if isinstance(statement, ast.If):
        return [(header, statement.body), ("else", statement.orelse)]
    if isinstance(statement, (ast.With, ast.AsyncWith)):
        return [(header, statement.body)]
    if isinstance(statement, (ast.Try, getattr(ast, "TryStar", ast.Try))):
        star = "*" if type(statement).__name__ == "TryStar" else ""
        parts = [("try", statement.body)]
        for handler in statement.handlers:
            kind = f" {ast.unparse(handler.type)}" if handler.type is not None else ""
            name = f" as {handler.name}" if handler.name else ""
            parts.append((f"except{star}{kind}{name}", handler.body))
        return parts + [("else", statement.orelse), ("finally", statement.finalbody)]
    if isinstance(statement, ast.Match):
        return [(f"case {ast.unparse(case.pattern)}", case.body) for case in statement.cases]
    return []


def _header(statement: ast.stmt) -> str:
    def short(node: ast.AST) -> str:
        text = ast.unparse(node)
        return text if len(text) <= 40 else text[:37] + "..."

    if isinstance(statement, (ast.For, ast.AsyncFor)):
        keyword = "async for" if isinstance(statement, ast.AsyncFor) else "for"
        return f"{keyword} {short(statement.target)} in {short(statement.iter)}"
    if isinstance(statement, ast.While):
        return f"while {short(statement.test)}"
    if isinstance(statement, ast.If):
        return f"if {short(statement.test)}"
    if isinstance(statement, (ast.With, ast.AsyncWith)):
        keyword = "async with" if isinstance(statement, ast.AsyncWith) else "with"
        return f"{keyword} {', '.join(short(item) for item in statement.items)}"
    if isinstance(statement, ast.Match):
        return f"match {short(statement.subject)}"
    return type(statement).__name__.lower()


def to_json(module: ModuleView, only: FunctionView | None = None) -> dict:
    """The documented JSON form (docs/inspect-json.md), schema `movenext.inspect/1`."""
    functions = [only] if only is not None else module.functions
    return {
        "schema": SCHEMA,
        "movenext": __version__,
        "file": module.path,
        "source": module.source,
        "generated": module.generated,
        "line_map": module.line_map,
        "functions": [_function_json(f) for f in functions],
    }


def _range(pair):
    return None if pair is None else {"first": pair[0], "last": pair[1]}


def _function_json(function: FunctionView) -> dict:
    data = {
        "qualname": function.qualname,
        "kind": function.kind,
        "source_range": _range(function.source_range),
        "compiled": function.is_compiled,
    }
    if not function.is_compiled:
        data["refused"] = function.refused
        return data
    data.update(
        machine_class=function.machine_class,
        machine_range=_range(function.machine_range),
        stub_range=_range(function.stub_range),
        fields=function.fields,
        variables=function.variables,
        states=[
            {
                "state": s.number,
                "line": s.line,
                "kind": s.kind,
                "expression": s.expression,
                "saved": s.saved,
                "inside": s.inside,
                "generated_range": _range(s.generated),
                "resume_line": s.resume_line,
            }
            for s in function.states
        ],
        edges=[{"from": e.source, "to": e.target, "kind": e.kind} for e in function.edges],
    )
    return data
