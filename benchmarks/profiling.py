"""`--profile NAME`: one run of a workload under cProfile, and a report of
where the time goes, by function and by area (movenext's runtime, the
generated state machines, asyncio, ...).

cProfile charges a fixed overhead to every Python call, so it exaggerates
call-heavy code (which compiled code is); the shares are a guide to where to
look, the benchmark's own timings are the measurement.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import sysconfig
from collections import defaultdict

from . import harness

RUNTIME = os.path.join(str(harness.ROOT), "movenext", "runtime") + os.sep
MOVENEXT = os.path.join(str(harness.ROOT), "movenext") + os.sep
STDLIB = sysconfig.get_paths()["stdlib"] + os.sep


def profile_workload(workload, context, output: str, native: bool = False) -> None:
    profile_child = getattr(workload, "profile_child", None)
    if profile_child is not None:  # runs in children: they profile themselves
        profile_child(context, output, native=native)
        return
    function = workload.profile_callable(context, native=native)
    function()  # warm-up
    harness.clean_heap()
    profiler = cProfile.Profile()
    profiler.runcall(function)
    profiler.dump_stats(output)


def area(filename: str) -> str:
    if filename.endswith("[movenext]") or filename == "echo_movenext.py" or "echo_movenext" in filename:
        return "generated state machines"
    if filename.startswith(RUNTIME):
        return "movenext runtime"
    if filename.startswith(MOVENEXT):
        return "movenext (compiler, hook)"
    if filename == "~":
        return "builtins (C)"
    if filename.startswith(STDLIB):
        if "asyncio" in filename:
            return "asyncio"
        return "stdlib (other)"
    if "site-packages" in filename:
        return "site-packages"
    return "benchmark programs / other"


def short(filename: str) -> str:
    for prefix in (str(harness.ROOT) + os.sep, STDLIB):
        if filename.startswith(prefix):
            return filename[len(prefix):]
    if "site-packages" + os.sep in filename:
        return filename.split("site-packages" + os.sep, 1)[1]
    return filename


def report(path: str, top: int = 25) -> str:
    stats = pstats.Stats(path)
    entries = stats.stats  # (file, line, name) -> (cc, nc, tottime, cumtime, callers)
    total = sum(entry[2] for entry in entries.values()) or 1e-12
    lines = [f"total {total:.3f} s of profiled time (cProfile; shares of self time)", ""]
    by_area = defaultdict(float)
    for (filename, _, _), entry in entries.items():
        by_area[area(filename)] += entry[2]
    lines.append("by area:")
    for name, seconds in sorted(by_area.items(), key=lambda item: -item[1]):
        lines.append(f"  {seconds / total:6.1%}  {name}")
    lines.append("")
    lines.append(f"top {top} functions by self time:")
    lines.append(f"  {'self':>6}  {'cum':>6}  {'calls':>9}  function")
    ranked = sorted(entries.items(), key=lambda item: -item[1][2])[:top]
    for (filename, line, name), (_, calls, tottime, cumtime, _) in ranked:
        where = f"{short(filename)}:{line}({name})" if filename != "~" else name
        lines.append(f"  {tottime / total:6.1%}  {cumtime / total:6.1%}  {calls:>9}  {where}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(sys.argv[1]))
