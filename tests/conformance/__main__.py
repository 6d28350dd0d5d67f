"""CPython's own test suites, run natively and compiled by movenext.

    python -m tests.conformance                 # all suites
    python -m tests.conformance --suite test_coroutines --suite test_asyncgen
    python -m tests.conformance --quick         # the three small suites (CI)

For each suite, a fresh interpreter runs the running Python's own `test`
package module twice: natively, and with movenext's import hook compiling the
test module (and, for test_asyncio, the `asyncio` package itself). Tests
listed in `expectations.txt` run as expected failures in the compiled run
(each with the reason written there; one that passes fails the run). The
table compares the counts; a compiled run conforms when nothing else fails,
every matching module was compiled and no function was left native.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
EXPECTATIONS = HERE / "expectations.txt"

SUITES = {
    "test_coroutines": ["test.test_coroutines"],
    "test_asyncgen": ["test.test_asyncgen"],
    "test_contextlib_async": ["test.test_contextlib_async"],
    "test_asyncio": ["test.test_asyncio", "asyncio"],
}
QUICK = ["test_coroutines", "test_asyncgen", "test_contextlib_async"]


def _expectations_for_version() -> str:
    """The expectations file with only this Python's lines (`[3.11]` tags)."""
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    kept = []
    for line in EXPECTATIONS.read_text().splitlines():
        text = line.strip()
        if text.startswith("[") and "]" in text:
            tag, _, rest = text[1:].partition("]")
            if version not in [v.strip() for v in tag.split(",")]:
                continue
            text = rest.strip()
        kept.append(text)
    path = HERE / f".expectations-{version}.txt"
    path.write_text("\n".join(kept) + "\n")
    return str(path)


def run_suite(name: str, compiled: bool) -> dict:
    module, *also = SUITES[name]
    command = [sys.executable, "-m", "tests.conformance.driver", module]
    if compiled:
        for pattern in [module, *also]:
            command += ["--compile", pattern]
        command += ["--expected-failures", _expectations_for_version()]
    environment = dict(os.environ)
    environment["PYTHONPATH"] = str(ROOT) + os.pathsep + environment.get("PYTHONPATH", "")
    started = time.perf_counter()
    # CPython's suites create scratch files (@test_<pid>_tmp...) in the
    # working directory: keep them out of the repository.
    with tempfile.TemporaryDirectory(prefix="movenext-conformance-") as scratch:
        completed = subprocess.run(command, capture_output=True, text=True, cwd=scratch, env=environment)
    elapsed = time.perf_counter() - started
    for line in completed.stdout.splitlines():
        if line.startswith("MOVENEXT-CONFORMANCE "):
            counts = json.loads(line.split(" ", 1)[1])
            counts["seconds"] = round(elapsed, 1)
            return counts
    raise RuntimeError(f"{name} ({'compiled' if compiled else 'native'}) did not finish:\n{completed.stderr[-3000:]}")


def _describe(counts: dict) -> str:
    text = (
        f"{counts['passed']} passed, {counts['failed']} failed, "
        f"{counts['errors']} errors, {counts['skipped']} skipped"
    )
    if counts.get("excluded"):
        text += f", {counts['excluded']} excluded (failing as expected)"
    return text


def problems(counts: dict) -> list[str]:
    """Why a compiled run does not conform (empty: it does)."""
    found = [f"not passing: {test}" for test in counts["failed_ids"] + counts["error_ids"]]
    found += [f"expectation names no test: {test}" for test in counts.get("unknown_expectations", [])]
    found += [f"module not compiled: {name}" for name in counts.get("not_compiled", [])]
    found += [f"left native: {reason}" for reason in counts.get("left_native", [])]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suite", action="append", choices=sorted(SUITES))
    parser.add_argument("--quick", action="store_true", help="only the three small suites")
    parser.add_argument("--json", help="also write the counts to this file")
    options = parser.parse_args()
    suites = options.suite or (QUICK if options.quick else list(SUITES))
    print(f"Python {sys.version.split()[0]}")
    report = {}
    ok = True
    for name in suites:
        native = run_suite(name, compiled=False)
        compiled = run_suite(name, compiled=True)
        report[name] = {"native": native, "compiled": compiled}
        print(f"{name:24} native:   {_describe(native)}  ({native['seconds']} s)")
        print(f"{'':24} compiled: {_describe(compiled)}  ({compiled['seconds']} s; "
              f"{compiled.get('compiled_functions', 0)} functions in "
              f"{compiled.get('compiled_modules', 0)} modules compiled, "
              f"{len(compiled.get('left_native', []))} left native)")
        for problem in problems(compiled):
            print(f"{'':26}{problem}")
        ok &= not problems(compiled)
    if options.json:
        Path(options.json).write_text(json.dumps(report, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
