"""Compile generated code so that it reports the user's source positions.

The import hook compiles a module's movenext output, but tracebacks,
`linecache`, `inspect.getsource`, pdb and coverage must see the original file
and lines. `code_for_module` compiles the output through `ast` after moving
every node to the line it came from (the compiler's line map). Lines that are
the user's text unchanged keep their columns; generated lines span the whole
original line (without its indentation), so tracebacks show the line
without misleading carets.
"""

from __future__ import annotations

import ast
import types

from .compiler.module import ModuleResult
from .linetable import without_line_zero


def code_for_module(
    result: ModuleResult, source: str, filename: str, optimize: int = -1, transform=None
) -> types.CodeType:
    """Compile `result.code` as if it were `source` at `filename`.

    `transform(tree)` may rewrite the AST first (pytest's assertion rewriting)."""
    tree = ast.parse(result.code, filename)
    if result.line_map is not None:
        remap(tree, result.line_map, result.verbatim or [], source.splitlines())
    if transform is not None:
        tree = transform(tree)
    return without_line_zero(compile(tree, filename, "exec", dont_inherit=True, optimize=optimize))


def remap(tree: ast.AST, line_map: list[int], verbatim: list[bool], source_lines: list[str]) -> None:
    count = len(line_map)

    def original(line: int) -> int:
        return line_map[min(max(line, 1), count) - 1] if count else line

    def text(line: int) -> str:
        return source_lines[line - 1] if 1 <= line <= len(source_lines) else ""

    def indentation(line: int) -> int:
        row = text(line)
        return len(row[: len(row) - len(row.lstrip())].encode("utf-8"))

    def width(line: int) -> int:
        return len(text(line).rstrip().encode("utf-8"))

    for node in ast.walk(tree):
        lineno = getattr(node, "lineno", None)
        if lineno is None:
            continue
        end = getattr(node, "end_lineno", None) or lineno
        # Lines the compiler marks as having no source line (-1) get line 0,
        # which `linetable.without_line_zero` turns into "no location".
        start_line, end_line = max(original(lineno), 0), max(original(end), 0)
        exact = (
            0 < lineno <= len(verbatim)
            and 0 < end <= len(verbatim)
            and verbatim[lineno - 1]
            and verbatim[end - 1]
            and end_line - start_line == end - lineno
        )
        if end_line < start_line:
            end_line = start_line
        node.lineno = start_line
        node.end_lineno = end_line
        if not exact:
            # The whole source line without its indentation: exactly the span
            # for which tracebacks print no carets (3.11's C printer included).
            node.col_offset = indentation(start_line)
            node.end_col_offset = max(width(end_line), node.col_offset + 1 if start_line == end_line else 1)
