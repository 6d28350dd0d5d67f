"""The state graph: exact edge sets for small functions."""

from __future__ import annotations

import textwrap

import pytest

from movenext.compiler.module import compile_module
from movenext.inspection.flow import state_graph


def edges(source: str, qualname: str | None = None) -> set[tuple[str, str, str]]:
    result = compile_module(textwrap.dedent(source))
    function = next(f for f in result.functions if f.qualname == qualname) if qualname else result.functions[0]
    return {(e.source, e.target, e.kind) for e in state_graph(function.stages.lowered)}


def test_straight_line():
    assert edges(
        """
        async def f(a, b):
            x = await a
            y = await b
            return x + y
        """
    ) == {
        ("entry", "1", "next"),
        ("entry", "done", "raise"),  # `a` cannot be awaited
        ("1", "2", "next"),
        ("1", "done", "raise"),
        ("2", "done", "return"),
        ("2", "done", "raise"),
    }


def test_no_awaits_reached_on_some_path():
    assert edges(
        """
        async def f(flag, a):
            if flag:
                await a
        """
    ) == {
        ("entry", "1", "next"),
        ("entry", "done", "return"),
        ("entry", "done", "raise"),
        ("1", "done", "return"),
        ("1", "done", "raise"),
    }


def test_loop_back_edges_and_loop_exit():
    assert edges(
        """
        async def f(items, a, b):
            for item in items:
                await a(item)
            await b
        """
    ) == {
        ("entry", "1", "next"),
        ("entry", "2", "next"),  # empty iterable
        ("entry", "done", "raise"),
        ("1", "1", "loop"),
        ("1", "2", "next"),  # leaving the loop is plain flow again
        ("1", "done", "raise"),
        ("2", "done", "return"),
        ("2", "done", "raise"),
    }


def test_while_true_only_leaves_by_break():
    assert edges(
        """
        async def f(queue):
            while True:
                item = await queue.get()
                if item is None:
                    break
            return "stopped"
        """
    ) == {
        ("entry", "1", "next"),
        ("entry", "done", "raise"),
        ("1", "1", "loop"),
        ("1", "done", "return"),  # no edge from entry: only `break` leaves
        ("1", "done", "raise"),
    }


def test_exception_edges_to_handlers_and_finally():
    assert edges(
        """
        async def f(a, b, c):
            try:
                await a
            except ValueError:
                await b
            finally:
                await c
        """
    ) == {
        ("entry", "1", "next"),
        ("entry", "2", "exception"),  # awaiting `a` fails at once
        ("entry", "3", "exception"),
        ("entry", "done", "raise"),  # ... and so does awaiting `c` in finally
        ("1", "2", "exception"),  # a raises ValueError
        ("1", "3", "next"),  # a succeeds: the finally block
        ("1", "3", "exception"),  # a raises something else: finally, then it propagates
        ("1", "done", "raise"),
        ("2", "3", "next"),
        ("2", "3", "exception"),  # the handler's await raises
        ("2", "done", "raise"),
        ("3", "done", "return"),
        ("3", "done", "raise"),
    }


def test_return_through_a_finally_block():
    got = edges(
        """
        async def f(a, b):
            try:
                return await a
            finally:
                await b
        """
    )
    assert ("1", "2", "finally") in got  # the return runs the finally block first
    assert ("2", "done", "return") in got
    assert ("2", "done", "raise") in got


def test_break_and_continue_through_finally_in_a_loop():
    got = edges(
        """
        async def f(items, a, b):
            for item in items:
                try:
                    if await a(item):
                        continue
                    break
                finally:
                    await b
            return 1
        """
    )
    assert ("1", "2", "finally") in got
    # after the finally block: next iteration (continue) or out of the loop (break)
    assert ("2", "1", "loop") in got
    assert ("2", "done", "return") in got


def test_bare_except_stops_propagation():
    got = edges(
        """
        async def f(a):
            try:
                await a
            except:
                pass
            return 1
        """
    )
    # nothing escapes a bare except, and `return 1` cannot fail
    assert got == {("entry", "1", "next"), ("entry", "done", "return"), ("1", "done", "return")}


def test_async_generator_yields_are_states():
    assert edges(
        """
        async def ticks(n, pause):
            for i in range(n):
                yield i
                await pause
        """
    ) == {
        ("entry", "1", "next"),
        ("entry", "done", "return"),
        ("entry", "done", "raise"),
        ("1", "2", "next"),
        ("1", "done", "raise"),  # athrow() at the yield
        ("2", "1", "loop"),
        ("2", "done", "return"),
        ("2", "done", "raise"),
    }


def test_async_for_leaves_through_stop_async_iteration():
    got = edges(
        """
        async def f(source):
            async for item in source:
                pass
            return 1
        """
    )
    # the __anext__ await is the only state; StopAsyncIteration ends the loop
    assert ("1", "1", "loop") in got
    assert ("1", "done", "return") in got


@pytest.mark.parametrize("sample", ["crawler", "retries", "pipeline", "async_context", "async_iterators"])
def test_every_state_of_the_samples_is_reachable(sample):
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "samples" / f"{sample}.py"
    result = compile_module(path.read_text())
    for function in result.functions:
        graph = state_graph(function.stages.lowered)
        targets = {edge.target for edge in graph}
        sources = {edge.source for edge in graph}
        states = {str(site.state) for site in function.stages.sites}
        assert states <= targets, function.machine_name  # reached
        assert states <= sources, function.machine_name  # and left
