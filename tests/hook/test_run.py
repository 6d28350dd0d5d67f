"""`movenext run [--include P]... [--exclude P]... [--stats] (-m MODULE | SCRIPT) [ARGS]`."""

import json
import os
import signal
import sys

import pytest

from .support import child_env, movenext_run, run, write

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
    "app/__init__.py": "",
    "app/lib.py": """
        import asyncio


        async def triple(x):
            await asyncio.sleep(0)
            return 3 * x
        """,
    "app/cli.py": KIND + """
import asyncio
import json
import os
import signal
import sys

from app.lib import triple


async def main():
    await asyncio.sleep(0)
    return await triple(len(sys.argv))


print("JSON:" + json.dumps({
    "name": __name__,
    "argv": sys.argv,
    "result": asyncio.run(main()),
    "main": kind(main),
    "triple": kind(triple, 1),
}))
""",
    "script.py": KIND + """
import asyncio
import json
import os
import signal
import sys

import app.lib


async def main():
    await asyncio.sleep(0)
    return await app.lib.triple(2)


print("JSON:" + json.dumps({
    "name": __name__,
    "file": __file__,
    "argv": sys.argv,
    "result": asyncio.run(main()),
    "main": kind(main),
    "triple": kind(app.lib.triple, 1),
}))
sys.exit(3)
""",
    "boom.py": """
        import asyncio


        async def fail():
            await asyncio.sleep(0)
            raise RuntimeError("boom")


        asyncio.run(fail())
        """,
}


def output(process):
    [line] = [l for l in process.stdout.splitlines() if l.startswith("JSON:")]
    return json.loads(line[len("JSON:"):])


def stats_line(process):
    lines = [l for l in process.stderr.splitlines() if l.startswith("movenext: ")]
    assert len(lines) == 1, process.stderr
    return lines[0]


@pytest.fixture
def project(tmp_path):
    write(tmp_path, FILES)
    return tmp_path


def test_script_runs_as_main_with_its_argv_and_exit_status(project):
    process = movenext_run(["--stats", "script.py", "a", "-x", "--flag", "--stats"], project)
    assert process.returncode == 3, process.stderr
    assert output(process) == {
        "name": "__main__",
        "file": str(project / "script.py"),
        "argv": ["script.py", "a", "-x", "--flag", "--stats"],
        "result": 6,
        "main": "compiled",  # the script itself is compiled...
        "triple": "native",  # ...imported modules only when they match --include
    }
    assert stats_line(process) == (
        "movenext: 1 modules through the hook (0 from cache), 1 async functions compiled, 0 left native"
    )


def test_native_run_of_the_same_script_agrees(project):
    process = run([sys.executable, "script.py", "a"], project)
    assert process.returncode == 3
    assert output(process) == {
        "name": "__main__", "file": str(project / "script.py"), "argv": ["script.py", "a"],
        "result": 6, "main": "native", "triple": "native",
    }


@pytest.mark.parametrize("how", ["--include", "MOVENEXT_INCLUDE"])
def test_include_compiles_imported_modules(project, how):
    if how == "--include":
        process = movenext_run(["--include", "app", "--stats", "script.py"], project)
    else:
        process = movenext_run(["--stats", "script.py"], project, env=child_env(MOVENEXT_INCLUDE="app"))
    assert process.returncode == 3, process.stderr
    data = output(process)
    assert (data["main"], data["triple"], data["result"]) == ("compiled", "compiled", 6)
    assert stats_line(process) == (
        "movenext: 3 modules through the hook (0 from cache), 2 async functions compiled, 0 left native"
    )


def test_exclude_wins(project):
    process = movenext_run(["--include", "app", "--exclude", "app.lib", "--stats", "script.py"], project)
    assert process.returncode == 3, process.stderr
    assert (output(process)["main"], output(process)["triple"]) == ("compiled", "native")
    assert stats_line(process).startswith("movenext: 2 modules through the hook")


def test_run_module(project):
    process = movenext_run(["--stats", "-m", "app.cli", "q", "-r"], project)
    assert process.returncode == 0, process.stderr
    native = run([sys.executable, "-m", "app.cli", "q", "-r"], project)
    assert native.returncode == 0, native.stderr
    assert output(native) == {
        "name": "__main__", "argv": [str(project / "app" / "cli.py"), "q", "-r"], "result": 9,
        "main": "native", "triple": "native",
    }
    assert output(process) == {**output(native), "main": "compiled"}
    assert stats_line(process) == (
        "movenext: 1 modules through the hook (0 from cache), 1 async functions compiled, 0 left native"
    )


def test_uncaught_exception(project):
    process = movenext_run(["boom.py"], project)
    assert process.returncode == 1
    lines = process.stderr.splitlines()
    path = project / "boom.py"
    assert lines[0] == "Traceback (most recent call last):"
    assert lines[-1] == "RuntimeError: boom"
    for header, source in [(f'  File "{path}", line 9, in <module>', "    asyncio.run(fail())"),
                           (f'  File "{path}", line 6, in fail', '    raise RuntimeError("boom")')]:
        assert header in lines, process.stderr
        assert lines[lines.index(header) + 1] == source
    # The frame that raised is the last frame shown.
    frames = [l for l in lines if l.startswith("  File ")]
    assert frames[-1] == f'  File "{path}", line 6, in fail'
    # The traceback is the native one: it starts at the script, without
    # movenext's or click's frames; only the runtime's frames between the
    # user's frames (a documented difference) are added.
    native = run([sys.executable, "boom.py"], project)
    assert native.returncode == 1
    assert without_runtime_frames(process.stderr) == native.stderr


def without_runtime_frames(stderr):
    """stderr without the entries of frames in movenext's runtime (and their
    source and caret lines)."""
    kept, skipping = [], False
    for line in stderr.splitlines(keepends=True):
        if line.startswith("  File "):
            skipping = f"{os.sep}movenext{os.sep}runtime{os.sep}" in line
        elif not line.startswith("    "):
            skipping = False
        if not skipping:
            kept.append(line)
    return "".join(kept)


@pytest.mark.parametrize(
    ("name", "source", "stdin"),
    [
        # click turns EOFError and KeyboardInterrupt into "Aborted!": the
        # program's must reach the interpreter's handling instead.
        ("eof.py", "input()\n", ""),
        ("chained.py", "try:\n    1 / 0\nexcept ZeroDivisionError:\n    raise KeyError('k') from None\n", ""),
        ("context.py", "try:\n    {}['x']\nexcept KeyError:\n    int('nan')\n", ""),
        ("hook.py", "import sys\nsys.excepthook = lambda *a: print('HOOK', a[0].__name__, a[2].tb_frame.f_code.co_name)\n"
                    "raise OSError(5, 'custom')\n", ""),
    ],
)
def test_uncaught_exceptions_end_the_program_as_natively(project, name, source, stdin):
    write(project, {name: source})
    native = run([sys.executable, name], project, input=stdin)
    hooked = run([sys.executable, "-m", "movenext", "run", name], project, input=stdin)
    assert native.returncode == 1
    assert (hooked.returncode, hooked.stdout, hooked.stderr) == (native.returncode, native.stdout, native.stderr)


def test_keyboard_interrupt_ends_the_program_by_sigint_after_atexit(project):
    write(project, {"interrupt.py": """
        import atexit


        async def f():
            raise KeyboardInterrupt


        atexit.register(print, "atexit ran")
        f().send(None)
        """})
    native = run([sys.executable, "interrupt.py"], project)
    hooked = movenext_run(["interrupt.py"], project)
    assert native.returncode == -signal.SIGINT
    assert native.stdout == "atexit ran\n"
    assert (hooked.returncode, hooked.stdout) == (native.returncode, native.stdout)
    assert without_runtime_frames(hooked.stderr) == native.stderr


def test_run_module_reports_like_python_m(project):
    write(project, {
        "app/broken.py": "import asyncio\n\n\ndef f():\n    await asyncio.sleep(0)\n",
        "app/fails.py": "async def f():\n    raise ValueError('from -m')\n\n\nf().send(None)\n",
    })
    for args in (["-m", "app.nothere"], ["-m", "app.fails", "x"], ["-m", "app.broken"]):
        native = run([sys.executable, *args], project)
        hooked = movenext_run(args, project)
        assert native.returncode == hooked.returncode == 1, args
        assert hooked.stdout == native.stdout == ""
        if args[1] == "app.broken":
            # runpy's frames, then the SyntaxError; the hook's loader frame
            # stands where importlib's source_to_code frames stand natively.
            assert hooked.stderr.splitlines()[:3] == native.stderr.splitlines()[:3]
            assert hooked.stderr.splitlines()[-4:] == native.stderr.splitlines()[-4:]
            assert "During handling" not in hooked.stderr
        else:
            assert without_runtime_frames(hooked.stderr) == native.stderr, args


def test_syntax_error_in_an_imported_module(project):
    write(project, {
        "app/broken.py": "import asyncio\n\n\ndef f():\n    await asyncio.sleep(0)\n",
        "imports.py": "import app.broken\n",
    })
    native = run([sys.executable, "imports.py"], project)
    hooked = movenext_run(["--include", "app", "imports.py"], project)
    assert native.returncode == hooked.returncode == 1
    assert "During handling" not in hooked.stderr and "CompileError" not in hooked.stderr
    # Same first frame (the import) and the same SyntaxError report; the
    # hook's loader and importlib's frames stand between them (importlib
    # removes its own frames only when no other code is among them).
    assert hooked.stderr.splitlines()[:3] == native.stderr.splitlines()[:3]
    assert hooked.stderr.splitlines()[-4:] == native.stderr.splitlines()[-4:]


def test_main_namespace_of_run_module(project):
    write(project, {"app/names.py": """
        import json
        import sys
        print("JSON:" + json.dumps([sorted(globals()), type(__builtins__).__name__, __spec__.name, __package__,
                                    __name__, type(__loader__).__name__, sys.argv[1:]]))
        """})
    native = run([sys.executable, "-m", "app.names", "a"], project)
    hooked = movenext_run(["-m", "app.names", "a"], project)
    assert output(native)[1:] == ["module", "app.names", "app", "__main__", "SourceFileLoader", ["a"]]
    assert output(hooked)[1:] == [*output(native)[1:5], "MovenextLoader", ["a"]]
    assert output(hooked)[0] == output(native)[0]


def test_sys_exit_with_message(project):
    write(project, {"bye.py": "import sys\n\n\nasync def f():\n    pass\n\n\nsys.exit('bye now')\n"})
    process = movenext_run(["bye.py"], project)
    assert (process.returncode, process.stderr.strip()) == (1, "bye now")


def test_main_namespace_is_the_native_one(project):
    write(project, {"ns.py": """
        import json
        print("JSON:" + json.dumps([sorted(globals()), type(__builtins__).__name__, type(__loader__).__name__,
                                    __spec__, __annotations__, __doc__, __package__, __cached__]))
        """})
    native = run([sys.executable, "ns.py"], project)
    hooked = movenext_run(["ns.py"], project)
    assert output(native)[1:] == ["module", "SourceFileLoader", None, {}, None, None, None]
    assert output(hooked) == output(native)


def _startup_hook_installed():
    """Whether movenext.pth is in a site directory; a failure (not a skip)
    when movenext is installed without it: both regular and editable
    installs ship it (setup.py)."""
    import importlib.metadata
    import site

    directories = [*site.getsitepackages(), site.getusersitepackages()]
    if any(os.path.exists(os.path.join(d, "movenext.pth")) for d in directories):
        return True
    try:
        files = importlib.metadata.distribution("movenext").files or []
    except importlib.metadata.PackageNotFoundError:
        return False  # run from a checkout (PYTHONPATH), not installed
    raise AssertionError(f"movenext is installed but movenext.pth is not in {directories}: {sorted(map(str, files))[:5]}")


@pytest.mark.skipif(not _startup_hook_installed(),
                    reason="movenext is not installed here (run from a checkout): no movenext.pth startup hook")
def test_child_processes_compile_the_same_modules(project):
    write(project, {"spawn.py": """
        import multiprocessing
        import subprocess
        import sys
        import types

        import app.lib


        def compiled(_):
            coroutine = app.lib.triple(1)
            coroutine.close()
            return type(coroutine) is not types.CoroutineType


        if __name__ == "__main__":
            child = (
                "import types, app.lib\\n"
                "c = app.lib.triple(1)\\n"
                "print('CHILD', type(c) is not types.CoroutineType)\\n"
                "c.close()\\n"
            )
            print(subprocess.run([sys.executable, "-c", child], capture_output=True, text=True).stdout.strip())
            with multiprocessing.get_context("spawn").Pool(1) as pool:
                print("WORKER", pool.map(compiled, [0])[0])
        """})
    process = movenext_run(["--include", "app", "spawn.py"], project)
    assert process.returncode == 0, process.stderr
    assert process.stdout.split("\n")[:2] == ["CHILD True", "WORKER True"]
    native = run([sys.executable, "spawn.py"], project)
    assert native.stdout.split("\n")[:2] == ["CHILD False", "WORKER False"]


def test_breakpoint_in_a_compiled_coroutine_shows_its_variables(project):
    """`breakpoint()` under `movenext run`: pdb (imported after the hook is
    installed) prints parameters and variables kept in fields."""
    write(project, {"debugme.py": """
        import asyncio


        async def work(n):
            total = 0
            for i in range(n):
                await asyncio.sleep(0)
                total += i
            breakpoint()
            return total


        print("RESULT", asyncio.run(work(4)))
        """})
    commands = "p ('VALUES', n, total, i)\n!total = 40\nc\n"
    env = child_env(PYTHONBREAKPOINT=None)
    native = run([sys.executable, "debugme.py"], project, input=commands, env=env)
    hooked = run([sys.executable, "-m", "movenext", "run", "debugme.py"], project, input=commands, env=env)
    for process in (native, hooked):
        assert process.returncode == 0, process.stderr
        assert "('VALUES', 4, 6, 3)" in process.stdout, process.stdout
        assert process.stdout.rstrip().endswith("RESULT 40"), process.stdout
        assert "***" not in process.stdout


def test_stats_say_what_was_compiled_and_what_was_not_and_why(project):
    write(project, {
        "app/refusing.py": """
            import asyncio


            async def peek(a):
                await asyncio.sleep(0)
                return sorted(locals())


            async def fine(a):
                await asyncio.sleep(0)
                return a
            """,
        "app/skipped.py": "# movenext: skip\n\n\nasync def f():\n    pass\n",
        "app/latin.py": b"async def f():\n    return 1\n\n# caf\xe9 (not UTF-8, no coding cookie)\n",
        "stats.py": """
            import asyncio

            import app.latin
            import app.lib
            import app.refusing
            import app.skipped


            async def main():
                return await app.refusing.peek(1), await app.refusing.fine(2), await app.lib.triple(3)


            print(asyncio.run(main()))
            """,
    })
    process = movenext_run(["--include", "app", "--stats", "stats.py"], project)
    assert process.returncode == 0, process.stderr
    assert process.stdout == "(['a'], 2, 9)\n"
    lines = process.stderr.splitlines()
    assert lines[0] == ("movenext: 4 modules through the hook (0 from cache), 3 async functions compiled, "
                        "1 left native, 2 modules not compiled")
    assert lines[1].startswith(f"  native: {project / 'app' / 'refusing.py'}:6:")
    assert "locals()" in lines[1]
    assert lines[2].startswith("  module not compiled: app.latin: movenext cannot decode it: 'utf-8' codec")
    assert lines[3] == "  module not compiled: app.skipped: it contains `# movenext: skip`"
    assert len(lines) == 4


@pytest.mark.parametrize("how", ["python -m movenext", "movenext script", "python -P -m movenext"])
def test_sys_path_is_the_native_one(project, how):
    """sys.path[0] is what `python SCRIPT` / `python -m MODULE` put there (the
    script's real directory, symlinks resolved; the working directory), not
    what the interpreter put there for movenext; nothing under -P."""
    program = "import json, sys\nprint('JSON:' + json.dumps(sys.path))\n"
    write(project, {"real/where.py": program, "app/where.py": program})
    (project / "links").mkdir()
    (project / "links" / "where.py").symlink_to(project / "real" / "where.py")
    flags = ["-P"] if "-P" in how else []
    if how == "movenext script":
        script = os.path.join(os.path.dirname(sys.executable), "movenext")
        if not os.path.exists(script):
            pytest.skip(f"no movenext console script beside {sys.executable}")
        launcher = [script]
    else:
        launcher = [sys.executable, *flags, "-m", "movenext"]
    for target in (["links/where.py"], ["-m", "app.where"]):
        native = run([sys.executable, *flags, *target], project)
        hooked = run([*launcher, "run", *target], project)
        # (Under -P, `-m app.where` cannot find `app`: the same error.)
        assert (hooked.returncode, hooked.stdout, hooked.stderr) == (native.returncode, native.stdout, native.stderr)
        if flags:
            assert str(project) not in native.stdout
        else:
            assert output(native)[0] == str(project / ("real" if target[0] != "-m" else ""))
