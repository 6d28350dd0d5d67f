"""movenext.linetable: location tables re-encoded exactly; line 0 -> none."""

from __future__ import annotations

import ast
import asyncio.base_events
import inspect
import json.decoder
import sys
import types

import pytest

from movenext.linetable import encode, without_line_zero


def code_objects(code: types.CodeType):
    yield code
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            yield from code_objects(constant)


def lines_per_unit(code: types.CodeType) -> dict[int, int | None]:
    found = {}
    for start, end, line in code.co_lines():
        for offset in range(start, end, 2):
            found[offset] = line
    return found


@pytest.mark.parametrize("module", [asyncio.base_events, json.decoder, inspect])
def test_reencoding_keeps_every_position(module):
    source = open(module.__file__, encoding="utf-8").read()
    for code in code_objects(compile(source, module.__file__, "exec")):
        positions = list(code.co_positions())
        again = code.replace(co_linetable=encode(positions, code.co_firstlineno))
        assert list(again.co_positions()) == positions, code.co_qualname
        assert lines_per_unit(again) == lines_per_unit(code), code.co_qualname


def test_line_zero_becomes_no_location_and_reports_no_line_events():
    source = "def f(flag):\n    a = 1\n    if not flag:\n        b = 2\n    return a\n"
    tree = ast.parse(source)
    guard = tree.body[0].body[1]
    for node in ast.walk(guard.test):
        node.lineno = node.end_lineno = 0
    guard.lineno = 0
    code = without_line_zero(compile(tree, "<test>", "exec"))
    namespace: dict = {}
    exec(code, namespace)
    function = namespace["f"]
    assert None in {line for _, _, line in function.__code__.co_lines()}
    assert 0 not in {line for _, _, line in function.__code__.co_lines()}
    events = []

    def tracer(frame, event, arg):
        if frame.f_code is function.__code__ and event == "line":
            events.append(frame.f_lineno)
        return tracer

    sys.settrace(tracer)
    try:
        function(True)
        function(False)
    finally:
        sys.settrace(None)
    assert events == [2, 5, 2, 4, 5]  # the guard (line 3) never reports
