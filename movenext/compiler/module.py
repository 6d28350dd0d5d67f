"""Compile a module: find every `async def`, compile it, splice the result in.

Functions are compiled innermost first (libcst's `leave_` order), so an outer
coroutine sees the classes and stubs of the coroutines nested in it as plain
code. Each function is replaced by its stub; its state-machine class goes just
before it, or, for a method, just before the outermost class statement that
contains it (a class body is not a scope its methods can see, and a machine
class inside it would become a class attribute).

Untouched code is reproduced byte for byte by libcst. Generated code is
formatted with black when `format=True` (for people; the import hook skips it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from ..errors import CompileError, Diagnostic
from . import names
from .function import CompiledFunction, FunctionEnvironment, compile_function, statements_with_lines
from .linemaps import module_lines
from .lower import Unsupported
from .syntax import IdentityMap
from .validate import check_syntax


@dataclass
class ModuleResult:
    code: str
    functions: dict[str, CompiledFunction] = field(default_factory=dict)  # by qualname
    refused: list[Diagnostic] = field(default_factory=list)  # left native (keep_refused)
    # Source line of each line of `code` (0: none), and whether the line is
    # the user's own text unchanged (its columns are right too).
    line_map: list[int] | None = None
    verbatim: list[bool] | None = None


def compile_module(
    source: str,
    filename: str = "<string>",
    *,
    format: bool = True,
    keep_refused: bool = False,
    line_map: bool = False,
    keep_stages: bool = False,
) -> ModuleResult:
    """Compile every async function of `source`.

    `format`: black the generated code (for people; positions are then lost).
    `keep_refused`: leave functions movenext refuses as they are (native)
    instead of failing; they are listed in `refused`.
    `line_map`: compute where each output line came from (needs format=False).
    `keep_stages`: also record the IR before spilling (for `inspect --stage`).
    """
    diagnostics = check_syntax(source, filename)
    if diagnostics:
        raise CompileError(diagnostics)
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as error:  # CPython accepted it: a libcst gap
        raise CompileError(
            [Diagnostic(filename, error.raw_line, error.raw_column + 1, f"cannot parse: {error.message}")]
        ) from None
    if not _has_async_function(source):
        return _unchanged(source, line_map)
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    line_of = {id(node): position.start.line for node, position in positions.items()}
    column_of = {id(node): position.start.column + 1 for node, position in positions.items()}
    fresh = names.Fresh(_identifiers(source))
    runtime = fresh.clean(names.RUNTIME)
    splicer = _Splicer(filename, fresh, runtime, line_of, column_of, format)
    splicer.keep_refused = keep_refused
    splicer.exact_lines = line_map and not format
    splicer.keep_stages = keep_stages
    new_module = module.visit(splicer)
    if splicer.diagnostics and not keep_refused:
        raise CompileError(splicer.diagnostics)
    if not splicer.functions:
        result = _unchanged(source, line_map)
        result.refused = splicer.diagnostics
        return result
    new_module = _add_runtime_import(new_module, runtime)
    code = new_module.code
    _check_compiles(code, filename)
    result = ModuleResult(code, splicer.functions, splicer.diagnostics)
    if line_map and not format:
        result.line_map, result.verbatim = _line_map(new_module, code, line_of, splicer)
    return result


def _unchanged(source: str, line_map: bool) -> ModuleResult:
    result = ModuleResult(source)
    if line_map:
        count = len(source.splitlines())
        result.line_map = list(range(1, count + 1))
        result.verbatim = [True] * count
    return result


def _line_map(module: cst.Module, code: str, line_of: dict, splicer: "_Splicer"):
    return module_lines(module, line_of, splicer.origins, splicer.line_maps)


def _has_async_function(source: str) -> bool:
    return "async" in source


def _identifiers(source: str) -> set[str]:
    """Every identifier spelled in the source (names, attributes, keywords)."""
    import io
    import tokenize

    found: set[str] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME:
            found.add(token.string)
    return found


class _Splicer(cst.CSTTransformer):
    """Replaces async functions, leaving every untouched node *as it was*
    (libcst would rebuild them), so their source positions can be looked up."""

    def __init__(self, filename, fresh, runtime, line_of, column_of, format_code) -> None:
        super().__init__()
        self.filename = filename
        self.fresh = fresh
        self.runtime = runtime
        self.line_of = line_of
        self.column_of = column_of
        self.format_code = format_code
        self.diagnostics: list[Diagnostic] = []
        self.functions: dict[str, CompiledFunction] = {}
        # One frame per enclosing def/class: [kind, name, is_async, machines]
        self.frames: list[list] = []
        self.changed: list[bool] = [False]
        self.line_maps = IdentityMap()  # generated statement -> source lines
        self.origins = IdentityMap()  # changed node -> the original
        self.keep_refused = False  # leave functions native on refusal and internal errors
        self.exact_lines = False
        self.keep_stages = False

    # -- identity-preserving traversal ------------------------------------------

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.changed.append(False)
        if isinstance(node, cst.ClassDef):
            self.frames.append(["class", node.name.value, False, []])
        elif isinstance(node, cst.FunctionDef):
            self.frames.append(["function", node.name.value, node.asynchronous is not None, []])
        return True

    def on_leave(self, original: cst.CSTNode, updated: cst.CSTNode):
        changed = self.changed.pop()
        result = updated if changed else original
        if changed:
            self.origins[updated] = original
        if isinstance(original, cst.ClassDef):
            result = self._leave_class(result)
        elif isinstance(original, cst.FunctionDef):
            result = self._leave_function(original, result)
        if result is not original:
            self.changed[-1] = True
        return result

    # -- qualified names -------------------------------------------------------

    def _qualname(self, name: str) -> str:
        parts = []
        for kind, frame_name, _is_async, _machines in self.frames:
            parts.append(frame_name)
            if kind == "function":
                parts.append("<locals>")
        return ".".join(parts + [name])

    def _leave_class(self, node: cst.ClassDef):
        _kind, _name, _is_async, machines = self.frames.pop()
        if not machines:
            return node
        if self.frames and self.frames[-1][0] == "class":
            self.frames[-1][3].extend(machines)  # keep moving out of class bodies
            return node
        return cst.FlattenSentinel([*machines, node])

    def _leave_function(self, original: cst.FunctionDef, node: cst.FunctionDef):
        self.frames.pop()
        if original.asynchronous is None:
            return node
        qualname = self._qualname(original.name.value)
        in_class = bool(self.frames) and self.frames[-1][0] == "class"
        env = FunctionEnvironment(
            fresh=self.fresh,
            runtime=self.runtime,
            line_of=self.line_of,
            line=self.line_of.get(id(original), 0),
            qualname=qualname,
            line_maps=self.line_maps,
            exact_lines=self.exact_lines,
            keep_stages=self.keep_stages,
            enclosing_class=self.frames[-1][1] if in_class else None,
            mangling_class=next((f[1] for f in reversed(self.frames) if f[0] == "class"), None),
            async_depth=sum(1 for frame in self.frames if frame[2]),
        )
        try:
            compiled = compile_function(node, env)
        except Unsupported as refusal:
            self.diagnostics.append(self._refusal(refusal, original))
            return node
        except Exception as error:  # a movenext bug
            if not self.keep_refused:
                raise
            line = self.line_of.get(id(original), 1)
            self.diagnostics.append(
                Diagnostic(self.filename, line, 1, f"internal error, left native: {type(error).__name__}: {error}")
            )
            return node
        self.functions[qualname] = compiled
        top_level = not self.frames
        machine = self._statements(compiled.machine_text, compiled.machine_lines, 2 if top_level or in_class else 1)
        stub = self._statements(compiled.stub_text, compiled.stub_lines, 2 if top_level else 1)
        stub[0] = self._relead(stub[0], original.leading_lines)
        if in_class:
            self.frames[-1][3].extend(machine)
            return cst.FlattenSentinel(stub)
        machine[0] = self._relead(machine[0], original.leading_lines)
        stub[0] = self._relead(stub[0], [cst.EmptyLine()] * (2 if top_level else 1))
        return cst.FlattenSentinel([*machine, *stub])

    def _statements(self, text: str, lines: list[int], blank_lines: int) -> list[cst.BaseStatement]:
        if self.format_code:
            statements = list(cst.parse_module(_format(text)).body)
        else:
            statements = statements_with_lines(text, lines, self.line_maps)
        spacing = [cst.EmptyLine()] * blank_lines
        return [self._relead(statement, spacing) for statement in statements]

    def _relead(self, statement, leading_lines):
        """`statement` with other blank lines before it (same line map)."""
        new = statement.with_changes(leading_lines=leading_lines)
        if statement in self.line_maps:
            self.line_maps[new] = self.line_maps.get(statement)
        return new

    def _refusal(self, refusal: Unsupported, function: cst.FunctionDef) -> Diagnostic:
        node_id = id(refusal.node)
        line = self.line_of.get(node_id) or self.line_of.get(id(function), 1)
        column = self.column_of.get(node_id) or self.column_of.get(id(function), 1)
        return Diagnostic(self.filename, line, column, f"movenext cannot compile {refusal.what}")


def _format(text: str) -> str:
    import black

    try:
        return black.format_str(text, mode=black.Mode())
    except Exception:  # black refuses something: keep our own layout
        return text


def _add_runtime_import(module: cst.Module, runtime: str) -> cst.Module:
    """`import movenext.runtime as _movenext`, after the docstring and any
    `from __future__` imports (which must come first)."""
    body = list(module.body)
    position = 0
    for index, statement in enumerate(body):
        if isinstance(statement, cst.SimpleStatementLine) and statement.body:
            small = statement.body[0]
            if index == 0 and isinstance(small, cst.Expr) and isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString)):
                position = index + 1
                continue
            if isinstance(small, cst.ImportFrom) and _is_future(small):
                position = index + 1
                continue
        break
    statement = cst.parse_statement(f"import movenext.runtime as {runtime}\n")
    body.insert(position, statement)
    return module.with_changes(body=body)


def _is_future(node: cst.ImportFrom) -> bool:
    return isinstance(node.module, cst.Name) and node.module.value == "__future__"


def _check_compiles(code: str, filename: str) -> None:
    from ..errors import InternalCompilerError

    try:
        compile(code, filename, "exec", dont_inherit=True)
    except SyntaxError as error:
        raise InternalCompilerError(
            f"generated code does not compile: {error.msg} at line {error.lineno}\n"
            + "\n".join(f"{i + 1:5} {row}" for i, row in enumerate(code.splitlines()))
        ) from error
