"""Run one CPython test module in this process and print its counts as JSON.

    python -m tests.conformance.driver MODULE [--compile PATTERN ...] [--expected-failures FILE]

With --compile, movenext's import hook compiles the modules matching the
patterns (the test module itself, and e.g. the asyncio package); any of them
already imported are dropped from sys.modules first, so that they are
imported again, through the hook. After the run, every module matching a
pattern must have been compiled by the hook (`not_compiled` lists those that
were not).

Tests listed in the expectations file (one test id per line, `# reason`)
run as expected failures: each must fail (or error); one that passes is
reported as an unexpected success, a failure of the run, so that the list
cannot go stale.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import unittest


def _load_expectations(path: str | None) -> dict[str, str]:
    expected: dict[str, str] = {}
    if not path:
        return expected
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            test_id, _, reason = text.partition("#")
            expected[test_id.strip()] = reason.strip() or "listed in the expectations file"
    return expected


def _tests(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from _tests(item)
        else:
            yield item


def _expected_failure(method):
    """unittest.expectedFailure for a bound method (which takes no attributes)."""

    @functools.wraps(method)
    def test(*args, **kwargs):
        return method(*args, **kwargs)

    return unittest.expectedFailure(test)


def _not_compiled(matcher) -> list[str]:
    """Modules matching the patterns that the hook did not compile."""
    from movenext.importhook import STATISTICS, MovenextLoader

    compiled = set(STATISTICS.modules)
    missing = []
    for name, module in list(sys.modules.items()):
        if not matcher(name) or name in compiled:
            continue
        spec = getattr(module, "__spec__", None)
        loader = getattr(spec, "loader", None)
        if spec is not None and spec.origin in (None, "namespace") and getattr(spec, "submodule_search_locations", None):
            continue  # a namespace package: no source to compile
        missing.append(f"{name} ({type(loader).__name__})" if not isinstance(loader, MovenextLoader) else name)
    return sorted(missing)


class _CountingResult(unittest.TextTestResult):
    """Counts the tests that passed itself: `testsRun` leaves skipped tests
    out on some versions (3.12.1) and in on others."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.passed = 0

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed += 1


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("module")
    parser.add_argument("--compile", action="append", default=[])
    parser.add_argument("--expected-failures")
    parser.add_argument("--verbose", action="store_true")
    options = parser.parse_args()

    matcher = None
    if options.compile:
        import movenext
        from movenext.importhook import ModuleMatcher

        matcher = ModuleMatcher(options.compile)
        for name in [name for name in sys.modules if matcher(name)]:
            del sys.modules[name]  # imported before the hook: import it again, compiled
        movenext.install_import_hook(options.compile)
    expected = _load_expectations(options.expected_failures)

    suite = unittest.defaultTestLoader.loadTestsFromName(options.module)
    found = set()
    for test in _tests(suite):
        if test.id() in expected:
            found.add(test.id())
            setattr(test, test._testMethodName, _expected_failure(getattr(test, test._testMethodName)))
    runner = unittest.TextTestRunner(
        stream=sys.stderr, verbosity=2 if options.verbose else 0, resultclass=_CountingResult
    )
    result = runner.run(suite)
    failed = [test.id() for test, _ in result.failures] + [
        f"{test.id()} (unexpected success: remove it from the expectations file)"
        for test in result.unexpectedSuccesses
    ]
    errored = [test.id() for test, _ in result.errors]
    counts = {
        "ran": result.testsRun,
        "failed": len(failed),
        "errors": len(result.errors),
        "skipped": len(result.skipped),
        "excluded": len(result.expectedFailures),
        "failed_ids": failed,
        "error_ids": errored,
        # Expectations naming no test of this module (a renamed test?).
        "unknown_expectations": sorted(
            test_id for test_id in expected if test_id.startswith(options.module + ".") and test_id not in found
        ),
    }
    counts["passed"] = result.passed
    if options.compile:
        from movenext.importhook import STATISTICS

        counts["compiled_functions"] = STATISTICS.compiled
        counts["compiled_modules"] = len(STATISTICS.modules)
        counts["left_native"] = STATISTICS.native + STATISTICS.skipped
        counts["not_compiled"] = _not_compiled(matcher)
    print("MOVENEXT-CONFORMANCE " + json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
