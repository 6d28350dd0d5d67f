"""Formatting generated code with black changes its layout, never what it
does: the formatted program (what `movenext transpile` prints) has the same
syntax tree as the unformatted one (what the import hook runs, and what the
differential tests run). Docstrings are where black would differ."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from movenext.compiler import compile_module
from movenext.compiler.formatting import format_code

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = sorted((ROOT / "samples").glob("*.py")) + [
    ROOT / "tests/differential/cases/variables/docstrings.py",
    ROOT / "tests/differential/cases/variables/nested_async_defs.py",
    ROOT / "tests/differential/cases/variables/method_kinds.py",
]


@pytest.mark.parametrize("path", PROGRAMS, ids=lambda path: path.name)
def test_formatted_output_is_the_same_program(path: Path) -> None:
    source = path.read_text()
    plain = compile_module(source, str(path), format=False).code
    formatted = compile_module(source, str(path), format=True).code
    assert ast.dump(ast.parse(formatted)) == ast.dump(ast.parse(plain))


def test_docstrings_survive_black_byte_for_byte() -> None:
    text = 'class A:\n    def f(self):\n        """Doc.   \n\n          more\\tend"""\n        return  1\n'
    formatted = format_code(text)
    assert '"""Doc.   \n\n          more\\tend"""' in formatted
    assert "return 1" in formatted  # the rest was formatted
