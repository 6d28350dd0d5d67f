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
                for offset in range(end - start + 1):
                    put(start + offset, mapped[min(offset, len(mapped) - 1)] if mapped else default, False)
                for decorator in getattr(node, "decorators", ()):
                    spot = positions[decorator]
                    for line in range(spot.start.line, spot.end.line + 1):
                        put(line, mapped[0] if mapped else default, False)
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
