"""Where each line of generated code came from in the user's source.

Statements the compiler did not change keep their identity (the passes use
identity-preserving transformers), so their position in the original module
is known; their lines map by offset. Generated statements carry a map of
their own. `map_lines` walks a module and combines both, innermost winning.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from .syntax import IdentityMap

_MAPPED = (cst.BaseStatement, cst.BaseSmallStatement, cst.Decorator)


def map_lines(
    module: cst.Module,
    line_of: dict,
    origins: dict | None = None,
    generated: dict | None = None,
    default: int = 0,
) -> tuple[list[int], list[bool]]:
    """(source line, is the user's text unchanged) for each line of `module.code`."""
    origins = origins if origins is not None else IdentityMap()
    generated = generated if generated is not None else IdentityMap()
    count = len(module.code.splitlines())
    lines = [0] * count
    verbatim = [False] * count
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)

    def put(line: int, value: int, exact: bool) -> None:
        if 0 < line <= count:
            lines[line - 1] = value
            verbatim[line - 1] = exact

    def visit(node: cst.CSTNode) -> None:
        where = positions.get(node)
        if where is not None and isinstance(node, _MAPPED):
            start, end = where.start.line, where.end.line
            mapped = generated.get(node)
            if mapped is not None:
                decorators = getattr(node, "decorators", ())
                if decorators:  # the map starts at the first decorator
                    start = positions[decorators[0]].start.line
                for offset in range(end - start + 1):
                    put(start + offset, mapped[min(offset, len(mapped) - 1)] if mapped else default, False)
                return  # nothing inside a generated statement is the user's own text
            original = origins.get(node, node)
            old_start = line_of.get(id(original))
            if old_start is not None:
                for line in range(start, end + 1):
                    put(line, line + old_start - start, original is node or line == start)
        for child in node.children:
            visit(child)

    visit(module)
    previous = default or 1
    for index, line in enumerate(lines):  # blank and comment lines between statements
        if line == 0:
            lines[index] = previous
        else:
            previous = line
    return lines, verbatim


def offset_lines(statement: cst.CSTNode, rendered: str, line_of: dict, default: int) -> list[int]:
    """Source lines of `rendered`, the code of `statement` (an original
    statement, possibly with names rewritten, and statements appended after
    it) as a module: its lines in order from where it started in the source."""
    leading = len(getattr(statement, "leading_lines", ()))
    decorators = getattr(statement, "decorators", ())
    first = line_of.get(id(decorators[0])) if decorators else line_of.get(id(statement))
    if first is None:
        first = default
    count = rendered.count("\n") or 1
    return [max(first + index - leading, 1) for index in range(count)]


def module_lines(
    module: cst.Module, line_of: dict, origins: IdentityMap, generated: IdentityMap
) -> tuple[list[int], list[bool]]:
    """`map_lines` for a whole compiled module, without libcst's (slow)
    position metadata: statements are laid out by counting the lines of
    their code, descending only into statements whose body the compiler
    changed."""
    count = module.code.count("\n") + (0 if module.code.endswith("\n") else 1)
    lines = [0] * count
    verbatim = [False] * count

    def put(row: int, value: int, exact: bool) -> None:
        if 0 <= row < count:
            lines[row] = value
            verbatim[row] = exact

    def first_line(node) -> int | None:
        decorators = getattr(node, "decorators", ())
        return line_of.get(id(decorators[0])) if decorators else line_of.get(id(node))

    def place(statement, row: int) -> int:
        """Lay out `statement` whose leading lines start at `row` (0-based);
        return the row after it."""
        text = cst.Module([statement]).code
        total = text.count("\n")
        start = row + len(statement.leading_lines)
        end = row + total
        mapped = generated.get(statement)
        if mapped is not None:
            for index, target in enumerate(range(start, end)):
                put(target, mapped[min(index, len(mapped) - 1)] if mapped else 0, False)
            return end
        original = origins.get(statement, statement)
        source_start = first_line(original)
        if source_start is not None:
            for index, target in enumerate(range(start, end)):
                put(target, source_start + index, original is statement)
        if original is not statement and isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            body = statement.body
            original_body = original.body
            if isinstance(body, cst.IndentedBlock) and isinstance(original_body, cst.IndentedBlock):
                first_body = original_body.body[0] if original_body.body else None
                body_line = line_of.get(id(first_body)) if first_body is not None else None
                if body_line is not None and source_start is not None:
                    header = body_line - len(first_body.leading_lines) - source_start
                    inner = start + header
                    for child in body.body:
                        inner = place(child, inner)
            return end
        if original is not statement:
            # Another kind of changed statement (rare: an async def inside an
            # `if` or `try` at module level): exact positions for this one.
            sub_lines, sub_verbatim = map_lines(cst.Module([statement]), line_of, origins, generated)
            offset = row
            for index, value in enumerate(sub_lines):
                put(offset + index, value, sub_verbatim[index])
        return end

    row = len(module.header)
    for statement in module.body:
        row = place(statement, row)
    previous = 1
    for index, line in enumerate(lines):  # blank and comment lines between statements
        if line == 0:
            lines[index] = previous
        else:
            previous = line
    return lines, verbatim
