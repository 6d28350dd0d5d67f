"""Golden files: the exact code generated for small inputs.

`cases/NAME.py` compiles to `cases/NAME.expected`. Regenerate after an
intended change with `python -m pytest tests/golden --update-goldens` and
review the diff. The expected files are valid Python that runs.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

import movenext

CASES = Path(__file__).parent / "cases"
INPUTS = sorted(CASES.glob("*.py"))


@pytest.mark.parametrize("source", INPUTS, ids=[p.stem for p in INPUTS])
def test_golden(source: Path, request: pytest.FixtureRequest) -> None:
    compiled = movenext.transpile_source(source.read_text(), source.name)
    expected_path = source.with_suffix(".expected")
    if request.config.getoption("--update-goldens"):
        expected_path.write_text(compiled)
    expected = expected_path.read_text()
    if compiled != expected:
        diff = "\n".join(
            difflib.unified_diff(expected.splitlines(), compiled.splitlines(), "expected", "compiled", lineterm="")
        )
        pytest.fail(f"{source.name} compiles differently:\n{diff}")


@pytest.mark.parametrize("source", INPUTS, ids=[p.stem for p in INPUTS])
def test_golden_output_compiles(source: Path) -> None:
    compile(source.with_suffix(".expected").read_text(), source.name, "exec")


def test_module_without_coroutines_is_unchanged() -> None:
    source = (CASES / "no_async.py").read_text()
    assert movenext.transpile_source(source) == source
