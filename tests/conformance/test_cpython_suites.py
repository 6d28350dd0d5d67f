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
