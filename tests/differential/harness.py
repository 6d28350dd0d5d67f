"""Run a program natively and compiled, and compare what it printed.

A differential test is a standalone program. It runs twice, each in a fresh
interpreter: once as written, once after `movenext.transpile_source`. Its
standard output and exit status must be identical. The compiled leg is checked
to really be compiled: every `async def` of the program must have become a
state-machine class.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import movenext

CASES = Path(__file__).parent / "cases"
TIMEOUT = 60


@dataclass
class Run:
    stdout: str
    stderr: str
    returncode: int


def run_program(path: Path, extra_path: list[Path]) -> Run:
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(p) for p in extra_path] + [environment.get("PYTHONPATH", "")]
    )
    environment["PYTHONHASHSEED"] = "0"
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    completed = subprocess.run(
        [sys.executable, str(path)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=environment,
        cwd=path.parent,
    )
    return Run(completed.stdout, completed.stderr, completed.returncode)


def compile_program(source_path: Path, out_dir: Path) -> Path:
    source = source_path.read_text()
    compiled = movenext.transpile_source(source, str(source_path), format=False)
    expected = _count(source, lambda n: isinstance(n, ast.AsyncFunctionDef))
    left = _count(compiled, lambda n: isinstance(n, ast.AsyncFunctionDef))
    stubs = _count(compiled, _is_compiled_stub)
    if left or stubs < expected:
        raise AssertionError(f"{source_path}: {stubs} of {expected} async functions were compiled")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / source_path.name
    target.write_text(compiled)
    return target


def _count(source: str, predicate) -> int:
    return sum(1 for node in ast.walk(ast.parse(source)) if predicate(node))


def _is_compiled_stub(node: ast.AST) -> bool:
    return isinstance(node, ast.FunctionDef) and any(
        isinstance(d, ast.Call)
        and isinstance(d.func, ast.Attribute)
        and d.func.attr in ("coroutine_function", "async_generator_function")
        for d in node.decorator_list
    )


def differential(source_path: Path, work_dir: Path) -> tuple[Run, Run, Path]:
    """(native run, compiled run, compiled file) for one program."""
    support = [source_path.parent, CASES]
    native = run_program(source_path, support)
    compiled_path = compile_program(source_path, work_dir)
    compiled = run_program(compiled_path, support)
    return native, compiled, compiled_path


def explain(native: Run, compiled: Run, compiled_path: Path) -> str:
    import difflib

    diff = "\n".join(
        difflib.unified_diff(
            native.stdout.splitlines(), compiled.stdout.splitlines(), "native", "compiled", lineterm=""
        )
    )
    return (
        f"exit status native={native.returncode} compiled={compiled.returncode}\n"
        f"compiled program: {compiled_path}\n--- stdout diff ---\n{diff}\n"
        f"--- compiled stderr ---\n{compiled.stderr[-4000:]}\n"
        f"--- native stderr ---\n{native.stderr[-2000:]}"
    )
