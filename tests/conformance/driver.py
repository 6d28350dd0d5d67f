"""Run one CPython test module in this process and print its counts as JSON.

    python -m tests.conformance.driver MODULE [--compile PATTERN ...] [--skip FILE]

With --compile, movenext's import hook compiles the modules matching the
patterns (the test module itself, and e.g. the asyncio package) before
anything imports them. Tests listed in the skip file (one test id per line,
`#` comments allowed) are reported as skipped with the reason given there.
"""

from __future__ import annotations

import argparse
import json
import sys
import unittest


def _load_skips(path: str | None) -> dict[str, str]:
    skips: dict[str, str] = {}
    if not path:
        return skips
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            test_id, _, reason = text.partition("#")
            skips[test_id.strip()] = reason.strip() or "listed in the expectations file"
    return skips


def _tests(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from _tests(item)
        else:
            yield item


class _Counting(unittest.TextTestResult):
    pass


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("module")
    parser.add_argument("--compile", action="append", default=[])
    parser.add_argument("--skip")
    parser.add_argument("--verbose", action="store_true")
    options = parser.parse_args()

    if options.compile:
        import movenext

        movenext.install_import_hook(options.compile)
    skips = _load_skips(options.skip)

    suite = unittest.defaultTestLoader.loadTestsFromName(options.module)
    excluded = 0
    for test in _tests(suite):
        reason = skips.get(test.id())
        if reason is not None:
            excluded += 1
            setattr(test, test._testMethodName, unittest.skip(reason)(getattr(test, test._testMethodName)))
    runner = unittest.TextTestRunner(
        stream=sys.stderr, verbosity=2 if options.verbose else 0, resultclass=_Counting
    )
    result = runner.run(suite)
    failed = [test.id() for test, _ in result.failures + result.unexpectedSuccesses]
    errored = [test.id() for test, _ in result.errors]
    counts = {
        "ran": result.testsRun,
        "failed": len(result.failures) + len(result.unexpectedSuccesses),
        "errors": len(result.errors),
        "skipped": len(result.skipped),
        "excluded": excluded,  # skipped because the expectations file lists them
        "failed_ids": failed,
        "error_ids": errored,
    }
    counts["passed"] = counts["ran"] - counts["failed"] - counts["errors"] - counts["skipped"]
    if options.compile:
        from movenext.importhook import STATISTICS

        counts["compiled_functions"] = STATISTICS.compiled
        counts["compiled_modules"] = len(STATISTICS.modules)
        counts["left_native"] = STATISTICS.native
    print("MOVENEXT-CONFORMANCE " + json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
