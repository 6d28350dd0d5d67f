"""`python -m benchmarks`: run the workloads, print the table (and JSON).

    python -m benchmarks                      # everything (a few minutes)
    python -m benchmarks --quick              # CI-sized smoke run (seconds)
    python -m benchmarks --only sync_await --only memory --repeat 9
    python -m benchmarks --json results.json
    python -m benchmarks --list               # the workloads and what they measure
    python -m benchmarks --profile asyncgen   # where the compiled variant's time goes

A benchmark, not a test: nothing here fails because a target is missed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import shutil
import sys
import tempfile
import textwrap
from pathlib import Path

from . import harness
from .workloads import WORKLOADS, Context, Workload

COLUMNS = (
    ("workload", 18, "<"),
    ("native", 10, ">"),
    ("movenext", 10, ">"),
    ("ratio", 6, ">"),
    ("(range)", 13, "<"),
    ("wall", 6, ">"),
    ("target", 6, ">"),
    ("met?", 4, "<"),
)


def _row(cells) -> str:
    return "  ".join(f"{cell:{align}{width}}" for cell, (_, width, align) in zip(cells, COLUMNS)).rstrip()


def _cells(result: harness.Result) -> list[str]:
    if result.unit == "B":
        native = f"{result.native_amount:.0f} B"
        compiled = f"{result.compiled_amount:.0f} B"
    else:
        native = harness.format_seconds(result.native_cpu)
        compiled = harness.format_seconds(result.compiled_cpu)
    spread = result.ratio_range
    met = {None: "-", True: "yes", False: "no"}[result.met]
    return [
        result.name,
        native,
        compiled,
        f"{result.ratio:.2f}",
        f"({spread[0]:.2f}-{spread[1]:.2f})" if spread else "",
        f"{result.wall_ratio:.2f}" if result.unit == "s" else "",
        f"{result.target:g}" if result.target is not None else "-",
        met,
    ]


def header(quick: bool, repeat: int | None) -> list[str]:
    machine = harness.machine_description()
    load = machine["load_average"]
    lines = [
        f"movenext benchmarks{' (--quick)' if quick else ''}: movenext / native, same async def source",
        f"python   {harness.python_description()}",
        f"machine  {machine['cpu']}, {machine['cores']} cores ({machine['usable_cores']} usable), "
        f"{machine['platform']}" + (f", load {load[0]:.2f}" if load else ""),
        "times    CPU (process_time), median of alternating runs"
        + (f" ({repeat} each)" if repeat else "")
        + "; 'wall' is the ratio of wall-clock medians",
        "gc       enabled while timing; collected and frozen before each run (see harness.py)",
        "",
        _row([name for name, _, _ in COLUMNS]),
        _row(["-" * width for _, width, _ in COLUMNS]),
    ]
    return lines


class Progress:
    """Progress on stderr when it is a terminal; silent otherwise."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.name = ""

    def __call__(self, message: str) -> None:
        if self.enabled:
            sys.stderr.write(f"\r\033[K  {self.name}: {message}")
            sys.stderr.flush()

    def clear(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def run(arguments) -> int:
    selected = _select(arguments.only)
    workdir = Path(tempfile.mkdtemp(prefix="movenext-bench-"))
    progress = Progress()
    context = Context(quick=arguments.quick, repeat=arguments.repeat, log=progress, workdir=workdir)
    print("\n".join(header(arguments.quick, arguments.repeat)), flush=True)
    results: list[harness.Result] = []
    try:
        for workload in selected:
            progress.name = workload.name
            progress("starting")
            result = workload.run(context)
            progress.clear()
            results.append(result)
            print(_row(_cells(result)), flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    notes = [(r.name, note) for r in results for note in r.notes]
    if notes:
        print()
        for name, note in notes:
            print(textwrap.fill(note, 100, initial_indent=f"{name}: ", subsequent_indent="    "))
    if arguments.json:
        document = {
            "python": harness.python_description(),
            "python_version": ".".join(map(str, sys.version_info[:3])),
            "machine": harness.machine_description(),
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "movenext_version": _movenext_version(),
            "settings": {
                "quick": arguments.quick,
                "repeat": arguments.repeat,
                "clock": "process_time (ratios), perf_counter (wall)",
                "gc": "enabled; gc.collect() and gc.freeze() before each timed run",
            },
            "workloads": {r.name: r.to_json() for r in results},
        }
        Path(arguments.json).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    mismatched = [r.name for r in results if not r.values_match]
    if mismatched:
        print(f"\nWARNING: native and movenext results differ in {', '.join(mismatched)}", file=sys.stderr)
    return 0


def _movenext_version() -> str:
    import movenext

    return movenext.__version__


def _select(only: list[str] | None) -> list[Workload]:
    if not only:
        return list(WORKLOADS.values())
    names = [name for item in only for name in item.split(",") if name]
    unknown = [name for name in names if name not in WORKLOADS]
    if unknown:
        raise SystemExit(f"unknown workload(s): {', '.join(unknown)}; known: {', '.join(WORKLOADS)}")
    return [WORKLOADS[name] for name in names]


def list_workloads() -> int:
    for workload in WORKLOADS.values():
        target = workload.target_here()
        print(f"{workload.name}  (target {target if target is not None else 'none'})")
        print(textwrap.indent(textwrap.dedent("    " + (workload.__doc__ or "").strip()), "    "))
        print()
    return 0


def profile(arguments) -> int:
    from . import profiling

    [workload] = _select([arguments.profile])
    workdir = Path(tempfile.mkdtemp(prefix="movenext-bench-"))
    try:
        context = Context(quick=arguments.quick, repeat=1, workdir=workdir)
        output = arguments.profile_out or str(workdir / "profile.pstats")
        profiling.profile_workload(workload, context, output, native=arguments.native)
        variant = "native" if arguments.native else "movenext"
        print(f"{workload.name} ({variant} variant), {harness.python_description()}")
        print(profiling.report(output, top=arguments.top))
        if arguments.profile_out:
            print(f"\n(statistics written to {arguments.profile_out}: python -m pstats {arguments.profile_out})")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="movenext vs native: the same async def source, measured side by side.",
    )
    parser.add_argument("--quick", action="store_true", help="CI-sized smoke run (a few seconds)")
    parser.add_argument("--only", action="append", metavar="NAME", help="run only this workload (repeatable)")
    parser.add_argument("--repeat", type=int, metavar="N", help="timed runs per variant (default: per workload)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--list", action="store_true", help="list the workloads and what they measure")
    parser.add_argument("--profile", metavar="NAME", help="profile one run of a workload (cProfile) instead")
    parser.add_argument("--native", action="store_true", help="with --profile: the native variant")
    parser.add_argument("--top", type=int, default=25, help="with --profile: functions to list (25)")
    parser.add_argument("--profile-out", metavar="FILE", help="with --profile: keep the pstats file")
    arguments = parser.parse_args(argv)
    if arguments.repeat is not None and arguments.repeat < 1:
        parser.error("--repeat must be at least 1")
    if arguments.list:
        return list_workloads()
    if arguments.profile:
        return profile(arguments)
    return run(arguments)


if __name__ == "__main__":
    sys.exit(main())
