"""Resource hygiene of compiled code: what finishes lets go of what it held,
long runs keep memory flat, deep recursion fails the way CPython fails."""

from __future__ import annotations

import asyncio
import gc
import subprocess
import sys
import textwrap
import tracemalloc
import types
import weakref

import pytest

import movenext

PROGRAM = """
import types


class Thing:
    pass


class Pause:
    def __await__(self):
        return (yield "paused")


async def holder(argument, fail=False):
    local = Thing()
    await Pause()
    if fail:
        raise ValueError("failed")
    return local is not argument


async def generator(argument):
    local = Thing()
    yield 1
    await Pause()
    yield local is not argument
"""


def compiled(source: str = PROGRAM) -> types.ModuleType:
    module = types.ModuleType("hygiene_program")
    exec(compile(movenext.transpile_source(textwrap.dedent(source)), "<hygiene>", "exec"), module.__dict__)
    return module


def held_by(coroutine) -> list[weakref.ref]:
    """Weak references to the argument, the local and the awaiter it holds."""
    fields = [coroutine.argument, coroutine.local, coroutine.awaiter]
    return [weakref.ref(value) for value in fields]


def test_the_module_is_really_compiled():
    module = compiled()
    coroutine = module.holder(None)
    assert type(coroutine).__mro__[1] is movenext.runtime.CoroutineMachine
    coroutine.close()


@pytest.mark.parametrize("ending", ["return", "raise", "close", "throw"])
def test_a_finished_coroutine_releases_locals_and_awaiter(ending):
    module = compiled()
    coroutine = module.holder(module.Thing(), fail=ending == "raise")
    assert coroutine.send(None) == "paused"
    refs = held_by(coroutine)
    if ending == "close":
        coroutine.close()
    elif ending == "throw":
        with pytest.raises(KeyError):
            coroutine.throw(KeyError("thrown"))
    else:
        with pytest.raises(StopIteration if ending == "return" else ValueError):
            coroutine.send(None)
    gc.collect()
    assert [ref() for ref in refs] == [None, None, None]  # while `coroutine` itself lives on
    assert coroutine.cr_frame is None


@pytest.mark.parametrize("ending", ["exhaust", "aclose"])
def test_a_finished_async_generator_releases_its_locals(ending):
    module = compiled()
    generator = module.generator(module.Thing())

    async def drive():
        assert await generator.__anext__() == 1
        refs = [weakref.ref(generator.argument), weakref.ref(generator.local)]
        if ending == "aclose":
            await generator.aclose()
        else:
            assert [item async for item in generator] == [True]
        return refs

    refs = _run_by_hand(drive())
    gc.collect()
    assert [ref() for ref in refs] == [None, None]


def _run_by_hand(coroutine):
    """Answer every "paused" with None until the coroutine returns."""
    try:
        while True:
            coroutine.send(None)
    except StopIteration as stop:
        return stop.value


def test_a_cancelled_task_releases_its_coroutine_state():
    module = compiled(
        """
        import asyncio

        class Thing:
            pass

        async def sleeper(argument):
            local = Thing()
            await asyncio.sleep(3600)
            return local, argument
        """
    )

    async def main():
        task = asyncio.create_task(module.sleeper(module.Thing()))
        await asyncio.sleep(0)
        coroutine = task.get_coro()
        refs = [weakref.ref(coroutine.argument), weakref.ref(coroutine.local)]
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return refs

    refs = asyncio.run(main())
    gc.collect()
    assert [ref() for ref in refs] == [None, None]


def test_a_long_running_loop_keeps_memory_flat():
    module = compiled(
        """
        import types

        @types.coroutine
        def pause():
            yield

        async def leaf(n):
            values = [n, n + 1]
            await pause()
            return sum(values)

        async def step(n):
            try:
                return await leaf(n)
            finally:
                pass

        async def run(rounds):
            total = 0
            for n in range(rounds):
                total += await step(n)
            return total
        """
    )

    def measure(rounds: int) -> int:
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        _run_by_hand(module.run(rounds))
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - before

    tracemalloc.start()
    try:
        measure(2_000)  # warm up caches
        small = measure(10_000)
        large = measure(100_000)
    finally:
        tracemalloc.stop()
    assert large - small < 64 * 1024, (small, large)


RECURSION = """
import asyncio, sys
import movenext
source = '''
async def depth(n):
    if n == 0:
        return 0
    return 1 + await depth(n - 1)
'''
namespace = {}
exec(compile(movenext.transpile_source(source) if sys.argv[1] == "compiled" else source, "<r>", "exec"), namespace)
print(asyncio.run(namespace["depth"](100)))
try:
    asyncio.run(namespace["depth"](10 ** 6))
except RecursionError as error:
    print("RecursionError")
"""


@pytest.mark.parametrize("mode", ["native", "compiled"])
def test_deep_recursion_raises_recursion_error(mode):
    result = subprocess.run([sys.executable, "-c", RECURSION, mode], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["100", "RecursionError"]


LEFT_SUSPENDED_AT_EXIT = """
import sys, types
import movenext
source = '''
import types

@types.coroutine
def pause():
    try:
        yield "paused"
    except ZeroDivisionError:
        yield "paused again"

async def inner():
    return await pause()

async def outer():
    return await inner()

async def ticks():
    while True:
        yield await pause()

coroutine = outer()
coroutine.send(None)
coroutine.throw(ZeroDivisionError)
generator = ticks()
generator.asend(None).send(None)
'''
code = movenext.transpile_source(source) if sys.argv[1] == "compiled" else source
module = types.ModuleType("left_suspended")
sys.modules["left_suspended"] = module  # kept until the interpreter's own teardown
exec(compile(code, "<left_suspended>", "exec"), module.__dict__)
print("exiting")
"""


@pytest.mark.parametrize("mode", ["native", "compiled"])
def test_coroutines_left_suspended_are_closed_quietly_at_exit(mode):
    """The interpreter's teardown closes what is still suspended; the runtime
    must not need anything then (a lazy import failed: "Exception ignored ...
    sys.meta_path is None")."""
    result = subprocess.run(
        [sys.executable, "-c", LEFT_SUSPENDED_AT_EXIT, mode], capture_output=True, text=True, timeout=120
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "exiting\n", "")
