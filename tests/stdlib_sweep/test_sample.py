"""The stdlib sweep (sweep.py) on a deterministic sample, for CI.

All of asyncio (the stdlib's heaviest user of coroutines) plus every 20th
other file of the running interpreter's standard library, its `test` package
included: no internal error, every output compiles, every module without a
compiled coroutine comes back byte-identical, every file CPython rejects gets
a clean diagnostic. `python -m tests.stdlib_sweep` runs the whole library.
"""

from __future__ import annotations

from .sweep import all_files, sample, stdlib_root, summarize, sweep

EVERY = 20
#: Files that once broke movenext, always in the sample: strings implicitly
#: concatenated from hundreds of pieces (too deep for libcst's recursion), and
#: `(name): annotation`, valid Python that libcst cannot parse.
ONCE_BROKEN = ("pydoc_data/topics.py", "test/test_grammar.py")


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
    everything = all_files(root)
    files = sorted(set(sample(everything, EVERY)) | (set(ONCE_BROKEN) & set(everything)))
    results = sweep(files, root, workers=2)
    summary = summarize(results, root, 0.0, EVERY)

    assert summary["files"] == len(files) > 100
    assert _failures(results) == []
    # What the sample must exercise: asyncio's coroutines, unchanged modules,
    # and (in the every-20th part) at least the files CPython rejects that it hits.
    assert summary["files_with_async_functions"] >= 15
    assert summary["compiled"]["plain"] == summary["compiled"]["formatted"] >= 150
    assert summary["async_functions"] == summary["compiled"]["plain"] + summary["refusals"]
    assert summary["unchanged_files_identical"] >= 50
    for rejected in summary["cpython_rejected_files"]:
        assert rejected["movenext"], rejected
