"""The stdlib sweep (sweep.py) on a deterministic sample, for CI.

All of asyncio (the stdlib's heaviest user of coroutines) plus every 20th
other file of the running interpreter's standard library, its `test` package
included: no internal error, every output compiles, every module without a
compiled coroutine comes back byte-identical, every file CPython rejects gets
a clean diagnostic. `python -m tests.stdlib_sweep` runs the whole library.

Files that hit a known movenext bug are left out of the sample and each gets
a strict xfail below instead, so the sample stays green and the bugs stay
visible.
"""

from __future__ import annotations

import pytest

from .sweep import all_files, check_file, sample, stdlib_root, summarize, sweep

EVERY = 20

#: stdlib file -> the bug it hits (each has a corpus case in tests/badinput/cases).
KNOWN_BUGS = {
    "pydoc_data/topics.py": (
        "no coroutine, but the word 'async' in its text makes movenext resolve libcst positions, and "
        "its strings, implicitly concatenated from hundreds of pieces, nest deeper than libcst's "
        "recursive code generation can go: RecursionError, an internal error "
        "(badinput case internal_long_implicit_concatenation.py)"
    ),
    "test/test_grammar.py": (
        "libcst cannot parse `(no_such_global): int`, valid Python; the whole module is refused with "
        "'cannot parse' (badinput case libcst_parenthesized_annotated_target_in_async_module.py)"
    ),
}


def _failures(results) -> list[str]:
    failures = []
    for result in results:
        for error in result.internal_errors:
            failures.append(f"{result.path}: internal error [{error['pass']}]: {error['error']}\n{error['traceback']}")
        for problem in result.problems:
            failures.append(f"{result.path}: {problem}")
    return failures


def test_sample():
    root = stdlib_root()
    files = [f for f in sample(all_files(root), EVERY) if f not in KNOWN_BUGS]
    results = sweep(files, root, workers=2)
    summary = summarize(results, root, 0.0, EVERY)

    assert summary["files"] == len(files) > 100
    assert _failures(results) == []
    # What the sample must exercise: asyncio's coroutines, unchanged modules,
    # and (in the every-20th part) at least the files CPython rejects that it hits.
    assert summary["files_with_async_functions"] >= 15
    assert summary["compiled"]["plain"] == summary["compiled"]["formatted"] >= 300
    assert summary["async_functions"] == summary["compiled"]["plain"] + summary["refusals"]
    assert summary["unchanged_files_identical"] >= 50
    for rejected in summary["cpython_rejected_files"]:
        assert rejected["movenext"], rejected


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(path, marks=pytest.mark.xfail(strict=True, reason=reason))
        for path, reason in KNOWN_BUGS.items()
        if (stdlib_root() / path).is_file()
    ],
)
def test_known_bug(path):
    result = check_file(stdlib_root(), path)
    assert _failures([result]) == []
