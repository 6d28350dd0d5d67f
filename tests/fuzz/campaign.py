"""`python -m tests.fuzz`: generate programs, compare, shrink and save divergences.

A campaign runs in chunks. Each chunk is one hypothesis run (`@given`) with
its own seed and at most `--chunk` examples. The first *new* failure of a
chunk (divergent trace or internal compiler error) stops it: hypothesis
shrinks the program, the minimal program is confirmed in subprocesses with
the differential harness and saved to tests/fuzz/regressions/, and the next
chunk starts with the next seed. Failures that tests/fuzz/known.py recognises
(already diagnosed and saved) are counted but do not stop the campaign, so a
long run keeps finding *other* bugs; while shrinking they do not count as
failures either, so the shrinker cannot slip from a new bug to a known one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings

from . import known, runner
from .grammar import Size, programs
from .prelude import PRELUDE

HERE = Path(__file__).resolve().parent
REGRESSIONS = HERE / "regressions"
ROOT = HERE.parents[1]


class Divergence(Exception):
    """Raised inside the hypothesis test so that hypothesis shrinks."""

    def __init__(self, outcome: runner.Outcome):
        super().__init__(outcome.kind)
        self.outcome = outcome


@dataclass
class Stats:
    kinds: Counter = field(default_factory=Counter)  # outcome kind of generated programs
    known: Counter = field(default_factory=Counter)  # known failures, by name
    features: Counter = field(default_factory=Counter)
    shrink_runs: int = 0
    found: list = field(default_factory=list)  # saved regression paths
    lines: int = 0

    @property
    def programs(self) -> int:
        return sum(self.kinds.values())

    def summary(self) -> str:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.kinds.items()))
        text = f"{self.programs} programs ({kinds})"
        if self.known:
            text += "; known: " + ", ".join(f"{k} {v}" for k, v in sorted(self.known.items()))
        return text


def hypothesis_settings(examples: int, *, derandomize: bool = False, shrink: bool = True) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=derandomize,
        database=None,
        phases=(Phase.generate, Phase.shrink) if shrink else (Phase.generate,),
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        print_blob=False,
        verbosity=Verbosity.quiet,
    )


def run_chunk(stats: Stats, examples: int, chunk_seed: int, size: Size, use_known: bool, shrink: bool):
    """One hypothesis run. Returns the minimal failing Outcome, or None."""
    state = {"shrinking": False}

    @seed(chunk_seed)
    @hypothesis_settings(examples, shrink=shrink)
    @given(programs(size))
    def test(program):
        outcome = runner.check(program.body, prelude=PRELUDE)
        if state["shrinking"]:
            stats.shrink_runs += 1
        else:
            stats.kinds[outcome.kind] += 1
            stats.features.update(program.features)
            stats.lines += program.body.count("\n")
        if not outcome.failed:
            return
        name = known.classify(outcome) if use_known else None
        if name is not None:
            if not state["shrinking"]:
                stats.known[name] += 1
            return
        state["shrinking"] = True
        raise Divergence(outcome)

    try:
        test()
    except Divergence as failure:
        return failure.outcome
    return None


def confirm(source: str, python: str = sys.executable) -> tuple[bool, str]:
    """Run the program in fresh interpreters (the differential harness)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz_regression.py"
        path.write_text(source)
        code = (
            "import sys, json; from pathlib import Path;"
            "from tests.differential.harness import differential, explain;"
            "n, c, p = differential(Path(sys.argv[1]), Path(sys.argv[2]));"
            "print(json.dumps([n.stdout == c.stdout and n.returncode == c.returncode, explain(n, c, p)]))"
        )
        try:
            completed = subprocess.run(
                [python, "-c", code, str(path), str(Path(tmp) / "out")],
                capture_output=True,
                text=True,
                cwd=ROOT,
                timeout=300,
            )
        except subprocess.TimeoutExpired:
            return True, "subprocess confirmation timed out"
        if completed.returncode != 0:  # the harness itself failed: e.g. an internal compiler error
            return True, completed.stderr[-3000:]
        same, explanation = json.loads(completed.stdout.splitlines()[-1])
        return not same, explanation


def save_regression(outcome: runner.Outcome, directory: Path, note: str) -> Path:
    body = outcome.source[len(PRELUDE) :] if outcome.source.startswith(PRELUDE) else outcome.source
    digest = hashlib.sha1(body.encode()).hexdigest()[:8]
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{outcome.kind}_{digest}.py"
    what = {
        "divergent": "native and compiled traces differ",
        "internal": "movenext fails to compile a valid program",
    }[outcome.kind]
    header = [
        f"# Fuzz regression (tests/fuzz): {what}.",
        f"# {note}",
        "# Not yet diagnosed: see the fuzz report; add `# fuzz-xfail: <diagnosis>` while it fails.",
        "#",
    ]
    header += ["# " + line if line else "#" for line in outcome.explain().splitlines()[:80]]
    path.write_text("\n".join(header) + "\n" + PRELUDE + body)
    return path


def campaign(args) -> int:
    size = Size.named(args.size)
    stats = Stats()
    started = time.time()
    chunk_index = 0
    version = ".".join(map(str, sys.version_info[:3]))
    print(f"fuzzing on Python {version}: {args.examples} programs, size {args.size}, seed {args.seed}", flush=True)
    while stats.programs < args.examples:
        chunk_seed = args.seed * 1_000_003 + chunk_index
        chunk_index += 1
        remaining = min(args.chunk, args.examples - stats.programs)
        before = stats.programs
        t0 = time.time()
        failure = run_chunk(stats, remaining, chunk_seed, size, not args.no_known, not args.no_shrink)
        if stats.programs == before and failure is None:
            print("hypothesis generated nothing; stopping", flush=True)
            break
        print(
            f"chunk {chunk_index} (seed {chunk_seed}): {stats.programs - before} programs in {time.time() - t0:.0f}s;"
            f" total {stats.summary()}",
            flush=True,
        )
        if failure is None:
            continue
        print(f"--- {failure.kind}, shrunk ({stats.shrink_runs} shrink runs so far):", flush=True)
        print(failure.source[len(PRELUDE) :] if failure.source.startswith(PRELUDE) else failure.source)
        print(failure.explain(), flush=True)
        reproduced, explanation = confirm(failure.source)
        print(f"--- subprocess confirmation: {'reproduced' if reproduced else 'NOT reproduced (in-process only)'}")
        if not args.no_save:
            note = f"Found on Python {version}, seed {chunk_seed}; subprocess: {'reproduced' if reproduced else 'not reproduced'}."
            path = save_regression(failure, Path(args.save_dir), note)
            stats.found.append(str(path))
            print(f"--- saved {path}", flush=True)
    elapsed = time.time() - started
    print(f"\n{stats.summary()}")
    print(f"shrink runs {stats.shrink_runs}; mean program {stats.lines / max(stats.programs, 1):.0f} lines; {elapsed:.0f}s")
    if args.features:
        for name, count in sorted(stats.features.items()):
            print(f"  {count:6d} {name}")
    if stats.found:
        print("new regressions:\n  " + "\n  ".join(stats.found))
    if args.log:
        with open(args.log, "a") as log:
            record = {
                "python": version,
                "seed": args.seed,
                "size": args.size,
                "programs": stats.programs,
                "kinds": dict(stats.kinds),
                "known": dict(stats.known),
                "found": stats.found,
                "seconds": round(elapsed),
            }
            log.write(json.dumps(record) + "\n")
    return 1 if stats.found else 0


def show(args) -> int:
    size = Size.named(args.size)
    shown = []

    @seed(args.seed)
    @hypothesis_settings(args.show, shrink=False)
    @given(programs(size))
    def collect(program):
        shown.append(program)

    collect()
    for program in shown[-args.show :]:
        outcome = runner.check(program.body, prelude=PRELUDE)
        print("#" * 70)
        print(program.body)
        print(f"# ---- {outcome.kind}; native trace:")
        if outcome.native_run is not None:
            print("\n".join("# " + line for line in outcome.native_run.stdout.splitlines()))
        if outcome.kind != "same":
            print(outcome.explain())
    return 0


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=200, help="programs to generate (default 200)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--python", help="run the campaign under this interpreter (re-executes)")
    parser.add_argument("--size", choices=("ci", "default", "large"), default="default")
    parser.add_argument("--chunk", type=int, default=250, help="programs per hypothesis run")
    parser.add_argument("--save-dir", default=str(REGRESSIONS))
    parser.add_argument("--no-save", action="store_true", help="do not write regression files")
    parser.add_argument("--no-known", action="store_true", help="stop at known failures too")
    parser.add_argument("--no-shrink", action="store_true")
    parser.add_argument("--features", action="store_true", help="print how often each construct was generated")
    parser.add_argument("--log", help="append a JSON summary line to this file")
    parser.add_argument("--show", type=int, default=0, help="print N generated programs with their traces and exit")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse(argv)
    if args.python and os.path.realpath(args.python) != os.path.realpath(sys.executable):
        rest = [a for i, a in enumerate(argv) if a != "--python" and (i == 0 or argv[i - 1] != "--python")]
        rest = [a for a in rest if not a.startswith("--python=")]
        return subprocess.call([args.python, "-m", "tests.fuzz", *rest], cwd=ROOT)
    if args.show:
        return show(args)
    return campaign(args)
