"""Measurement machinery shared by the workloads.

* `load_program(name)` execs one file of `benchmarks/programs/` twice, into two
  fresh module namespaces: once as written (native) and once compiled with
  `movenext.transpile_source` (the state machines). Both variants therefore
  run the *same* `async def` source in the same process.
* `compare(native, compiled, ...)` runs two zero-argument callables
  alternately -- one warm-up call each, then `repeat` timed calls each, the
  order swapped every repetition so neither variant always runs second -- and
  keeps CPU time (`time.process_time`, the figure ratios are computed from)
  and wall time (`time.perf_counter`) of every call.

Garbage collection stays *enabled* while timing. Both variants allocate
GC-tracked objects (native coroutines and frames; machines, wrappers), and the
collections those allocations trigger are part of what each variant costs:
switching the collector off would hide a cost that grows with the number of
objects a variant allocates. What is not part of either variant is garbage
left by earlier runs and the harness's own large heap (libcst, compiled
modules): before every timed call the harness runs `gc.collect()` and then
`gc.freeze()`, so a call starts with nothing to collect and full collections
during it only look at objects the workload made.
"""

from __future__ import annotations

import gc
import linecache
import os
import platform
import statistics
import sys
import time
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

PROGRAMS = Path(__file__).resolve().parent / "programs"
ROOT = PROGRAMS.parent.parent  # the repository


# ---------------------------------------------------------------------------
# Programs: the same source, native and compiled.


@dataclass
class Variants:
    native: types.ModuleType
    compiled: types.ModuleType
    compiled_source: str


def compiled_filename(path: Path) -> str:
    """The file name compiled code runs under (registered with linecache, so
    tracebacks and profiles can show the generated lines)."""
    return f"{path} [movenext]"


def exec_module(name: str, source: str, filename: str) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__file__ = filename
    sys.modules[name] = module  # dataclasses and pickle look modules up here
    exec(compile(source, filename, "exec", dont_inherit=True), module.__dict__)
    return module


def load_program(name: str) -> Variants:
    import movenext

    path = PROGRAMS / f"{name}.py"
    source = path.read_text(encoding="utf-8")
    native = exec_module(f"_benchmark_native_{name}", source, str(path))
    compiled_source = movenext.transpile_source(source, str(path))
    filename = compiled_filename(path)
    linecache.cache[filename] = (len(compiled_source), None, compiled_source.splitlines(True), filename)
    compiled = exec_module(f"_benchmark_movenext_{name}", compiled_source, filename)
    return Variants(native, compiled, compiled_source)


# ---------------------------------------------------------------------------
# Timing.


@dataclass
class Sample:
    cpu: float
    wall: float


def clean_heap() -> None:
    """Start a timed call with no garbage to collect (see the module doc)."""
    gc.collect()
    gc.freeze()


def timed(function: Callable[[], Any]) -> tuple[Any, Sample]:
    clean_heap()
    cpu0 = time.process_time()
    wall0 = time.perf_counter()
    value = function()
    wall1 = time.perf_counter()
    cpu1 = time.process_time()
    return value, Sample(cpu1 - cpu0, wall1 - wall0)


@dataclass
class Comparison:
    native: list[Sample] = field(default_factory=list)
    compiled: list[Sample] = field(default_factory=list)
    native_value: Any = None
    compiled_value: Any = None

    @property
    def values_match(self) -> bool:
        return self.native_value == self.compiled_value


def compare(
    native: Callable[[], Any],
    compiled: Callable[[], Any],
    repeat: int,
    warmup: int = 1,
    progress: Callable[[str], None] | None = None,
) -> Comparison:
    """Warm up, then time `repeat` calls of each, alternating (see module doc)."""
    result = Comparison()
    for _ in range(warmup):
        result.native_value = native()
        result.compiled_value = compiled()
    for index in range(repeat):
        order = ((native, result.native), (compiled, result.compiled))
        if index % 2:
            order = order[::-1]
        for function, samples in order:
            value, sample = timed(function)
            samples.append(sample)
            if function is native:
                result.native_value = value
            else:
                result.compiled_value = value
        if progress is not None:
            progress(f"{index + 1}/{repeat}")
    return result


# ---------------------------------------------------------------------------
# Results.


@dataclass
class Result:
    """One workload's outcome. `ratio` = movenext / native (CPU medians, or
    bytes for `memory`); `target` is None when the workload has none."""

    name: str
    native: list[Sample]
    compiled: list[Sample]
    target: float | None
    unit: str = "s"  # what `ratio` compares: "s" (CPU time) or "B" (bytes)
    native_amount: float | None = None  # for unit "B": bytes per coroutine
    compiled_amount: float | None = None
    params: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    values_match: bool = True

    @property
    def native_cpu(self) -> float:
        return statistics.median(s.cpu for s in self.native)

    @property
    def compiled_cpu(self) -> float:
        return statistics.median(s.cpu for s in self.compiled)

    @property
    def native_wall(self) -> float:
        return statistics.median(s.wall for s in self.native)

    @property
    def compiled_wall(self) -> float:
        return statistics.median(s.wall for s in self.compiled)

    @property
    def ratio(self) -> float:
        if self.unit == "B":
            return self.compiled_amount / self.native_amount
        return self.compiled_cpu / self.native_cpu

    @property
    def time_ratio(self) -> float:
        return self.compiled_cpu / self.native_cpu

    @property
    def wall_ratio(self) -> float:
        return self.compiled_wall / self.native_wall

    @property
    def ratio_range(self) -> tuple[float, float] | None:
        """Smallest and largest ratio of the runs paired by repetition (the
        spread that noise gives a single pair of runs)."""
        if self.unit == "B" or not self.native or len(self.native) != len(self.compiled):
            return None
        ratios = [c.cpu / n.cpu for n, c in zip(self.native, self.compiled) if n.cpu > 0]
        return (min(ratios), max(ratios)) if ratios else None

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        return self.ratio <= self.target

    def to_json(self) -> dict:
        data = {
            "native_s": self.native_cpu,
            "movenext_s": self.compiled_cpu,
            "ratio": round(self.ratio, 4),
            "target": self.target,
            "met": self.met,
            "ratio_of": "bytes per coroutine" if self.unit == "B" else "CPU time",
            "native_wall_s": self.native_wall,
            "movenext_wall_s": self.compiled_wall,
            "time_ratio": round(self.time_ratio, 4),
            "wall_ratio": round(self.wall_ratio, 4),
            "ratio_range": [round(r, 4) for r in self.ratio_range] if self.ratio_range else None,
            "runs": len(self.native),
            "samples": {
                "native_cpu_s": [s.cpu for s in self.native],
                "movenext_cpu_s": [s.cpu for s in self.compiled],
                "native_wall_s": [s.wall for s in self.native],
                "movenext_wall_s": [s.wall for s in self.compiled],
            },
            "params": self.params,
            "results_match": self.values_match,
        }
        if self.unit == "B":
            data["native_bytes"] = self.native_amount
            data["movenext_bytes"] = self.compiled_amount
        if self.extra:
            data["extra"] = self.extra
        if self.notes:
            data["notes"] = self.notes
        return data


# ---------------------------------------------------------------------------
# The environment, for the header and the JSON file.


def python_description() -> str:
    return f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})"


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_description() -> dict:
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count()
    try:
        load = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        load = None
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "platform": platform.platform(),
        "load_average": load,
    }


def format_seconds(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.0f} us"
