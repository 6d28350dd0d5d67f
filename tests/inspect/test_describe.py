"""movenext.runtime.describe(): the live state of compiled coroutines."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import pytest

import movenext
from movenext.runtime import describe

ROOT = Path(__file__).resolve().parents[2]


def load(source: str, tmp_path: Path, name: str = "program") -> types.ModuleType:
    """Compile `source` and run it as a module whose file is in tmp_path."""
    path = tmp_path / f"{name}.py"
    source = textwrap.dedent(source)
    path.write_text(source)
    module = types.ModuleType(name)
    module.__file__ = str(path)
    exec(compile(movenext.transpile_source(source, str(path)), str(path), "exec"), module.__dict__)
    return module


@types.coroutine
def pause(value=None):
    return (yield value)


PROGRAM = """
import types

@types.coroutine
def pause(value=None):
    return (yield value)

async def inner(delay):
    note = f"waiting {delay}"
    answer = await pause(delay)
    return note, answer

async def outer(url, retries=2):
    for attempt in range(retries):
        result = await inner(attempt)
        del result
        scratch = attempt * 10
        await pause("between")
    return url

async def ticks(limit):
    total = 0
    for tick in range(limit):
        total += yield tick
        await pause(total)
"""


def test_created_coroutine_waits_at_its_start(tmp_path):
    module = load(PROGRAM, tmp_path)
    coroutine = module.outer("https://example.org")
    described = describe(coroutine)
    assert (described.function, described.kind, described.status, described.state) == (
        "outer", "coroutine", "created", 0
    )
    assert described.line == 13 and described.waiting_for == "start"
    assert described.variables == {"url": "https://example.org", "retries": 2}
    assert described.file == str(tmp_path / "program.py")
    coroutine.close()


def test_suspended_chain_of_compiled_coroutines(tmp_path):
    module = load(PROGRAM, tmp_path)
    coroutine = module.outer("u")
    assert coroutine.send(None) == 0
    described = describe(coroutine)
    assert (described.status, described.state, described.line) == ("suspended", 1, 15)
    assert described.waiting_for == "await inner(attempt)"
    # Live across this await: what the rest of the function reads (not
    # `retries`, already consumed by range()).
    assert described.variables == {"url": "u", "attempt": 0}
    inner = described.awaiting
    assert (inner.function, inner.state, inner.line, inner.waiting_for) == ("inner", 1, 10, "await pause(delay)")
    assert inner.variables == {"note": "waiting 0"}
    assert inner.awaiting is not None and inner.awaiting.kind == "generator"  # the @types.coroutine pause()
    assert [link.function for link in described.chain()] == ["outer", "inner", "pause"]
    text = str(described)
    assert "outer (coroutine), suspended in state 1" in text
    assert f"{tmp_path / 'program.py'}:15: await inner(attempt)" in text
    assert "  awaiting inner (coroutine), suspended in state 1" in text
    assert "    note = 'waiting 0'" in text
    coroutine.close()


def test_state_changes_as_the_coroutine_advances(tmp_path):
    module = load(PROGRAM, tmp_path)
    coroutine = module.outer("u", 1)
    coroutine.send(None)
    assert coroutine.send("answer") == "between"
    described = describe(coroutine)
    assert (described.state, described.line, described.waiting_for) == (2, 18, 'await pause("between")')
    assert described.awaiting is not None and described.awaiting.function == "pause"
    with pytest.raises(StopIteration) as stop:
        coroutine.send(None)
    assert stop.value.value == "u"
    finished = describe(coroutine)
    assert finished.status == "finished" and finished.variables == {} and finished.awaiting is None
    assert "outer (coroutine), finished" == str(finished)


def test_running_coroutine_describes_itself(tmp_path):
    module = load(
        """
        from movenext.runtime import describe
        seen = []
        async def me():
            seen.append(describe(coroutine).status)
        coroutine = me()
        """,
        tmp_path,
    )
    with pytest.raises(StopIteration):
        module.coroutine.send(None)
    assert module.seen == ["running"]


def test_async_generator_states(tmp_path):
    module = load(PROGRAM, tmp_path)
    generator = module.ticks(3)

    async def drive():
        first = await generator.__anext__()
        assert describe(generator).waiting_for == "yield tick"
        return first

    coroutine = drive()
    with pytest.raises(StopIteration):
        coroutine.send(None)
    described = describe(generator)
    assert (described.kind, described.status, described.state, described.line) == (
        "async generator", "suspended", 1, 24
    )
    assert described.variables == {"total": 0}
    asend = generator.asend(5)
    assert asend.send(None) == 5  # now suspended in `await pause(total)`
    during = describe(asend)  # an asend() awaitable describes its generator
    assert (during.state, during.waiting_for) == (2, "await pause(total)")
    assert during.variables == {"total": 5}
    asend.close()


def test_tasks_of_asyncio_and_trio(tmp_path):
    module = load(
        """
        import asyncio
        async def sleeper(seconds):
            await asyncio.sleep(seconds)
        async def waiter(event):
            await event.wait()
        """,
        tmp_path,
    )

    async def main():
        event = asyncio.Event()
        task = asyncio.create_task(module.waiter(event))
        await asyncio.sleep(0)
        described = describe(task)
        event.set()
        await task
        return described

    described = asyncio.run(main())
    assert (described.function, described.state, described.waiting_for) == ("waiter", 1, "await event.wait()")
    bottom = described.chain()[-1]
    assert isinstance(bottom.awaiting_object, asyncio.Future)  # the future the task waits for

    trio = pytest.importorskip("trio")
    import trio.testing
    found = []

    async def trio_main():
        async with trio.open_nursery() as nursery:
            module_trio = load(
                """
                import trio
                async def napper():
                    await trio.sleep(10)
                """,
                tmp_path,
                "trio_program",
            )
            nursery.start_soon(module_trio.napper)
            await trio.testing.wait_all_tasks_blocked()
            task = next(iter(nursery.child_tasks))
            found.append(describe(task))
            nursery.cancel_scope.cancel()

    trio.run(trio_main)
    assert (found[0].function, found[0].state, found[0].waiting_for) == ("napper", 1, "await trio.sleep(10)")


def test_native_coroutines_are_described_from_their_frames():
    async def native(value):
        local = value * 2
        await pause(local)

    coroutine = native(21)
    assert describe(coroutine).status == "created"
    coroutine.send(None)
    described = describe(coroutine)
    assert (described.kind, described.status, described.state) == ("native coroutine", "suspended", None)
    assert described.variables == {"value": 21, "local": 42}
    coroutine.close()
    assert describe(coroutine).status == "finished"


def test_unbound_variables_are_left_out(tmp_path):
    module = load(
        """
        import types
        @types.coroutine
        def pause():
            yield
        async def forgetful(flag):
            if flag:
                kept = 1
            await pause()
            return kept
        """,
        tmp_path,
    )
    coroutine = module.forgetful(False)
    coroutine.send(None)
    assert describe(coroutine).variables == {}
    coroutine.close()


def test_not_a_coroutine():
    with pytest.raises(TypeError, match="describe\\(\\) needs a coroutine, an async generator or a task, not int"):
        describe(42)


def test_async_generator_in_an_await_chain(tmp_path):
    module = load(
        """
        import types

        @types.coroutine
        def pause(value=None):
            return (yield value)

        async def numbers(limit):
            for number in range(limit):
                await pause(("fetching", number))
                yield number * 10

        async def consumer():
            total = 0
            async for value in numbers(3):
                total += value
            return total
        """,
        tmp_path,
    )
    generator = module.numbers(2)
    assert (describe(generator).status, describe(generator).state, describe(generator).line) == ("created", 0, 8)
    assert describe(generator).variables == {"limit": 2}

    coroutine = module.consumer()
    assert coroutine.send(None) == ("fetching", 0)
    described = describe(coroutine)
    assert [link.function for link in described.chain()] == ["consumer", "numbers", "pause"]
    assert [link.kind for link in described.chain()] == ["coroutine", "async generator", "generator"]
    assert described.waiting_for == "await __anext__() of `async for value in numbers(3)`"
    assert described.variables == {"total": 0}
    generator_link = described.awaiting
    assert (generator_link.status, generator_link.state, generator_link.line) == ("suspended", 1, 10)
    assert generator_link.waiting_for == 'await pause(("fetching", number))'
    assert generator_link.variables == {"number": 0}
    text = str(described)
    assert "  awaiting numbers (async generator), suspended in state 1" in text
    assert f"    {tmp_path / 'program.py'}:10: await pause((\"fetching\", number))" in text
    assert coroutine.send(None) == ("fetching", 1)  # the first value went to `total`
    assert describe(coroutine).variables == {"total": 0}
    assert describe(coroutine).awaiting.variables == {"number": 1}
    coroutine.close()
    assert describe(coroutine).status == "finished"


def test_live_state_sample_shows_states_while_running():
    result = subprocess.run(
        [sys.executable, "-m", "movenext", "run", str(ROOT / "samples" / "live_state.py")],
        capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    source = (ROOT / "samples" / "live_state.py").read_text().splitlines()

    def line_of(text):
        (number,) = [n for n, line in enumerate(source, 1) if line.strip() == text]
        return number

    # coroutines, with the chain of what they await
    assert "worker (coroutine), suspended in state" in out
    assert f"live_state.py:{line_of('links = await fetch(url)')}: await fetch(url)" in out
    assert "awaiting fetch (coroutine), suspended in state 1" in out
    assert (f"live_state.py:{line_of('async for link in download(url):')}: "
            "await __anext__() of `async for link in download(url)`") in out
    # an async generator inside the chain, suspended at an await
    assert "awaiting download (async generator), suspended in state 1" in out
    in_download = next(n for n, line in enumerate(source, 1) if line.strip() == "await asyncio.sleep(0)")
    assert source[in_download - 5].startswith("async def download(")
    assert f"live_state.py:{in_download}: await asyncio.sleep(0)" in out
    # an async generator described directly, suspended at its yield
    clock = out.split("[clock]\n", 1)[1].split("\n[w0]", 1)[0]
    assert clock.splitlines()[0] == "clock (async generator), suspended in state 2"
    assert clock.splitlines()[1].endswith(f"live_state.py:{line_of('yield turns')}: yield turns")
    assert "  turns = 4" in clock.splitlines()
    assert out.count("[clock]") == 3
    assert "crawled: ['/', '/a', '/a/1', '/a/2', '/b', '/b/1']" in out
