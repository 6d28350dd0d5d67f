"""movenext.compiler.positions gives every node the start libcst's
PositionProvider gives it (the provider it replaces, for speed)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from movenext.compiler.positions import start_positions

CASES = Path(__file__).resolve().parents[1] / "differential" / "cases"
STDLIB_ASYNCIO = Path(asyncio.__file__).parent

SOURCES = [
    STDLIB_ASYNCIO / "base_events.py",
    STDLIB_ASYNCIO / "tasks.py",
    *sorted(CASES.rglob("*.py"))[::7],
]

AWKWARD = '''\
@decorator  # a comment
@other(
    1,
)

async def f(a, /, b=(1,
                     2), *c, d, **e) -> "x":  # trailing
    """doc"""

    # leading comment
    if a: return b
    x = [i
         for i in await g()] ; y = 1 \\
        + 2
    async with a as (b, c), d:
        pass
    match x:
        case [1, *rest] if rest:
            pass
    try:
        pass
    except* ValueError:
        pass
\r
class C: pass
'''


def _compare(module: cst.Module) -> None:
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    found = start_positions(module)
    assert set(map(id, found)) == set(map(id, expected))
    for node, position in expected.items():
        assert found[node] == (position.start.line, position.start.column), (type(node).__name__, position)


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_same_starts_as_position_provider(path: Path) -> None:
    _compare(cst.parse_module(path.read_text(encoding="utf-8")))


def test_decorators_comments_line_continuations_and_carriage_returns() -> None:
    _compare(cst.parse_module(AWKWARD))
