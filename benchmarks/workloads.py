"""The workloads. Each class's docstring says what it measures and why it is
built the way it is; `python -m benchmarks --list` prints them.

A workload compares a native and a movenext variant of the same `async def`
source (the files in `benchmarks/programs/`). Most run both variants in this
process, alternately (`harness.compare`); `import_warm` and `echo_server`
need fresh interpreters and run children (`benchmarks/child.py`).
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from . import harness
from .harness import PROGRAMS, ROOT, Comparison, Result, Sample, compare


@dataclass
class Context:
    quick: bool = False
    repeat: int | None = None  # None: each workload's default
    log: Callable[[str], None] = lambda message: None
    workdir: Path | None = None  # scratch space for the whole run
    _programs: dict = field(default_factory=dict)

    def program(self, name: str) -> harness.Variants:
        if name not in self._programs:
            self._programs[name] = harness.load_program(name)
        return self._programs[name]

    def repeats(self, workload: "Workload") -> int:
        if self.repeat is not None:
            return self.repeat
        return workload.quick_repeat if self.quick else workload.repeat


class Workload:
    name = ""
    #: The issue's target for movenext/native; a dict maps (major, minor)
    #: lower bounds to targets (the newest bound <= the running Python wins).
    target: float | dict | None = None
    repeat = 5
    quick_repeat = 1

    def target_here(self) -> float | None:
        target = self.target
        if isinstance(target, dict):
            chosen = None
            for version, value in sorted(target.items()):
                if sys.version_info[:2] >= version:
                    chosen = value
            return chosen
        return target

    def summary(self) -> str:
        return (self.__doc__ or "").strip().splitlines()[0]

    # In-process workloads define callables(); the others override run().
    def params(self, quick: bool) -> dict:
        return {}

    def callables(self, context: Context, params: dict) -> tuple[Callable[[], Any], Callable[[], Any]]:
        raise NotImplementedError

    def run(self, context: Context) -> Result:
        params = self.params(context.quick)
        native, compiled = self.callables(context, params)
        comparison = compare(native, compiled, context.repeats(self), progress=context.log)
        return self.result(comparison, params)

    def result(self, comparison: Comparison, params: dict, **kwargs) -> Result:
        result = Result(
            self.name,
            comparison.native,
            comparison.compiled,
            self.target_here(),
            params=params,
            values_match=comparison.values_match,
            **kwargs,
        )
        if not comparison.values_match:
            result.notes.append(
                f"RESULTS DIFFER: native {comparison.native_value!r}, movenext {comparison.compiled_value!r}"
            )
        return result

    def profile_callable(self, context: Context, native: bool = False) -> Callable[[], Any]:
        """The call to profile (`--profile`): one timed call's worth of work."""
        params = self.params(context.quick)
        pair = self.callables(context, params)
        return pair[0] if native else pair[1]


def _driven(module, function: str, *args) -> Callable[[], Any]:
    """A call of `module.function(*args)` run to completion by a bare send loop."""
    coroutine_function = getattr(module, function)
    drive = module.drive
    return lambda: drive(coroutine_function(*args))


# ---------------------------------------------------------------------------
# Awaits with no event loop.


class SyncAwait(Workload):
    """10**6 awaits of a coroutine that returns at once, no event loop.

    Measures the synchronous fast path: awaiting a coroutine that finishes
    without suspending. Natively that is a coroutine object, a frame and a
    SEND; compiled, a type test at the await site and one call of the
    callee's body run directly (runtime/direct.py: no machine object unless
    it suspends). The outer loop is unrolled ten times and the whole thing
    runs in one `send()` (compiled: the outer coroutine's first step, its
    body run directly too), so the await dominates."""

    name = "sync_await"
    target = 0.7

    def params(self, quick):
        return {"awaits": 20_000 if quick else 1_000_000}

    def callables(self, context, params):
        program = context.program("awaits")
        n = params["awaits"]
        return (
            _driven(program.native, "sync_await", n),
            _driven(program.compiled, "sync_await", n),
        )


class SyncChain10(Workload):
    """10**5 awaits of a 10-deep chain of coroutines that return at once.

    Each outer iteration awaits level10(), which awaits level9(), ... down to
    level1(), which returns its argument: 10**6 awaits in all, each one a
    coroutine awaiting another coroutine, as in layered application code. A
    10-deep stack makes the cost of each level (frames, calls through the
    runtime) show, where sync_await has only one."""

    name = "sync_chain10"
    target = 0.6

    def params(self, quick):
        return {"chains": 2_000 if quick else 100_000, "depth": 10}

    def callables(self, context, params):
        program = context.program("awaits")
        n = params["chains"]
        return (
            _driven(program.native, "sync_chain10", n),
            _driven(program.compiled, "sync_chain10", n),
        )


class SuspendRoundtrip(Workload):
    """10**6 suspensions: a coroutine awaiting a generator that yields once.

    The awaitable is a `@types.coroutine` generator with one bare `yield`
    (identical in both variants: it is not an `async def`), and the driver is
    a bare `send(None)` loop, so each iteration is exactly one suspension and
    one resumption of the coroutine: on the compiled side the machine's
    `send()`, the driver's C `send()` into the generator (runtime/driving.py:
    the await is handed over), and one `move_next` when it returns, which
    hands over the next one. Unrolled ten times."""

    name = "suspend_roundtrip"
    target = 3.0

    def params(self, quick):
        return {"suspensions": 20_000 if quick else 300_000}

    def callables(self, context, params):
        program = context.program("awaits")
        n = params["suspensions"]
        return (
            _driven(program.native, "suspend_roundtrip", n),
            _driven(program.compiled, "suspend_roundtrip", n),
        )


class SuspendChain10(Workload):
    """10**5 iterations of awaiting a 10-deep chain that suspends once.

    As sync_chain10, but the innermost coroutine awaits the yield-once
    generator: each iteration creates ten coroutines, suspends through all ten
    levels out to the `send()` loop, and resumes through all ten back in (the
    path every `await` of a real I/O operation takes in a layered program)."""

    name = "suspend_chain10"
    target = 2.5

    def params(self, quick):
        return {"chains": 2_000 if quick else 30_000, "depth": 10}

    def callables(self, context, params):
        program = context.program("awaits")
        n = params["chains"]
        return (
            _driven(program.native, "suspend_chain10", n),
            _driven(program.compiled, "suspend_chain10", n),
        )


# ---------------------------------------------------------------------------
# asyncio (native asyncio, user code compiled or not).


class AsyncioSleep0(Workload):
    """`asyncio.run` of one task doing 2*10**5 `await asyncio.sleep(0)`.

    A compiled coroutine awaiting a native coroutine that suspends once, driven
    by asyncio's C Task: per await, the Task's `send()` into the machine, the
    driver's `send()` into the native `sleep()` coroutine (runtime/driving.py),
    one `move_next` when it returns and one event-loop iteration. The event loop's own work is the same in both
    variants and is most of the time, which is why the target is near 1.
    `asyncio.run`'s set-up is well under 1% of a run."""

    name = "asyncio_sleep0"
    target = 1.1

    def params(self, quick):
        return {"sleeps": 2_000 if quick else 100_000}

    def callables(self, context, params):
        program = context.program("aio")
        n = params["sleeps"]
        return (lambda: program.native.run_sleep0(n), lambda: program.compiled.run_sleep0(n))


class AsyncioTasks(Workload):
    """1000 tasks x 100 rounds of a little arithmetic and `asyncio.sleep(0)`.

    Many tasks interleaving: task creation, a 1000-entry ready queue, and a
    coroutine that keeps a few locals across each await (fields of the
    machine when compiled), then the parent awaiting every task."""

    name = "asyncio_tasks"
    target = 1.25

    def params(self, quick):
        return {"tasks": 100 if quick else 1000, "rounds": 20 if quick else 100}

    def callables(self, context, params):
        program = context.program("aio")
        args = (params["tasks"], params["rounds"])
        return (lambda: program.native.run_tasks(*args), lambda: program.compiled.run_tasks(*args))


class AsyncioQueue(Workload):
    """Producer/consumers over a bounded `asyncio.Queue`: 10**5 items.

    One producer, two consumers, maxsize 64. Most `await queue.put()` and
    `await queue.get()` complete without suspending (the queue is neither
    full nor empty): a compiled coroutine awaiting a *native* coroutine that
    returns at once, which the driver awaits and then re-enters `move_next`;
    the rest suspend on the queue's futures."""

    name = "asyncio_queue"
    target = 1.2

    def params(self, quick):
        return {"items": 5_000 if quick else 100_000, "consumers": 2, "maxsize": 64}

    def callables(self, context, params):
        program = context.program("aio")
        args = (params["items"], params["consumers"], params["maxsize"])
        return (lambda: program.native.run_queue(*args), lambda: program.compiled.run_queue(*args))


class AsyncGen(Workload):
    """`async for` over an async generator of 10**5 items, 3 passes a run.

    The generator and its consumer are both compiled (or both native); the
    consumer runs in one `send()` as nothing suspends. Per item natively:
    `__anext__` creating an `asend` awaitable, the generator's frame to its
    next `yield`, and the StopIteration that carries the value out;
    compiled: `anext_direct` (no awaitable, no StopIteration: see
    runtime/asyncgen.py) and the generator's `move_next` to its next
    `yield`."""

    name = "asyncgen"
    target = {(3, 11): 1.2, (3, 13): 0.7}

    def params(self, quick):
        return {"items": 10_000 if quick else 100_000, "passes": 1 if quick else 3}

    def callables(self, context, params):
        program = context.program("agen")
        args = (params["items"], params["passes"])
        return (lambda: program.native.run(*args), lambda: program.compiled.run(*args))


# ---------------------------------------------------------------------------
# Memory.


class Memory(Workload):
    """Bytes per suspended coroutine with 3 live locals (10**5 of them).

    `tracemalloc` counts what creating and starting 10**5 coroutines
    allocates, each suspended at an await with three locals live across it.
    The awaitable and the locals' values are shared objects, so the count is
    the coroutine alone: natively the coroutine object with its frame,
    compiled the machine object with its fields. The ratio compares bytes;
    the times are of the whole life cycle (create, start, suspend, destroy)."""

    name = "memory"
    target = 0.6
    repeat = 5

    def params(self, quick):
        return {"coroutines": 2_000 if quick else 100_000}

    def _lifecycle(self, module, n):
        def run():
            coroutines = [None] * n
            module.park_all(coroutines)
            coroutines.clear()  # destroys (closes) every coroutine
            return n

        return run

    def callables(self, context, params):
        program = context.program("parked")
        n = params["coroutines"]
        return self._lifecycle(program.native, n), self._lifecycle(program.compiled, n)

    @staticmethod
    def bytes_per_coroutine(module, n: int) -> float:
        coroutines = [None] * n
        harness.clean_heap()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            module.park_all(coroutines)
            after = tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
        coroutines.clear()
        return (after - before) / n

    def run(self, context):
        params = self.params(context.quick)
        native, compiled = self.callables(context, params)
        comparison = compare(native, compiled, context.repeats(self), progress=context.log)
        program = context.program("parked")
        n = params["coroutines"]
        # Deterministic up to allocator noise: the smaller of two counts.
        native_bytes = min(self.bytes_per_coroutine(program.native, n) for _ in range(2))
        compiled_bytes = min(self.bytes_per_coroutine(program.compiled, n) for _ in range(2))
        return self.result(
            comparison, params, unit="B", native_amount=native_bytes, compiled_amount=compiled_bytes
        )


# ---------------------------------------------------------------------------
# The compiler.


def _asyncio_sources(quick: bool) -> list[tuple[str, str]]:
    import asyncio

    directory = Path(asyncio.__file__).parent
    files = sorted(directory.glob("*.py"))
    if quick:
        files = [f for f in files if f.name == "staggered.py"]
    return [(str(f), f.read_text(encoding="utf-8")) for f in files]


class Transpile(Workload):
    """Compiling the stdlib `asyncio` package vs a bare libcst round trip.

    movenext: `transpile_source(src, path, format=False)` on every `.py` file
    of the running interpreter's `asyncio` (what the import hook compiles:
    the code, without black formatting for people). Baseline:
    `libcst.parse_module(src).code` on the same files, the parse and
    regeneration any libcst-based tool pays; the ratio is therefore the
    compiler's own work relative to its parser. (Black formatting, which
    `movenext transpile` adds for people, is left out: it is black's cost,
    not the compiler's.) Warm-up: one small file each (imports, caches)."""

    name = "transpile"
    target = 2.5
    repeat = 3

    def params(self, quick):
        sources = _asyncio_sources(quick)
        return {
            "files": len(sources),
            "bytes": sum(len(s) for _, s in sources),
            "package": "asyncio/staggered.py" if quick else "asyncio",
        }

    def callables(self, context, params):
        import libcst

        import movenext

        sources = _asyncio_sources(context.quick)

        # Both return the number of files done (their outputs differ, of course).
        def native():
            for _, source in sources:
                libcst.parse_module(source).code
            return len(sources)

        def compiled():
            for path, source in sources:
                movenext.transpile_source(source, path, format=False)
            return len(sources)

        return native, compiled

    def run(self, context):
        import libcst

        import movenext

        params = self.params(context.quick)
        native, compiled = self.callables(context, params)
        # Warm up on one small file only: a warm-up of the whole package
        # would double the workload's time for nothing.
        path, source = min(_asyncio_sources(True), key=lambda item: len(item[1]))
        libcst.parse_module(source).code
        movenext.transpile_source(source, path, format=False)
        comparison = compare(native, compiled, context.repeats(self), warmup=0, progress=context.log)
        return self.result(comparison, params)


# ---------------------------------------------------------------------------
# Children: fresh interpreters.


def child_environment() -> dict[str, str]:
    """The environment of a child: this one without what changes imports.
    (Children put their caches under the `--cache` directory they are given,
    never in the repository or the Python installation: see child.py.)"""
    scrubbed = (
        "PYTHONPYCACHEPREFIX",
        "PYTHONOPTIMIZE",
        "PYTHONSTARTUP",
        "PYTHONWARNINGS",
        "PYTHONDEVMODE",
        "PYTHONPROFILEIMPORTTIME",
        "MOVENEXT_INCLUDE",
        "COVERAGE_PROCESS_START",
    )
    env = {key: value for key, value in os.environ.items() if key not in scrubbed}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    return env


def run_child(arguments: list[str], env: dict[str, str], profile: str | None = None) -> dict:
    """Run `python -m benchmarks.child ARGUMENTS`; return the JSON it prints."""
    env = dict(env)
    if profile:
        env["MOVENEXT_BENCH_PROFILE"] = profile
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.child", *arguments],
        cwd=str(ROOT),
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"benchmark child {arguments} failed with status {completed.returncode}:\n{completed.stderr}"
        )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _scratch(context: Context, name: str) -> Path:
    base = context.workdir or Path(tempfile.mkdtemp(prefix="movenext-bench-"))
    path = base / name
    path.mkdir(parents=True, exist_ok=True)
    return path


class ImportWarm(Workload):
    """Importing a package of 200 compiled modules from a warm cache.

    A package of N copies of an ordinary application module
    (programs/module_template.py: 8 async functions and methods, one an
    async generator, among classes, a dataclass and plain functions) is
    imported in a fresh
    interpreter, natively from warm `.pyc` files, and through movenext's
    import hook from its warm cache. Each child times only `import pkg`
    (perf_counter and process_time around it); stdlib modules the package
    uses and `movenext.runtime` are imported before the clock starts (the
    runtime's one-off import is reported separately). Many modules, so the
    cost per module (finding, reading, checking the source hash, unmarshal,
    executing the module body: class creation for each machine) dominates.
    Children alternate native/movenext; caches are primed by an untimed
    child of each kind first."""

    name = "import_warm"
    target = 1.1
    repeat = 7
    quick_repeat = 1

    def params(self, quick):
        return {"modules": 4 if quick else 200}

    def _package(self, context: Context, modules: int) -> Path:
        root = _scratch(context, f"import-{modules}")
        package = root / "benchpkg"
        if not package.exists():
            package.mkdir()
            template = (PROGRAMS / "module_template.py").read_text(encoding="utf-8")
            names = [f"m{index:03d}" for index in range(modules)]
            for name in names:
                (package / f"{name}.py").write_text(template, encoding="utf-8")
            (package / "__init__.py").write_text(
                "".join(f"from . import {name}\n" for name in names), encoding="utf-8"
            )
        return root

    @staticmethod
    def _arguments(variant: str, root: Path, params: dict) -> list[str]:
        return [
            "import",
            f"--variant={variant}",
            f"--root={root}",
            "--package=benchpkg",
            f"--modules={params['modules'] + 1}",  # and __init__
            f"--cache={root / 'pycache'}",
        ]

    def run(self, context):
        params = self.params(context.quick)
        root = self._package(context, params["modules"])
        env = child_environment()
        arguments = {variant: self._arguments(variant, root, params) for variant in ("native", "movenext")}
        for variant in ("native", "movenext"):  # prime both caches
            run_child(arguments[variant] + ["--prime"], env)
        native, compiled, runtime_imports, warnings = [], [], [], set()
        repeat = context.repeats(self)
        for index in range(repeat):
            order = ("native", "movenext") if index % 2 == 0 else ("movenext", "native")
            for variant in order:
                data = run_child(arguments[variant], env)
                (native if variant == "native" else compiled).append(Sample(data["cpu"], data["wall"]))
                if variant == "movenext":
                    runtime_imports.append(data["runtime_import_s"])
                    if "warning" in data:
                        warnings.add(data["warning"])
            context.log(f"{index + 1}/{repeat}")
        comparison = Comparison(native, compiled)
        result = self.result(comparison, params)
        result.notes.extend(f"cache not warm: {warning}" for warning in sorted(warnings))
        result.extra["runtime_import_s"] = sorted(runtime_imports)[len(runtime_imports) // 2]
        result.notes.append(
            "movenext.runtime's one-off import, not in the times: "
            f"{harness.format_seconds(result.extra['runtime_import_s'])}"
        )
        return result

    def profile_child(self, context: Context, profile: str, native: bool = False) -> None:
        params = self.params(context.quick)
        root = self._package(context, params["modules"])
        env = child_environment()
        arguments = self._arguments("native" if native else "movenext", root, params)
        run_child(arguments + ["--prime"], env)
        run_child(arguments, env, profile=profile)


class EchoServer(Workload):
    """TCP echo over loopback with asyncio streams, everything compiled.

    50 clients x 200 lines of 64 bytes against one `asyncio.start_server`
    echo server, all in one event loop: `readline()`, `write()`, `drain()`.
    "Everything compiled": the program and asyncio itself, through the import
    hook (`movenext run --include asyncio`), so the awaits inside
    `StreamReader.readline` and friends are machines too; that needs a fresh
    interpreter per variant, so children alternate (one untimed warm-up run
    and one timed run each). `--quick` compiles only `asyncio.streams` of
    asyncio (compiling the whole package takes seconds). System calls and
    the selector are the same in both variants and a large share of the
    time. No target: a realistic end-to-end figure."""

    name = "echo_server"
    target = None
    repeat = 5

    def params(self, quick):
        return {
            "clients": 5 if quick else 50,
            "messages": 20 if quick else 200,
            "compiled": "program + asyncio.streams" if quick else "program + asyncio",
        }

    def _arguments(self, context: Context, params: dict) -> dict:
        program = context.program("echo")
        compiled_file = _scratch(context, "echo") / "echo_movenext.py"
        compiled_file.write_text(program.compiled_source, encoding="utf-8")
        include = "asyncio.streams" if context.quick else "asyncio"
        size = [
            f"--clients={params['clients']}",
            f"--messages={params['messages']}",
            f"--cache={_scratch(context, 'echo') / 'pycache'}",
        ]
        return {
            "native": ["echo", "--variant=native", f"--program={PROGRAMS / 'echo.py'}", *size],
            "movenext": ["echo", "--variant=movenext", f"--program={compiled_file}", f"--include={include}", *size],
        }

    def _prime(self, arguments: dict, env: dict) -> dict:
        """Compile asyncio into the cache, and cache the stdlib's bytecode."""
        primed = run_child(arguments["movenext"] + ["--prime"], env)
        run_child(arguments["native"] + ["--prime"], env)
        return primed

    def run(self, context):
        params = self.params(context.quick)
        arguments = self._arguments(context, params)
        env = child_environment()
        context.log("compiling asyncio into the cache")
        primed = self._prime(arguments, env)
        native, compiled = [], []
        values = {}
        repeat = context.repeats(self)
        for index in range(repeat):
            order = ("native", "movenext") if index % 2 == 0 else ("movenext", "native")
            for variant in order:
                data = run_child(arguments[variant], env)
                (native if variant == "native" else compiled).append(Sample(data["cpu"], data["wall"]))
                values[variant] = data["value"]
            context.log(f"{index + 1}/{repeat}")
        comparison = Comparison(native, compiled, values.get("native"), values.get("movenext"))
        result = self.result(comparison, params)
        result.extra["asyncio_functions_compiled"] = primed["compiled_functions"]
        return result

    def profile_child(self, context: Context, profile: str, native: bool = False) -> None:
        params = self.params(context.quick)
        arguments = self._arguments(context, params)
        env = child_environment()
        self._prime(arguments, env)
        run_child(arguments["native" if native else "movenext"], env, profile=profile)


WORKLOADS: dict[str, Workload] = {
    workload.name: workload
    for workload in (
        SyncAwait(),
        SyncChain10(),
        SuspendRoundtrip(),
        SuspendChain10(),
        AsyncioSleep0(),
        AsyncioTasks(),
        AsyncioQueue(),
        AsyncGen(),
        Memory(),
        Transpile(),
        ImportWarm(),
        EchoServer(),
    )
}
