"""Failures already diagnosed and saved as regressions (see regressions/).

`classify(outcome)` names the known bug an outcome shows, or None. A
campaign counts known failures without stopping on them, so it goes on to
find other bugs; the CI test tolerates them (their regression files carry
strict xfails, which flip to failures once the bug is fixed: then delete the
entry here too). Keep each predicate narrow: it must recognise the symptom of
one diagnosed bug, not a family of differences.
"""

from __future__ import annotations

import re

from .runner import Outcome

KNOWN = []  # (name, predicate(outcome) -> bool)


def known(name):
    def register(predicate):
        KNOWN.append((name, predicate))
        return predicate

    return register


def classify(outcome: Outcome) -> str | None:
    for name, predicate in KNOWN:
        try:
            if predicate(outcome):
                return name
        except Exception:  # noqa: BLE001 - a broken predicate just does not match
            continue
    return None


def compiled_lines(outcome: Outcome) -> list:
    if outcome.compiled_run is None or outcome.native_run is None:
        return []
    native = set(outcome.native_run.stdout.splitlines())
    return [line for line in outcome.compiled_run.stdout.splitlines() if line not in native]
