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

import mylib


@pytest.mark.asyncio
async def test_asyncio_pass():
    value = await mylib.double(2)
    assert value == 4


@pytest.mark.asyncio
async def test_asyncio_fail():
    await asyncio.sleep(0)
    value = await mylib.double(2)
    assert value == 5


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request):
    return request.param


@pytest.mark.anyio
async def test_anyio():
    import anyio

    await anyio.sleep(0)
    value = await anyio.to_thread.run_sync(lambda: 21)
    assert value * 2 == 42


@pytest.mark.trio
async def test_trio():
    import trio

    await trio.sleep(0)
    async with trio.open_nursery() as nursery:
        nursery.start_soon(trio.sleep, 0)
    assert trio.current_time() > 0


def test_sync_fail():
    x = 6
    assert x == 7


def test_everything_is_compiled():
    assert kind(mylib.double, 1) == "compiled"
    assert kind(test_asyncio_pass) == "compiled"
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
        "movenext: 3 modules through the hook (0 from cache), 6 async functions compiled, 0 left native"
    )
    assert outcomes(main_run)["test_async.py::test_everything_is_compiled"] == "PASSED"


def test_async_tests_run_under_every_plugin(main_run):
    assert outcomes(main_run) == {
        "test_async.py::test_asyncio_pass": "PASSED",
        "test_async.py::test_asyncio_fail": "FAILED",
        "test_async.py::test_anyio[asyncio]": "PASSED",
        "test_async.py::test_anyio[trio]": "PASSED",
        "test_async.py::test_trio": "PASSED",
        "test_async.py::test_sync_fail": "FAILED",
        "test_async.py::test_everything_is_compiled": "PASSED",
        "test_await_assert.py::test_await_in_assert": "FAILED",
    }
    assert re.search(r"^=+ 3 failed, 5 passed in [\d.]+s", main_run, flags=re.M), main_run


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
