"""Compile a module: find every `async def`, compile it, splice the result in.

Functions are compiled innermost first (libcst's `leave_` order), so an outer
coroutine sees the classes and stubs of the coroutines nested in it as plain
code, spliced into its syntax tree. An outermost coroutine (one not inside
another) is spliced into the module *text* instead: its lines are replaced by
the stub and its state-machine class is inserted before it -- or, for a
method, before the outermost class statement that contains it (a class body
is not a scope its methods can see, and a machine class inside it would
become a class attribute). Everything else is the user's text, byte for byte,
and needs neither regenerating nor mapping: that keeps compiling fast.

Generated code is formatted with black when `format=True` (for people; the
import hook skips it).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

import libcst as cst

from ..errors import CompileError, Diagnostic
from . import names
from .formatting import format_code
from .function import CompiledFunction, FunctionEnvironment, compile_function, statements_with_lines
from .lower import Unsupported
from .positions import start_positions
from .syntax import IdentityMap, string_continuation_rows
from .validate import check_syntax


@dataclass
class ModuleResult:
    code: str
    # In source order of completion (innermost first); several may share a
    # qualname (a redefinition, branches of an `if`).
    functions: list[CompiledFunction] = field(default_factory=list)
    refused: list[Diagnostic] = field(default_factory=list)  # left native (keep_refused)
    # Source line of each line of `code` (-1: none, see emit.NO_LINE), and
    # whether the line is the user's own text unchanged (its columns are right too).
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
    tree = ast.parse(source, filename) if "async" in source else None
    if tree is None or not _has_async_function(tree):
        return _unchanged(source, line_map)
    options = dict(format=format, keep_refused=keep_refused, line_map=line_map, keep_stages=keep_stages)
    try:
        return _compile(source, filename, tree, **options)
    except RecursionError:
        # libcst's visitors recurse once (or thrice) per nesting level: an
        # expression nested deeply enough for CPython can be too deep for
        # them at the default recursion limit. Try again on a thread with
        # room for it.
        return _with_deep_stack(lambda: _compile(source, filename, tree, **options))


def _compile(source, filename, tree, *, format, keep_refused, line_map, keep_stages) -> ModuleResult:
    identifiers = _identifiers_by_line(source)
    fresh = names.Fresh(set().union(*identifiers.values()))
    runtime = names.runtime_alias(fresh)
    splicer = _Splicer(filename, fresh, runtime, source, tree, format)
    splicer.identifiers = identifiers
    splicer.may_contain = _may_contain(source)
    splicer.import_line = _runtime_import_line(tree)
    splicer.keep_refused = keep_refused
    splicer.exact_lines = line_map and not format
    splicer.keep_stages = keep_stages
    for definition, enclosing in _outermost_async_functions(tree):
        splicer.compile_outermost(definition, enclosing)
    if splicer.diagnostics and not keep_refused:
        raise CompileError(splicer.diagnostics)
    if not splicer.functions:
        result = _unchanged(source, line_map)
        result.refused = splicer.diagnostics
        return result
    import_line = splicer.import_line
    header = f"import movenext.runtime as {runtime}\n{names.type_alias_import(runtime)}\n"
    splicer.edits.append(_Edit(import_line, 0, header, [import_line], first=True))
    code, lines, verbatim = _assemble(source, splicer.edits)
    _check_compiles(code, filename)
    result = ModuleResult(code, splicer.functions, splicer.diagnostics)
    if line_map and not format:
        result.line_map, result.verbatim = lines, verbatim
    return result


def _unchanged(source: str, line_map: bool) -> ModuleResult:
    result = ModuleResult(source)
    if line_map:
        count = len(_physical_lines(source))
        result.line_map = list(range(1, count + 1))
        result.verbatim = [True] * count
    return result


def _has_async_function(tree: ast.Module) -> bool:
    return any(isinstance(node, ast.AsyncFunctionDef) for node in ast.walk(tree))


#: Recursion limit and stack size for compiling deeply nested code.
_DEEP_RECURSION_LIMIT = 60_000
_DEEP_STACK_BYTES = 512 * 1024 * 1024


def _with_deep_stack(work):
    """Run `work()` on a fresh thread with a large stack and a high recursion
    limit (the limit is process-wide: restored afterwards)."""
    import sys
    import threading

    outcome: dict = {}

    def run() -> None:
        try:
            outcome["result"] = work()
        except BaseException as error:  # re-raised on the calling thread
            outcome["error"] = error

    previous_limit = sys.getrecursionlimit()
    previous_stack = threading.stack_size()
    threading.stack_size(_DEEP_STACK_BYTES)
    sys.setrecursionlimit(max(previous_limit, _DEEP_RECURSION_LIMIT))
    try:
        thread = threading.Thread(target=run, name="movenext-deep-compile")
        thread.start()
        thread.join()
    finally:
        threading.stack_size(previous_stack)
        sys.setrecursionlimit(previous_limit)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def _identifiers_by_line(source: str) -> dict[int, set[str]]:
    """Every identifier spelled in the source (names, attributes, keywords;
    not words in strings or comments, which generated names may reuse), by
    line. (Tokenized once: each function's own come from here too.)"""
    import io
    import tokenize

    found: dict[int, set[str]] = {}
    for token in tokenize.generate_tokens(io.StringIO(source, newline=None).readline):
        if token.type == tokenize.NAME:
            line = token.start[0]
            if line in found:
                found[line].add(token.string)
            else:
                found[line] = {token.string}
    return found


def _may_contain(source: str) -> frozenset:
    found = set()
    if re.search(r"\basync\s+for\b", source):
        found.add("async for")
    if re.search(r"\b(locals|vars|dir|eval|exec)\b", source):
        found.add("frame locals")
    return frozenset(found)


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _definitions(tree: ast.Module) -> list[ast.AST]:
    """Every def, async def and class statement in source order: the order in
    which libcst visits its FunctionDef and ClassDef nodes. (Definitions are
    statements: only statement lists need searching.)"""
    found: list[ast.AST] = []

    def visit(statements: list[ast.stmt]) -> None:
        for statement in statements:
            if isinstance(statement, _DEFINITIONS):
                found.append(statement)
            for block in _blocks(statement):
                visit(block)

    visit(tree.body)
    return found


def _blocks(statement: ast.stmt):
    """The statement lists inside `statement`, in source order (a `try`'s
    handlers come before its `else` and `finally`)."""
    for name in ("body", "handlers", "orelse", "finalbody", "cases"):
        value = getattr(statement, name, None)
        if not isinstance(value, list) or not value:
            continue
        if isinstance(value[0], (ast.ExceptHandler, ast.match_case)):
            for item in value:
                yield item.body
        elif isinstance(value[0], ast.stmt):
            yield value


def _outermost_async_functions(tree: ast.Module):
    """(async def, its enclosing class and def statements) for every async
    def not nested in another one, in source order. Only their text is
    parsed with libcst: the rest of the module is the user's, byte for byte
    (and libcst need not even be able to parse it)."""

    def visit(statements: list[ast.stmt], enclosing: tuple):
        for statement in statements:
            if isinstance(statement, ast.AsyncFunctionDef):
                yield statement, enclosing
                continue
            inner = enclosing + (statement,) if isinstance(statement, _DEFINITIONS) else enclosing
            for block in _blocks(statement):
                yield from visit(block, inner)

    yield from visit(tree.body, ())


def _nesting(definitions: list[ast.AST]) -> tuple[dict[int, int], set[int]]:
    """For each definition (by id): how many definitions are nested in it,
    and whether an async def is among them."""
    count: dict[int, int] = {}
    holding: set[int] = set()
    ends: list[tuple[int, ast.AST]] = []  # open definitions: (index, node)
    for index, definition in enumerate(definitions):
        while ends and not _inside(definition, ends[-1][1]):
            ends.pop()
        for _, outer in ends:
            count[id(outer)] = count.get(id(outer), 0) + 1
            if isinstance(definition, ast.AsyncFunctionDef):
                holding.add(id(outer))
        count.setdefault(id(definition), 0)
        ends.append((index, definition))
    return count, holding


def _inside(inner: ast.AST, outer: ast.AST) -> bool:
    return outer.lineno <= inner.lineno and inner.end_lineno <= outer.end_lineno and inner is not outer


def _first_line(definition) -> int:
    """The line of a definition's first decorator, or of its keyword."""
    return min([definition.lineno, *(d.lineno for d in definition.decorator_list)])


# -- the text of the result ------------------------------------------------------


@dataclass
class _Edit:
    """Replace source lines `line`..`line + length - 1` with `text` (insert
    it before `line` when `length` is 0). `lines`: source line of each line
    of `text` (the last value repeats)."""

    line: int
    length: int
    text: str
    lines: list[int]
    first: bool = False  # goes before the other edits at its line (the runtime import)


_NEWLINE = re.compile(r"\r\n|\r|\n")


def _physical_lines(source: str) -> list[str]:
    """The source's lines with their line endings, split where Python splits
    them (str.splitlines also splits at form feeds and other characters)."""
    rows: list[str] = []
    start = 0
    for match in _NEWLINE.finditer(source):
        rows.append(source[start : match.end()])
        start = match.end()
    if start < len(source):
        rows.append(source[start:])
    return rows


def _assemble(source: str, edits: list[_Edit]) -> tuple[str, list[int], list[bool]]:
    rows = _physical_lines(source)
    at: dict[int, list[_Edit]] = {}
    for edit in edits:
        at.setdefault(edit.line, []).append(edit)
    parts: list[str] = []
    lines: list[int] = []
    verbatim: list[bool] = []

    def add(text: str, source_lines: list[int] | None, exact: bool) -> None:
        if parts and not parts[-1].endswith(("\n", "\r")):
            parts.append("\n")  # a last source line without a line ending
        parts.append(text)
        count = len(_physical_lines(text))
        for index in range(count):
            lines.append(source_lines[min(index, len(source_lines) - 1)] if source_lines else 0)
            verbatim.append(exact)

    number = 1
    while number <= len(rows) + 1:
        skip_to = number + 1
        # Insertions first (the runtime import, then machines, in order made).
        pending = sorted(at.get(number, ()), key=lambda edit: (not edit.first, edit.length != 0))
        for edit in pending:
            add(edit.text, edit.lines, False)
            if edit.length:
                skip_to = number + edit.length
        if number <= len(rows) and not any(edit.length for edit in pending):
            add(rows[number - 1], [number], True)
        number = skip_to
    return "".join(parts), lines, verbatim


def _indent(text: str, prefix: str) -> str:
    """`text` indented by `prefix`, except rows inside multi-line strings."""
    if not prefix:
        return text
    inside = string_continuation_rows(text)
    rows = text.split("\n")
    return "\n".join(
        prefix + row if row and number not in inside else row for number, row in enumerate(rows, start=1)
    )


def _runtime_import_line(tree: ast.Module) -> int:
    """Where `import movenext.runtime` goes: after the docstring and any
    `from __future__` imports (which must come first)."""
    line = None
    for index, statement in enumerate(tree.body):
        if index == 0 and isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant) \
                and isinstance(statement.value.value, str):
            line = statement.end_lineno + 1
            continue
        if isinstance(statement, ast.ImportFrom) and statement.module == "__future__":
            line = statement.end_lineno + 1
            continue
        break
    if line is not None:
        return line
    first = tree.body[0]
    return _first_line(first) if hasattr(first, "decorator_list") else first.lineno


# -- the traversal -----------------------------------------------------------------


@dataclass
class _Frame:
    kind: str  # "class" or "function"
    name: str
    is_async: bool
    definition: ast.AST | None  # the same statement in the `ast` tree
    machines: list = field(default_factory=list)  # cst statements to move out of a class


class _Splicer(cst.CSTTransformer):
    """Compiles async functions leaving every untouched node *as it was*
    (libcst would rebuild them), so their source positions can be looked up."""

    def __init__(self, filename, fresh, runtime, source, tree, format_output) -> None:
        super().__init__()
        self.filename = filename
        self.fresh = fresh
        self.runtime = runtime
        self.rows = _physical_lines(source)
        self.definitions = _definitions(tree)
        self.index_of = {id(definition): index for index, definition in enumerate(self.definitions)}
        self.definition_index = -1
        self.nested_count, self.holding_async = _nesting(self.definitions)
        self.line_of: dict[int, int] = {}  # id(node) -> source line, inside async functions
        self.column_of: dict[int, int] = {}  # id(node) -> 1-based source column
        self._located: list = []  # the position maps behind line_of, kept alive
        self._padded: set[int] = set()  # lines where inserted machines got their blank lines
        self.format_output = format_output
        self.diagnostics: list[Diagnostic] = []
        self.functions: list[CompiledFunction] = []
        self.frames: list[_Frame] = []
        self.changed: list[bool] = [False]
        self.line_maps = IdentityMap()  # generated statement -> source lines
        self.edits: list[_Edit] = []
        self.keep_refused = False  # leave functions native on refusal and internal errors
        self.exact_lines = False
        self.keep_stages = False
        self.import_line = 1  # where the runtime import goes
        self.may_contain = frozenset({"async for", "frame locals"})
        self.local_fresh: names.Fresh | None = None  # for the outermost function being compiled
        self.identifiers: dict[int, set[str]] = {}  # line -> identifiers spelled there

    # -- one outermost async function -------------------------------------------

    def compile_outermost(self, definition: ast.AsyncFunctionDef, enclosing: tuple) -> None:
        """Parse the text of `definition` (an async def inside no other one)
        with libcst, compile it and the coroutines nested in it, and record
        the edits of the module text."""
        first = _first_line(definition)
        rows = self.rows[first - 1 : definition.end_lineno]
        # An indented def parses as the body of a dummy `if` (its rows stay
        # exactly as written: strings spanning lines keep their content).
        header = "if 1:\n" if _indentation(rows[0]) else ""
        try:
            wrapper = cst.parse_module(header + "".join(rows))
        except cst.ParserSyntaxError as error:  # CPython accepted it: a libcst gap
            line = first + _error_line(error) - 1 - (1 if header else 0)
            diagnostic = Diagnostic(
                self.filename,
                line,
                len(_indentation(self.rows[line - 1])) + 1,  # the statement, not libcst's token
                "movenext cannot compile this statement: libcst, the parser movenext uses, "
                "does not accept it (valid Python)",
            )
            if not self.keep_refused:
                raise CompileError([diagnostic]) from None
            self.diagnostics.append(diagnostic)
            return
        node = wrapper.body[0].body.body[0] if header else wrapper.body[0]
        spelled = {"if"} if header else set()
        for line in range(first, definition.end_lineno + 1):
            spelled |= self.identifiers.get(line, set())
        self.local_fresh = names.Fresh(spelled)
        self._locate(wrapper, node, definition)
        self.frames = [
            _Frame("class" if isinstance(outer, ast.ClassDef) else "function", outer.name, False, outer)
            for outer in enclosing
        ]
        self.definition_index = self.index_of[id(definition)] - 1
        node.visit(self)

    # -- identity-preserving traversal ------------------------------------------

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.changed.append(False)
        if isinstance(node, (cst.ClassDef, cst.FunctionDef)):
            self.definition_index += 1
            definition = self.definitions[self.definition_index]
            is_async = isinstance(node, cst.FunctionDef) and node.asynchronous is not None
            kind = "class" if isinstance(node, cst.ClassDef) else "function"
            self.frames.append(_Frame(kind, node.name.value, is_async, definition))
            if not is_async and id(definition) not in self.holding_async:
                # Nothing to compile in here: skip it (and the definitions in it).
                self.definition_index += self.nested_count[id(definition)]
                return False
        return True

    def on_leave(self, original: cst.CSTNode, updated: cst.CSTNode):
        changed = self.changed.pop()
        result = updated if changed else original
        if isinstance(original, cst.ClassDef):
            result = self._leave_class(result)
        elif isinstance(original, cst.FunctionDef):
            result = self._leave_function(original, result)
        if result is not original:
            self.changed[-1] = True
        return result

    def _locate(self, wrapper: cst.Module, node: cst.FunctionDef, definition) -> None:
        """Source line and column of every node of an outermost async function
        (libcst's positions in its text, moved to where the text stands)."""
        positions = start_positions(wrapper)
        # These maps are keyed by id(): keep every node they name alive, or a
        # recycled id would give a new node a stale line. (Code generation
        # makes temporary nodes -- default commas, operators -- and records
        # their positions too.)
        self._located.append(positions)
        offset = definition.lineno - positions[node][0]
        line_of = self.line_of
        column_of = self.column_of
        for item, (line, column) in positions.items():
            line_of[id(item)] = line + offset
            column_of[id(item)] = column + 1

    # -- qualified names -------------------------------------------------------

    def _qualname(self, name: str) -> str:
        parts = []
        for frame in self.frames:
            parts.append(frame.name)
            if frame.kind == "function":
                parts.append("<locals>")
        return ".".join(parts + [name])

    def _leave_class(self, node: cst.ClassDef):
        frame = self.frames.pop()
        outer_is_class = bool(self.frames) and self.frames[-1].kind == "class"
        if not frame.machines:
            return node
        if outer_is_class:
            self.frames[-1].machines.extend(frame.machines)
            return node
        return cst.FlattenSentinel([*frame.machines, node])

    def _leave_function(self, original: cst.FunctionDef, node: cst.FunctionDef):
        frame = self.frames.pop()
        if original.asynchronous is None:
            return node
        qualname = self._qualname(original.name.value)
        in_class = bool(self.frames) and self.frames[-1].kind == "class"
        async_depth = sum(1 for outer in self.frames if outer.is_async)
        env = FunctionEnvironment(
            fresh=self.fresh,
            runtime=self.runtime,
            line_of=self.line_of,
            line=self.line_of.get(id(original), 0),
            qualname=qualname,
            line_maps=self.line_maps,
            exact_lines=self.exact_lines,
            keep_stages=self.keep_stages,
            may_contain=self.may_contain,
            local_fresh=self.local_fresh,
            enclosing_class=self.frames[-1].name if in_class else None,
            mangling_class=next((f.name for f in reversed(self.frames) if f.kind == "class"), None),
            async_depth=async_depth,
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
        self.functions.append(compiled)
        if async_depth == 0:
            self._splice_text(frame.definition, compiled, in_class)
            return original
        return self._splice_tree(original, compiled, in_class)

    # -- outermost functions: edits of the text -----------------------------------

    def _text(self, text: str, lines: list[int]) -> tuple[str, list[int]]:
        return (format_code(text), lines[:1]) if self.format_output else (text, lines)

    def _splice_text(self, definition, compiled: CompiledFunction, in_class: bool) -> None:
        machine = self._text(compiled.machine_text, compiled.machine_lines)
        stub_text, stub_lines = self._text(compiled.stub_text, compiled.stub_lines)
        first = _first_line(definition)
        indent = _indentation(self.rows[first - 1])
        self.edits.append(
            _Edit(first, definition.end_lineno - first + 1, _indent(stub_text, indent), stub_lines)
        )
        # A method's machine goes before the outermost of the classes around
        # it: a class body is not a scope its methods can see.
        before = definition
        for frame in reversed(self.frames):
            if frame.kind != "class":
                break
            before = frame.definition
        self._insert_before(before, machine)

    def _insert_before(self, definition, machine: tuple[str, list[int]]) -> None:
        """Insert a machine class before `definition`, with PEP 8's blank
        lines around it (those above only for the first machine there)."""
        text, lines = machine
        first = _first_line(definition)
        indent = _indentation(self.rows[first - 1])
        wanted = 1 if indent else 2  # PEP 8's blank lines around definitions
        above = 0
        while above < first - 1 and not self.rows[first - 2 - above].strip():
            above += 1
        if first == self.import_line:
            above = 0  # right after the runtime import
        before = max(wanted - above, 0) if first > 1 or first == self.import_line else 0
        if first in self._padded:
            before = 0
        self._padded.add(first)
        padded = "\n" * before + _indent(text, indent) + "\n" * wanted
        # blank lines take the line of the function, like its class
        self.edits.append(_Edit(first, 0, padded, [lines[0]] * before + lines + [lines[-1]] * wanted))

    # -- nested functions: splices of the tree ------------------------------------

    def _splice_tree(self, original: cst.FunctionDef, compiled: CompiledFunction, in_class: bool):
        top_level = not self.frames
        machine = self._statements(compiled.machine_text, compiled.machine_lines, 2 if top_level or in_class else 1)
        stub = self._statements(compiled.stub_text, compiled.stub_lines, 2 if top_level else 1)
        stub[0] = self._relead(stub[0], original.leading_lines)
        if in_class:
            self.frames[-1].machines.extend(machine)
            return cst.FlattenSentinel(stub)
        machine[0] = self._relead(machine[0], original.leading_lines)
        stub[0] = self._relead(stub[0], [cst.EmptyLine()] * (2 if top_level else 1))
        return cst.FlattenSentinel([*machine, *stub])

    def _statements(self, text: str, lines: list[int], blank_lines: int) -> list[cst.BaseStatement]:
        if self.format_output:
            statements = list(cst.parse_module(format_code(text)).body)
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


def _error_line(error: cst.ParserSyntaxError) -> int:
    """The line of a libcst parse error. The native parser names it in its
    message ("error at 2:13"); `raw_line` may be the line after it."""
    named = re.search(r"error at (\d+):\d+", error.message)
    return int(named.group(1)) if named else error.raw_line


def _indentation(row: str) -> str:
    return row[: len(row) - len(row.lstrip(" \t\f"))]


def _check_compiles(code: str, filename: str) -> None:
    from ..errors import InternalCompilerError

    try:
        compile(code, filename, "exec", dont_inherit=True)
    except SyntaxError as error:
        raise InternalCompilerError(
            f"generated code does not compile: {error.msg} at line {error.lineno}\n"
            + "\n".join(f"{i + 1:5} {row}" for i, row in enumerate(code.splitlines()))
        ) from error
