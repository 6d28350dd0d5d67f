"""Run one program natively and compiled, in this process, and compare.

In-process is ~10x faster than a subprocess per run: the program's module code
is exec'd in a fresh namespace with stdout/stderr captured, under a wall-clock
alarm. Each program is self-contained (the prelude defines everything it
uses), so the two runs share nothing but the interpreter. A subprocess run
(tests/differential/harness.py) is only used to confirm a divergence.

`check(source)` returns an `Outcome` whose `kind` is one of

* ``same``        both runs printed the same trace
* ``refused``     movenext refused cleanly ("movenext cannot compile ...")
* ``invalid``     CPython itself rejects the program (a generator bug)
* ``too-long``    the native run timed out or printed too much (generator)
* ``divergent``   the traces differ                              (failure)
* ``internal``    transpile_source crashed or misdiagnosed a program CPython
                  accepts, or left an `async def` uncompiled        (failure)
"""

from __future__ import annotations

import ast
import builtins
import difflib
import gc
import io
import signal
import sys
import traceback
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass

import movenext

FAILURES = ("divergent", "internal")
TIMEOUT = 10.0  # seconds per run
MAX_OUTPUT = 1_000_000  # characters of trace per run
FILENAME = "fuzz_program.py"


@dataclass
class Run:
    stdout: str
    stderr: str
    status: str  # "ok", "timeout", "overflow" or "error: ..." (escaped the program)


@dataclass
class Outcome:
    kind: str
    source: str
    compiled: str | None = None
    native_run: Run | None = None
    compiled_run: Run | None = None
    detail: str = ""

    @property
    def failed(self) -> bool:
        return self.kind in FAILURES

    def explain(self, context: int = 3, limit: int = 60) -> str:
        if self.kind == "internal":
            return self.detail
        if self.native_run is None or self.compiled_run is None:
            return self.detail
        diff = list(
            difflib.unified_diff(
                self.native_run.stdout.splitlines(),
                self.compiled_run.stdout.splitlines(),
                "native",
                "compiled",
                lineterm="",
                n=context,
            )
        )
        text = "\n".join(diff[:limit]) + ("\n..." if len(diff) > limit else "")
        status = ""
        if self.native_run.status != self.compiled_run.status:
            status = f"\nstatus: native={self.native_run.status} compiled={self.compiled_run.status}"
        return text + status


class _Alarm(BaseException):
    pass


class _CappedWriter(io.StringIO):
    def __init__(self):
        super().__init__()
        self.size = 0
        self.overflow = False

    def write(self, text):
        if self.overflow:
            return len(text)
        self.size += len(text)
        if self.size > MAX_OUTPUT:
            self.overflow = True
            return len(text)
        return super().write(text)


def execute(code, timeout: float = TIMEOUT) -> Run:
    """exec a compiled module code object in a fresh namespace; capture its output."""
    # Finalizers of an earlier program must not print into this one.
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        gc.collect()
    out, err = _CappedWriter(), io.StringIO()
    namespace = {"__name__": "__fuzz__", "__builtins__": builtins, "__file__": FILENAME}
    fired = []

    def on_alarm(signum, frame):
        fired.append(True)
        raise _Alarm()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    # Re-arms every 50ms: a program's own `except BaseException` may swallow one.
    signal.setitimer(signal.ITIMER_REAL, timeout, 0.05)
    status = "ok"
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                exec(code, namespace)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
    except _Alarm:
        status = "timeout"
    except BaseException as error:  # noqa: BLE001 - reported as the run's status
        status = f"error: {type(error).__name__}: {error}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if fired:
        status = "timeout"
    elif out.overflow:
        status = "overflow"
    return Run(out.getvalue(), err.getvalue(), status)


def transpile(source: str) -> str:
    return movenext.transpile_source(source, FILENAME, format=False)


def _async_defs_left(compiled: str) -> int:
    return sum(isinstance(n, ast.AsyncFunctionDef) for n in ast.walk(ast.parse(compiled)))


def is_refusal(error: movenext.CompileError) -> bool:
    return any("movenext cannot compile" in d.message for d in error.diagnostics)


def check(source: str, timeout: float = TIMEOUT, prelude: str = "") -> Outcome:
    """Run `prelude + source` natively and compiled. Only `source` goes through
    movenext (the prelude has no `async def`; parsing it every time would
    cost a fifth of the time)."""
    source = prelude + source
    try:
        native_code = compile(source, FILENAME, "exec")
    except SyntaxError as error:
        return Outcome("invalid", source, detail=f"SyntaxError: {error}")
    try:
        compiled = transpile(source[len(prelude):])
        compiled = prelude + compiled
    except movenext.CompileError as error:
        if is_refusal(error):
            return Outcome("refused", source, detail=str(error))
        return Outcome("internal", source, detail=f"CompileError on a valid program:\n{error}")
    except Exception as error:  # noqa: BLE001 - an internal compiler error is the finding
        return Outcome(
            "internal", source, detail=f"{type(error).__name__} in transpile_source:\n{traceback.format_exc()}"
        )
    try:
        compiled_code = compile(compiled, FILENAME, "exec")
    except SyntaxError as error:
        return Outcome("internal", source, compiled, detail=f"compiled output is not valid Python: {error}")
    left = _async_defs_left(compiled)
    if left:
        return Outcome("internal", source, compiled, detail=f"{left} async def(s) left uncompiled")
    native = execute(native_code, timeout)
    if native.status in ("timeout", "overflow"):
        return Outcome("too-long", source, compiled, native, detail=native.status)
    result = execute(compiled_code, timeout)
    outcome = Outcome("same", source, compiled, native, result)
    if native.stdout != result.stdout or native.status != result.status:
        outcome.kind = "divergent"
    return outcome


def main(argv=None) -> int:
    """python -m tests.fuzz.runner FILE...: check saved programs in-process."""
    status = 0
    for path in argv if argv is not None else sys.argv[1:]:
        with open(path) as f:
            outcome = check(f.read())
        print(f"{path}: {outcome.kind}")
        if outcome.kind != "same":
            print(outcome.explain())
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
