"""CI smoke test of the benchmark runner: `python -m benchmarks --quick` runs
and writes a JSON file with every workload. Only that it runs is checked --
never how fast: a benchmark is not a timed test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORKLOADS = (
    "sync_await",
    "sync_chain10",
    "suspend_roundtrip",
    "suspend_chain10",
    "asyncio_sleep0",
    "asyncio_tasks",
    "asyncio_queue",
    "asyncgen",
    "memory",
    "transpile",
    "import_warm",
    "echo_server",
)


def test_quick_run_reports_every_workload(tmp_path):
    output = tmp_path / "quick.json"
    # Nothing from the test run (the hook's MOVENEXT_INCLUDE, coverage) may
    # leak into the benchmark processes.
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("MOVENEXT_INCLUDE", "COVERAGE_PROCESS_START", "PYTHONPYCACHEPREFIX")
    }
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--json", str(output)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    for name in WORKLOADS:
        assert name in completed.stdout  # a row of the table

    data = json.loads(output.read_text(encoding="utf-8"))
    assert {"python", "machine", "date", "workloads"} <= set(data)
    assert set(data["workloads"]) == set(WORKLOADS)
    for name, workload in data["workloads"].items():
        assert workload["native_s"] > 0, name
        assert workload["movenext_s"] > 0, name
        assert workload["ratio"] > 0, name
        assert "target" in workload, name
        # Native and compiled runs computed the same thing (a correctness
        # check, not a timing one).
        assert workload["results_match"], (name, workload.get("notes"))


def test_floors_run_and_name_every_floor(capsys):
    """`python -m benchmarks.floors` (the least this design can cost): its
    stand-ins compute what the native versions compute, and it prints a row
    per floor. Never how fast."""
    from benchmarks import floors

    assert floors._floor_async_for(100) == floors._run_to_end(floors._consume(100)) == sum(range(100))
    assert floors._floor_sync_awaits(100) == floors._run_to_end(floors._awaiting(100))
    floors._floor_suspensions(100)  # runs to its end
    original = floors._ITEMS
    floors._best_ns.__defaults__ = (1_000,)
    try:
        floors.main()
    finally:
        floors._best_ns.__defaults__ = (original,)
    printed = capsys.readouterr().out
    assert all(name in printed for name, *_ in floors.FLOORS)
