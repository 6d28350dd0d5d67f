"""Helpers for the import-hook tests: every scenario runs in a fresh
interpreter (`sys.executable`) inside a throw-away project, so import state,
`sys.meta_path` and the hook's STATISTICS never leak between tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

TIMEOUT = 120

#: Environment variables that would change what a child interpreter does.
_SCRUBBED = (
    "PYTHONDONTWRITEBYTECODE",
    "PYTHONPYCACHEPREFIX",
    "PYTHONOPTIMIZE",
    "PYTHONPATH",
    "PYTHONSTARTUP",
    "PYTHONWARNINGS",
    "MOVENEXT_INCLUDE",
    "COVERAGE_PROCESS_START",
    "COVERAGE_PROCESS_CONFIG",
    "PYTEST_ADDOPTS",
    "PYTEST_PLUGINS",
)


def child_env(**overrides: str | None) -> dict[str, str]:
    """os.environ without anything that changes imports, plus
    PYTHONDONTWRITEBYTECODE=1 whatever the machine says, so that a child never
    writes bytecode outside its project: cache tests switch
    `sys.dont_write_bytecode` off in the child once the compiler is imported
    (`NAME=None` removes NAME)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in _SCRUBBED and not key.startswith(("PYTEST_", "PYTHONDEVMODE"))
    }
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create `files` (relative path -> text, dedented, or bytes) under root."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


#: Put in front of every child program: `kind(fn, *args)` says whether calling
#: an async function makes a native coroutine or a movenext state machine.
PRELUDE = """\
import asyncio, importlib, json, os, sys, types
import movenext
from movenext.importhook import STATISTICS


def kind(function, *args):
    coroutine = function(*args)
    cls = type(coroutine)
    coroutine.close()
    if cls is types.CoroutineType:
        return "native"
    # A machine calls itself `coroutine` and passes isinstance(CoroutineType).
    return "compiled" if "CoroutineMachine" in [k.__name__ for k in cls.__mro__] else repr(cls)


def emit(value):
    print("JSON:" + json.dumps(value))
"""


def run(args: list[str], cwd: Path, *, env: dict[str, str] | None = None,
        timeout: float = TIMEOUT, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        args,
        cwd=cwd,
        env=child_env() if env is None else env,
        capture_output=True,
        text=True,
        timeout=timeout,
        input="" if input is None else input,
    )


def run_python(code: str, cwd: Path, *, args: tuple[str, ...] = (), flags: tuple[str, ...] = (),
               env: dict[str, str] | None = None, prelude: bool = True,
               prefix: tuple[str, ...] | list[str] = ()) -> subprocess.CompletedProcess:
    """`python -c code` (after `prefix`, e.g. a command that switches user)."""
    source = (PRELUDE if prelude else "") + textwrap.dedent(code)
    return run([*prefix, sys.executable, *flags, "-c", source, *args], cwd, env=env)


def result(process: subprocess.CompletedProcess):
    """The value the child passed to `emit`, after checking it exited cleanly."""
    assert process.returncode == 0, (
        f"child failed with {process.returncode}\n--- stdout\n{process.stdout}\n--- stderr\n{process.stderr}"
    )
    lines = [line for line in process.stdout.splitlines() if line.startswith("JSON:")]
    assert lines, f"child printed no result\n--- stdout\n{process.stdout}\n--- stderr\n{process.stderr}"
    return json.loads(lines[-1][len("JSON:"):])


def run_json(code: str, cwd: Path, **options):
    return result(run_python(code, cwd, **options))


def movenext_run(args: list[str], cwd: Path, *, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "movenext", "run", *args], cwd, env=env)


def cache_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.pyc") if ".opt-movenext" in p.name)
