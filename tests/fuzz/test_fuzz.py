"""The differential fuzzer in CI: a fixed budget of generated programs, and
every saved regression.

`test_generated_programs` runs ~200 small programs (derandomized: the same
programs on every run) natively and compiled, in-process. It fails on an
internal compiler error or a divergence that tests/fuzz/known.py does not
recognise (known ones are tracked by their regression files below), and on
programs CPython rejects (a generator bug). `python -m tests.fuzz` runs
longer campaigns.

`test_regression` runs each tests/fuzz/regressions/*.py like the differential
harness does (two fresh interpreters). A regression whose bug is not fixed
yet carries `# fuzz-xfail: <diagnosis>` (optionally
`# fuzz-xfail-python: 3.11` to expect the failure on that version only).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given

from tests.differential.harness import differential, explain

from . import known, runner
from .campaign import hypothesis_settings
from .grammar import CI, programs
from .prelude import PRELUDE

REGRESSIONS = Path(__file__).parent / "regressions"
CI_EXAMPLES = 200


def test_generated_programs():
    kinds = Counter()
    known_seen = Counter()

    @hypothesis_settings(CI_EXAMPLES, derandomize=True, shrink=False)  # the full program is reported; `python -m tests.fuzz` shrinks
    @given(programs(CI))
    def check(program):
        outcome = runner.check(program.body, prelude=PRELUDE)
        kinds[outcome.kind] += 1
        assert outcome.kind != "invalid", f"the generator produced an invalid program:\n{outcome.detail}"
        if outcome.failed:
            name = known.classify(outcome)
            if name is not None:
                known_seen[name] += 1
                return
            raise AssertionError(f"{outcome.kind}:\n{outcome.explain()}\n--- the program:\n{program.body}")

    check()
    print(f"fuzz: {dict(kinds)}; known failures tolerated: {dict(known_seen)}")
    assert kinds["same"] >= CI_EXAMPLES // 2


def _regressions():
    for path in sorted(REGRESSIONS.glob("*.py")):
        text = path.read_text()
        marks = []
        reason = re.search(r"^# fuzz-xfail: (.+)$", text, re.M)
        only = re.search(r"^# fuzz-xfail-python: ([\d.]+)$", text, re.M)
        version = ".".join(map(str, sys.version_info[:2]))
        if reason and (only is None or only.group(1) == version):
            marks.append(pytest.mark.xfail(strict=True, reason=reason.group(1)))
        yield pytest.param(path, id=path.name, marks=marks)


@pytest.mark.parametrize("path", list(_regressions()))
def test_regression(path: Path, tmp_path: Path) -> None:
    native, compiled, compiled_path = differential(path, tmp_path)
    assert native.returncode == 0, f"the program fails natively:\n{native.stderr}"
    same = native.stdout == compiled.stdout and native.returncode == compiled.returncode
    assert same, explain(native, compiled, compiled_path)
