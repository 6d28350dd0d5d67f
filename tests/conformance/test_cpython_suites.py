"""CPython's small async suites, compiled, in every test run (test_asyncio,
~5 minutes compiled, runs with `python -m tests.conformance`)."""

from __future__ import annotations

import pytest

from .__main__ import QUICK, problems, run_suite


@pytest.mark.parametrize("suite", QUICK)
def test_suite_passes_compiled_as_natively(suite):
    native = run_suite(suite, compiled=False)
    compiled = run_suite(suite, compiled=True)
    assert native["failed"] == native["errors"] == 0, native
    assert not problems(compiled), f"{suite} compiled: {problems(compiled)}"
    assert compiled["passed"] + compiled["excluded"] == native["passed"], (native, compiled)
    assert compiled["skipped"] == native["skipped"], (native, compiled)
    assert compiled.get("compiled_functions", 0) > 50  # the hook really compiled the suite
    assert compiled["compiled_modules"] == 1 and compiled["not_compiled"] == []


def test_expectations_run_as_expected_failures(tmp_path):
    """The driver's bookkeeping, on a small module: a listed test that fails
    counts as excluded, one that passes fails the run, a listed name that
    is no test is reported."""
    import json
    import os
    import subprocess
    import sys

    (tmp_path / "fake_suite.py").write_text(
        "import unittest\n\n\n"
        "class T(unittest.TestCase):\n"
        "    def test_passes(self):\n        pass\n\n"
        "    def test_fails(self):\n        self.fail('known')\n\n"
        "    def test_listed_but_passes(self):\n        pass\n\n"
        "    @unittest.skip('not here')\n    def test_skipped(self):\n        pass\n"
    )
    expectations = tmp_path / "expectations.txt"
    expectations.write_text(
        "# comment\n"
        "fake_suite.T.test_fails   # a reason\n"
        "fake_suite.T.test_listed_but_passes   # stale\n"
        "fake_suite.T.test_renamed   # names no test\n"
    )
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), root]))
    completed = subprocess.run(
        [sys.executable, "-m", "tests.conformance.driver", "fake_suite", "--expected-failures", str(expectations)],
        capture_output=True, text=True, cwd=tmp_path, env=environment, timeout=60,
    )
    [line] = [l for l in completed.stdout.splitlines() if l.startswith("MOVENEXT-CONFORMANCE ")]
    counts = json.loads(line.split(" ", 1)[1])
    assert (counts["passed"], counts["failed"], counts["errors"], counts["skipped"], counts["excluded"]) == (1, 1, 0, 1, 1)
    assert counts["failed_ids"] == [
        "fake_suite.T.test_listed_but_passes (unexpected success: remove it from the expectations file)"
    ]
    assert counts["unknown_expectations"] == ["fake_suite.T.test_renamed"]
    assert problems(counts) == [
        "not passing: fake_suite.T.test_listed_but_passes (unexpected success: remove it from the expectations file)",
        "expectation names no test: fake_suite.T.test_renamed",
    ]
