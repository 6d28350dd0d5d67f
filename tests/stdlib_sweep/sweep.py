"""Transpile every `.py` file of the running interpreter's standard library.

    python -m tests.stdlib_sweep                       # every file (its `test` package too)
    python -m tests.stdlib_sweep --sample 20           # all of asyncio + every 20th other file
    python -m tests.stdlib_sweep --json sweep.json     # also write the numbers as JSON

Each file is checked in-process, in a pool of worker processes:

* CPython's verdict first: `compile()` of the file's bytes, as the import
  system compiles it. A file CPython rejects (the stdlib ships a few on
  purpose: badsyntax_*.py, bad_coding*.py, lib2to3's Python 2 test data) must
  get a clean diagnostic: `CompileError`, never another exception, never a
  successful compilation.
* A file CPython accepts is decoded like `movenext transpile` decodes it and
  compiled twice with `compile_module(source, path, keep_refused=True)`, once
  with `format=False` (what the import hook runs) and once with `format=True`
  (what `movenext transpile` prints). Any exception other than CompileError is
  an internal error, and so is a function left native with "internal error";
  a CompileError is a file movenext wrongly rejects. Every output must
  compile; a module without async functions (or whose every function was
  refused) must come back byte-identical; compiled plus refused functions
  must account for every `async def`.

Refusals are counted by reason. Exit status: 0 when there is no internal
error and no failed check, 1 otherwise.
"""

from __future__ import annotations

import argparse
import ast
import json
import multiprocessing
import os
import queue
import signal
import sys
import sysconfig
import time
import traceback
import warnings
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

#: Directories of the stdlib tree that are not the standard library.
EXCLUDED_PARTS = frozenset({"site-packages", "dist-packages", "__pycache__"})
#: A file taking longer than this (seconds, both passes) is reported, not waited for.
FILE_TIMEOUT = 900
PASSES = (("plain", False), ("formatted", True))


def stdlib_root() -> Path:
    return Path(sysconfig.get_paths()["stdlib"])


def all_files(root: Path) -> list[str]:
    """Every .py file under `root`, as sorted POSIX paths relative to it."""
    found = []
    for path in root.rglob("*.py"):
        relative = path.relative_to(root)
        if EXCLUDED_PARTS.intersection(relative.parts) or not path.is_file():
            continue
        found.append(relative.as_posix())
    return sorted(found)


def sample(files: list[str], every: int) -> list[str]:
    """All of asyncio, plus every `every`-th other file (deterministic)."""
    chosen = [f for f in files if f.startswith("asyncio/")]
    others = [f for f in files if not f.startswith("asyncio/")]
    chosen += others[::every]
    return sorted(chosen)


@dataclass
class FileResult:
    path: str  # relative to the stdlib root
    seconds: float = 0.0
    cpython_error: str | None = None  # why CPython rejects the file, if it does
    diagnostic: str | None = None  # movenext's diagnostic for a file CPython rejects
    async_functions: int = 0
    compiled: dict[str, int] = field(default_factory=dict)  # by pass
    refusals: list[str] = field(default_factory=list)  # "line:col: message" (plain pass)
    unchanged: bool = False  # checked byte-identical (no async function compiled)
    same_words: bool | None = None  # for a file CPython rejects: movenext's message is CPython's
    internal_errors: list[dict] = field(default_factory=list)  # pass, error, traceback
    problems: list[str] = field(default_factory=list)  # failed checks that are not exceptions


class _Timeout(BaseException):
    pass


def _on_alarm(signum, frame):
    raise _Timeout()


def _cpython_verdict(data: bytes, filename: str) -> str | None:
    """None if CPython compiles the file, else its error."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(data, filename, "exec", dont_inherit=True)
    except SyntaxError as error:
        return f"{type(error).__name__}: {error.msg} (line {error.lineno}, offset {error.offset})"
    except (ValueError, RecursionError, MemoryError, OverflowError) as error:
        return f"{type(error).__name__}: {error}"
    return None


def _count_async_functions(text: str) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = ast.parse(text)
    return sum(isinstance(node, ast.AsyncFunctionDef) for node in ast.walk(tree))


def _internal(result: FileResult, stage: str, error: BaseException) -> None:
    result.internal_errors.append(
        {
            "pass": stage,
            "error": f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}",
            "traceback": "".join(traceback.format_exception(error)),
        }
    )


def check_file(root: Path, relative: str) -> FileResult:
    """Every check on one file; never raises (but for KeyboardInterrupt)."""
    started = time.perf_counter()
    result = FileResult(relative)
    if hasattr(signal, "SIGALRM"):
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.alarm(FILE_TIMEOUT)
    try:
        _check(root / relative, result)
    except _Timeout:
        result.problems.append(f"timeout: more than {FILE_TIMEOUT} s")
    except Exception as error:  # noqa: BLE001 - a bug in the sweep or in movenext
        _internal(result, "sweep", error)
    finally:
        if hasattr(signal, "SIGALRM"):
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def _check(path: Path, result: FileResult) -> None:
    from movenext import cli
    from movenext.compiler.module import compile_module
    from movenext.errors import CompileError

    filename = str(path)
    data = path.read_bytes()
    result.cpython_error = _cpython_verdict(data, filename)

    if result.cpython_error is not None:
        # CPython rejects the file: movenext must say so cleanly.
        try:
            source = cli.read_source(filename, data)
            compile_module(source.text, filename, keep_refused=True, format=False)
        except CompileError as error:
            result.diagnostic = str(error.diagnostics[0]) if error.diagnostics else "(no diagnostic)"
            if not error.diagnostics:
                result.problems.append("CompileError without diagnostics")
            else:
                message = error.diagnostics[0].message
                result.same_words = result.cpython_error.split(": ", 1)[1].startswith(message + " (line ")
        except Exception as error:  # noqa: BLE001 - anything else is a movenext bug
            _internal(result, "invalid", error)
        else:
            result.problems.append(f"movenext accepts a file CPython rejects ({result.cpython_error})")
        return

    try:
        source = cli.read_source(filename, data)
    except CompileError as error:
        result.problems.append(f"movenext cannot decode a file CPython compiles: {error}")
        return
    text = source.text
    result.async_functions = _count_async_functions(text)
    for stage, format_code in PASSES:
        try:
            module = compile_module(text, filename, keep_refused=True, format=format_code)
        except CompileError as error:
            result.problems.append(f"{stage}: movenext rejects a file CPython compiles: {error}")
            continue
        except Exception as error:  # noqa: BLE001 - any other exception is a movenext bug
            _internal(result, stage, error)
            continue
        refusals = []
        for diagnostic in module.refused:
            if diagnostic.message.startswith("internal error"):
                result.internal_errors.append(
                    {"pass": stage, "error": f"{diagnostic.line}:{diagnostic.column}: {diagnostic.message}",
                     "traceback": ""}
                )
            else:
                refusals.append(f"{diagnostic.line}:{diagnostic.column}: {diagnostic.message}")
        if stage == "plain":
            result.refusals = refusals
        elif sorted(refusals) != sorted(result.refusals):
            result.problems.append(f"formatted: other refusals than unformatted: {refusals}")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                compile(module.code, filename, "exec", dont_inherit=True)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
            result.problems.append(f"{stage}: the output does not compile: {type(error).__name__}: {error}")
            continue
        # What is left native is what was refused; everything else was compiled.
        left = _count_async_functions(module.code)
        result.compiled[stage] = result.async_functions - left
        if left != len(module.refused):
            result.problems.append(
                f"{stage}: {left} async functions left in the output, {len(module.refused)} refused"
            )
        if len(module.functions) != result.compiled[stage]:
            result.problems.append(
                f"{stage}: {result.compiled[stage]} functions compiled, {len(module.functions)} reported"
            )
        if not module.functions:
            if module.code != text:
                result.problems.append(f"{stage}: no function compiled, yet the output differs from the input")
            else:
                result.unchanged = True
        elif "import movenext.runtime as" not in module.code:
            result.problems.append(f"{stage}: compiled functions but no runtime import")


# -- the pool ------------------------------------------------------------------


def _worker(root: str, tasks, results) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    warnings.simplefilter("ignore")
    parent = multiprocessing.parent_process()
    while True:
        try:
            relative = tasks.get(timeout=5)
        except queue.Empty:
            if parent is not None and not parent.is_alive():
                return  # orphaned
            continue
        if relative is None:
            return
        results.put(("start", os.getpid(), relative))
        results.put(("done", os.getpid(), asdict(check_file(Path(root), relative))))


def sweep(files: list[str], root: Path, workers: int = 2, progress=None) -> list[FileResult]:
    """Check `files` with `workers` processes; a worker that dies is replaced
    and its file reported as an internal error."""
    context = multiprocessing.get_context("spawn")
    tasks = context.Queue()
    results = context.Queue()
    # Big files first: the pool finishes together.
    ordered = sorted(files, key=lambda f: -(root / f).stat().st_size)
    for relative in ordered:
        tasks.put(relative)
    workers = max(1, min(workers, len(files)))
    for _ in range(workers):
        tasks.put(None)

    def start():
        process = context.Process(target=_worker, args=(str(root), tasks, results), daemon=True)
        process.start()
        return process

    pool = [start() for _ in range(workers)]
    current: dict[int, str] = {}
    done: dict[str, FileResult] = {}
    try:
        while len(done) < len(files):
            try:
                kind, pid, payload = results.get(timeout=1.0)
            except queue.Empty:
                for index, process in enumerate(pool):
                    if not process.is_alive() and process.pid in current:
                        relative = current.pop(process.pid)
                        crashed = FileResult(relative)
                        crashed.internal_errors.append(
                            {"pass": "worker", "error": f"the worker process died (exit code {process.exitcode})",
                             "traceback": ""}
                        )
                        done[relative] = crashed
                        if progress:
                            progress(len(done), len(files), crashed)
                        tasks.put(None)  # the replacement needs its own end marker
                        pool[index] = start()
                continue
            if kind == "start":
                current[pid] = payload
                continue
            current.pop(pid, None)
            result = FileResult(**payload)
            done[result.path] = result
            if progress:
                progress(len(done), len(files), result)
    finally:
        for process in pool:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
    return [done[f] for f in sorted(done)]


# -- the summary ---------------------------------------------------------------


def summarize(results: list[FileResult], root: Path, seconds: float, every: int | None) -> dict:
    import movenext

    refusal_reasons: Counter[str] = Counter()
    for result in results:
        for refusal in result.refusals:
            refusal_reasons[refusal.split(": ", 1)[1]] += 1
    rejected = [r for r in results if r.cpython_error is not None]
    return {
        "python": sys.version.split()[0],
        "movenext": movenext.__version__,
        "root": str(root),
        "sample_every": every,
        "files": len(results),
        "files_with_async_functions": sum(1 for r in results if r.async_functions),
        "async_functions": sum(r.async_functions for r in results),
        "compiled": {stage: sum(r.compiled.get(stage, 0) for r in results) for stage, _ in PASSES},
        "refusals": sum(refusal_reasons.values()),
        "refusals_by_reason": dict(refusal_reasons.most_common()),
        "refused_functions": [f"{r.path}:{refusal}" for r in results for refusal in r.refusals],
        "unchanged_files_identical": sum(1 for r in results if r.unchanged),
        "cpython_rejects": len(rejected),
        "cpython_rejects_in_cpythons_words": sum(1 for r in rejected if r.same_words),
        "cpython_rejected_files": [
            {"path": r.path, "cpython": r.cpython_error, "movenext": r.diagnostic, "same_words": r.same_words}
            for r in rejected
        ],
        "internal_errors": [dict(error, path=r.path) for r in results for error in r.internal_errors],
        "problems": [f"{r.path}: {problem}" for r in results for problem in r.problems],
        "seconds": round(seconds, 1),
        "cpu_seconds_in_files": round(sum(r.seconds for r in results), 1),
        "slowest": [[r.path, r.seconds] for r in sorted(results, key=lambda r: -r.seconds)[:10]],
    }


def report(summary: dict, out=sys.stdout) -> None:
    def line(text=""):
        print(text, file=out)

    line(f"movenext {summary['movenext']} on Python {summary['python']}: {summary['root']}")
    if summary["sample_every"]:
        line(f"sample: all of asyncio + every {summary['sample_every']}th other file")
    line(f"files:                      {summary['files']}")
    line(f"  with async functions:     {summary['files_with_async_functions']}")
    line(f"  unchanged, byte-identical:{summary['unchanged_files_identical']:>6}")
    line(f"  rejected by CPython:      {summary['cpython_rejects']} (each got a clean diagnostic "
         f"unless listed below; {summary['cpython_rejects_in_cpythons_words']} in CPython's words)")
    for rejected in summary["cpython_rejected_files"]:
        line(f"    {rejected['path']}: {rejected['movenext'].split(': error: ', 1)[-1] if rejected['movenext'] else '-'}")
    line(f"async functions:            {summary['async_functions']}")
    for stage, count in summary["compiled"].items():
        line(f"  compiled ({stage}):{' ' * (14 - len(stage))}{count}")
    line(f"  refused:                  {summary['refusals']}")
    for reason, count in summary["refusals_by_reason"].items():
        line(f"    {count:5}  {reason}")
    line(f"internal errors:            {len(summary['internal_errors'])}")
    for error in summary["internal_errors"]:
        line(f"  {error['path']} [{error['pass']}]: {error['error']}")
    line(f"failed checks:              {len(summary['problems'])}")
    for problem in summary["problems"]:
        line(f"  {problem}")
    line(f"time: {summary['seconds']} s wall, {summary['cpu_seconds_in_files']} s in files")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.stdlib_sweep", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, metavar="N",
                        help="only all of asyncio plus every N-th other file")
    parser.add_argument("--json", metavar="FILE", help="write the summary (with tracebacks) as JSON")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--root", type=Path, default=None, help="another tree to sweep (default: the stdlib)")
    parser.add_argument("paths", nargs="*", help="only these files (relative to the root)")
    options = parser.parse_args(argv)

    root = (options.root or stdlib_root()).resolve()
    files = options.paths or all_files(root)
    missing = [f for f in files if not (root / f).is_file()]
    if missing:
        parser.error(f"not files under {root}: {', '.join(missing)}")
    if options.sample and not options.paths:
        files = sample(files, options.sample)
    print(f"sweeping {len(files)} files of {root} with {options.workers} workers", flush=True)
    started = time.perf_counter()
    interactive = sys.stdout.isatty()

    def progress(count: int, total: int, result: FileResult) -> None:
        bad = result.internal_errors or result.problems
        if bad:
            print(f"\n[{count}/{total}] {result.path}: "
                  + "; ".join([e["error"] for e in result.internal_errors] + result.problems), flush=True)
        elif interactive:
            print(f"\r[{count}/{total}] {time.perf_counter() - started:6.0f} s  {result.path[:60]:60}",
                  end="", flush=True)
        elif count % 100 == 0 or count == total:
            print(f"[{count}/{total}] {time.perf_counter() - started:.0f} s", flush=True)

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)  # so that the workers are stopped too
    results = sweep(files, root, options.workers, progress)
    if interactive:
        print()
    summary = summarize(results, root, time.perf_counter() - started, options.sample)
    report(summary)
    if options.json:
        Path(options.json).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 1 if summary["internal_errors"] or summary["problems"] else 0
