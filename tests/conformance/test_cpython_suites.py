"""CPython's small async suites, compiled, in every test run (test_asyncio,
~5 minutes compiled, runs with `python -m tests.conformance`)."""

from __future__ import annotations

import pytest

from .__main__ import QUICK, run_suite


@pytest.mark.parametrize("suite", QUICK)
def test_suite_passes_compiled_as_natively(suite):
    native = run_suite(suite, compiled=False)
    compiled = run_suite(suite, compiled=True)
    assert native["failed"] == native["errors"] == 0, native
    problems = compiled["failed_ids"] + compiled["error_ids"]
    assert not problems, f"{suite} compiled: not passing: {problems}"
    # Tests the expectations file excludes (with reasons) run as skipped.
    assert compiled["passed"] + compiled.get("excluded", 0) == native["passed"], (native, compiled)
    assert compiled.get("compiled_functions", 0) > 50  # the hook really compiled the suite
    assert not compiled.get("left_native"), compiled["left_native"]
