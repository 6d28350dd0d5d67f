"""`pytest -p movenext.pytest_plugin --movenext-include PATTERN`, run as a
user runs it, in a throw-away project."""

import re
import sys

import pytest

from .support import child_env, run, write

KIND = '''
import types


def kind(function, *args):
    coroutine = function(*args)
    cls = type(coroutine)
    coroutine.close()
    if cls is types.CoroutineType:
        return "native"
    return "compiled" if "CoroutineMachine" in [k.__name__ for k in cls.__mro__] else repr(cls)
'''

FILES = {
    "pytest.ini": "[pytest]\n",
    "mylib.py": """
        import asyncio


        async def double(x):
            await asyncio.sleep(0)
            return 2 * x
        """,
    "test_async.py": KIND + '''
import asyncio
import sys

import pytest
import pytest_asyncio

import mylib


def running_compiled():
    """Whether the caller is the body of a compiled coroutine or async
    generator (a machine's move_next, or a coroutine's body run directly on
    its first step: runtime/direct.py), not a native frame."""
    from movenext.runtime import AsyncGeneratorMachine, CoroutineFunction, CoroutineMachine

    frame = sys._getframe(1)
    if any(
        isinstance(value, CoroutineFunction)
        and value._movenext_body is not None
        and value._movenext_body.__code__ is frame.f_code
        for value in frame.f_globals.values()
    ):
        return True
    return any(
        isinstance(value, (CoroutineMachine, AsyncGeneratorMachine)) and type(value).move_next.__code__ is frame.f_code
        for value in frame.f_locals.values()
    )


@pytest_asyncio.fixture
async def resource():
    assert running_compiled()
    await asyncio.sleep(0)
    yield "resource"
    assert running_compiled()


@pytest.mark.asyncio
async def test_asyncio_pass(resource):
    assert running_compiled()
    value = await mylib.double(2)
    assert (value, resource) == (4, "resource")


@pytest.mark.asyncio
async def test_asyncio_fail():
    assert running_compiled()
    await asyncio.sleep(0)
    value = await mylib.double(2)
    assert value == 5


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request):
    return request.param


@pytest.mark.anyio
async def test_anyio():
    import anyio

    assert running_compiled()
    await anyio.sleep(0)
    value = await anyio.to_thread.run_sync(lambda: 21)
    assert value * 2 == 42


@pytest.mark.anyio
async def test_anyio_fail():
    import anyio

    assert running_compiled()
    await anyio.sleep(0)
    value = await anyio.to_thread.run_sync(lambda: 6)
    assert value == 7


@pytest.mark.trio
async def test_trio():
    import trio

    assert running_compiled()
    await trio.sleep(0)
    async with trio.open_nursery() as nursery:
        nursery.start_soon(trio.sleep, 0)
    assert trio.current_time() > 0


@pytest.mark.trio
async def test_trio_fail():
    import trio

    assert running_compiled()
    await trio.sleep(0)
    seen = []
    async with trio.open_nursery() as nursery:
        nursery.start_soon(trio.sleep, 0)
        seen.append(1)
    assert seen == [2]


def test_sync_fail():
    x = 6
    assert x == 7


def test_everything_is_compiled():
    assert not running_compiled()  # a plain function: no machine's frame
    assert kind(mylib.double, 1) == "compiled"
    assert kind(test_asyncio_pass, None) == "compiled"
    assert kind(test_trio) == "compiled"
    assert "test_async" in sys.modules
''',
    "test_await_assert.py": '''
import pytest

import mylib


@pytest.mark.asyncio
async def test_await_in_assert():
    assert await mylib.double(2) == 5
''',
}

BASE = ["-p", "movenext.pytest_plugin", "-p", "no:cacheprovider",
        "-o", "asyncio_default_fixture_loop_scope=function", "-rA"]


def pytest_run(project, *args, env=None):
    return run([sys.executable, "-m", "pytest", *BASE, *args], project, env=env)


def outcomes(output):
    """{test id: PASSED/FAILED/...} from the -rA short summary."""
    found = {}
    for line in output.splitlines():
        match = re.match(r"(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS) (\S+)", line)
        if match:
            found[match.group(2)] = match.group(1)
    return found


def failure_section(output, test_name):
    """The text pytest prints for a failed test (between its ___ headers)."""
    parts = re.split(r"^_{3,} (\S+) _{3,}$", output, flags=re.M)
    sections = dict(zip(parts[1::2], parts[2::2]))
    return sections[test_name]


def movenext_summary(output):
    lines = [l for l in output.splitlines() if l.startswith("movenext:")]
    assert len(lines) == 1, output
    return lines[0]


@pytest.fixture(scope="module")
def main_run(tmp_path_factory):
    project = write(tmp_path_factory.mktemp("plugin"), FILES)
    process = pytest_run(project, "--movenext-include", "mylib", "--movenext-include", "test_*")
    return process.stdout + process.stderr


def test_library_and_test_modules_are_compiled(main_run):
    assert movenext_summary(main_run) == (
        "movenext: 3 modules through the hook (0 from cache), 9 async functions compiled, 0 left native"
    )
    assert outcomes(main_run)["test_async.py::test_everything_is_compiled"] == "PASSED"


def test_async_tests_run_compiled_under_every_plugin(main_run):
    """Each async test (and the async fixture) asserts that its own body runs
    in a machine's move_next: a plugin that ran something else would fail
    it. The failing ones must fail, on their own assert."""
    assert outcomes(main_run) == {
        "test_async.py::test_asyncio_pass": "PASSED",
        "test_async.py::test_asyncio_fail": "FAILED",
        "test_async.py::test_anyio[asyncio]": "PASSED",
        "test_async.py::test_anyio[trio]": "PASSED",
        "test_async.py::test_anyio_fail[asyncio]": "FAILED",
        "test_async.py::test_anyio_fail[trio]": "FAILED",
        "test_async.py::test_trio": "PASSED",
        "test_async.py::test_trio_fail": "FAILED",
        "test_async.py::test_sync_fail": "FAILED",
        "test_async.py::test_everything_is_compiled": "PASSED",
        "test_await_assert.py::test_await_in_assert": "FAILED",
    }
    assert re.search(r"^=+ 6 failed, 5 passed in [\d.]+s", main_run, flags=re.M), main_run
    # They failed where they should (not on the check that they run compiled).
    for name in ("test_anyio_fail[asyncio]", "test_anyio_fail[trio]"):
        section = failure_section(main_run, name)
        assert ">       assert value == 7\nE       assert 6 == 7" in section, section
    # (pytest-trio runs the test in a nursery: an exception group, natively too.)
    section = failure_section(main_run, "test_trio_fail")
    assert "in test_trio_fail\n    |     assert seen == [2]\n    | AssertionError: assert [1] == [2]" in section, section


def test_failing_asserts_keep_pytests_explanation(main_run):
    section = failure_section(main_run, "test_asyncio_fail")
    assert "E       assert 4 == 5" in section
    assert re.search(r"^test_async.py:\d+: AssertionError$", section, flags=re.M)
    assert ">       assert value == 5" in section  # the user's line, not generated code
    assert "E       assert 6 == 7" in failure_section(main_run, "test_sync_fail")


def test_assert_containing_await_keeps_pytests_explanation(main_run):
    assert "E       assert 4 == 5" in failure_section(main_run, "test_await_in_assert")


def test_patterns_from_the_ini_file(tmp_path):
    write(tmp_path, FILES)
    write(tmp_path, {
        "pytest.ini": "[pytest]\naddopts = --movenext-include=mylib\n",
        "test_lib.py": KIND + "\nimport mylib\n\n\ndef test_library_is_compiled():\n"
                       "    assert kind(mylib.double, 1) == 'compiled'\n",
    })
    process = pytest_run(tmp_path, "test_lib.py")
    output = process.stdout + process.stderr
    assert outcomes(output) == {"test_lib.py::test_library_is_compiled": "PASSED"}
    assert movenext_summary(output).startswith("movenext: 1 modules through the hook")


def test_patterns_from_the_command_line_and_the_ini_file_add_up(tmp_path):
    write(tmp_path, FILES)
    write(tmp_path, {
        "pytest.ini": "[pytest]\naddopts = --movenext-include=mylib\n",
        "otherlib.py": "async def triple(x):\n    return 3 * x\n",
        "test_libs.py": KIND + "\nimport mylib, otherlib\n\n\ndef test_both_are_compiled():\n"
                        "    assert [kind(mylib.double, 1), kind(otherlib.triple, 1)] == ['compiled'] * 2\n",
    })
    process = pytest_run(tmp_path, "test_libs.py", "--movenext-include", "otherlib",
                         env=child_env(PYTEST_ADDOPTS="--movenext-include=nothing_else"))
    output = process.stdout + process.stderr
    assert outcomes(output) == {"test_libs.py::test_both_are_compiled": "PASSED"}
    assert movenext_summary(output).startswith("movenext: 2 modules through the hook")


def test_cache_does_not_lose_assertion_rewriting(tmp_path):
    write(tmp_path, FILES)
    env = child_env(PYTHONDONTWRITEBYTECODE=None)
    args = ("--movenext-include", "test_*", "test_async.py", "-k", "sync_fail")
    first = pytest_run(tmp_path, "--assert=plain", *args, env=env)
    assert "1 failed" in first.stdout
    # Assertion rewriting changes the code: it has cache files of its own.
    for cached in (0, 1):
        run = pytest_run(tmp_path, *args, env=env)
        output = run.stdout + run.stderr
        assert movenext_summary(output).startswith(f"movenext: 1 modules through the hook ({cached} from cache)")
        assert "E       assert 6 == 7" in failure_section(output, "test_sync_fail")


def test_pytest_asyncio_auto_mode_finds_compiled_tests_and_fixtures(tmp_path):
    """In auto mode pytest-asyncio claims unmarked async tests and fixtures by
    inspecting them (inspect.iscoroutinefunction, isasyncgenfunction)."""
    write(tmp_path, {
        "pytest.ini": "[pytest]\nasyncio_mode = auto\n",
        "test_auto.py": """
            import asyncio
            import types

            import pytest


            @pytest.fixture
            async def number():
                await asyncio.sleep(0)
                yield 20


            async def test_unmarked(number):
                await asyncio.sleep(0)
                assert number + 1 == 21
                assert type(test_unmarked(0)) is not types.CoroutineType  # (never awaited: closed by gc)


            async def test_unmarked_fail(number):
                await asyncio.sleep(0)
                assert number == 21
            """,
    })
    process = pytest_run(tmp_path, "-W", "ignore::RuntimeWarning", "--movenext-include", "test_*")
    output = process.stdout + process.stderr
    assert outcomes(output) == {"test_auto.py::test_unmarked": "PASSED", "test_auto.py::test_unmarked_fail": "FAILED"}
    assert "E       assert 20 == 21" in failure_section(output, "test_unmarked_fail")
    assert movenext_summary(output).startswith("movenext: 1 modules through the hook (0 from cache), 3 async")
