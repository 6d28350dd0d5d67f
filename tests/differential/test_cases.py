"""Every program under cases/ (and every sample) prints the same natively and compiled."""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import CASES, differential, explain

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
# Samples whose output differs natively by design (tested elsewhere).
COMPILED_ONLY = {
    # prints movenext.runtime.describe(): state numbers exist only compiled
    "live_state.py": "tests/inspect/test_describe.py",
}


def _programs():
    for path in sorted(CASES.rglob("*.py")):
        if path.name == "tracelib.py" or path.name.startswith("_"):
            continue
        yield pytest.param(path, id=str(path.relative_to(CASES)))
    for path in sorted(SAMPLES.glob("*.py")):
        if path.name in COMPILED_ONLY:
            continue
        yield pytest.param(path, id=f"samples/{path.name}")


@pytest.mark.parametrize("path", list(_programs()))
def test_same_output(path: Path, tmp_path: Path) -> None:
    native, compiled, compiled_path = differential(path, tmp_path)
    assert native.returncode == 0, f"the program fails natively:\n{native.stderr}"
    same = native.stdout == compiled.stdout and native.returncode == compiled.returncode
    assert same, explain(native, compiled, compiled_path)
