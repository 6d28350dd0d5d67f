"""Compiled modules report the user's file and lines: tracebacks, linecache,
inspect, frames, tracing (pdb) and coverage.py. Each aspect is measured in a
native run and a hooked run of the same module and compared."""

import json
import sys
import textwrap

import pytest

from .support import child_env, run, run_json, write

MODULE = '''
import asyncio
import sys
import types


@types.coroutine
def tick():
    yield


def decorate(function):
    return function


async def work(n):
    total = 0
    for i in range(n):
        await tick()
        total += i
    if total > 100:
        total = -1
        await tick()
    try:
        await tick()
    except KeyError:
        total = -2
    else:
        total += 1
    label = f"total={total}"
    return label


async def helper(x):
    await tick()
    return 10 / x


async def chain(x):
    value = await helper(x)
    return value


async def fail(items):
    for item in items:
        await tick()
        if item < 0:
            raise ValueError(f"negative: {item}")
    return items


@decorate
async def decorated(
    a,
    b=2,
):
    seen = [sys._getframe().f_lineno]
    await tick()
    seen.append(sys._getframe().f_lineno)
    return seen


async def never_called():
    await tick()
    return 5
'''

SOURCE_LINES = textwrap.dedent(MODULE).lstrip("\n").splitlines()


def line_of(text, after=0):
    """1-based number of the first line containing `text` (after line `after`)."""
    for number, line in enumerate(SOURCE_LINES, 1):
        if number > after and text in line:
            return number
    raise AssertionError(f"{text!r} not in the module")


WORK_DEF = line_of("async def work")
WORK_END = line_of("return label")

#: Child programs start with this; argv[1] is "native" or "hooked".
SETUP = """
if sys.argv[1] == "hooked":
    movenext.install_import_hook(include=["posmod"])
import posmod
assert kind(posmod.work, 0) == ("compiled" if sys.argv[1] == "hooked" else "native")


def drive(coroutine):
    try:
        while True:
            coroutine.send(None)
    except StopIteration as stop:
        return stop.value
"""


@pytest.fixture(scope="module")
def module_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("positions")
    write(root, {"posmod.py": MODULE})
    return root


def both(code, module_dir):
    """{"native": ..., "hooked": ...} of the child's result."""
    return {mode: run_json(SETUP + textwrap.dedent(code), module_dir, args=(mode,)) for mode in ("native", "hooked")}


@pytest.fixture(scope="module")
def tracebacks(module_dir):
    return both(
        """
        import linecache, traceback
        out = {}
        for name, make in [("chain", lambda: posmod.chain(0)), ("fail", lambda: posmod.fail([1, -2]))]:
            try:
                drive(make())
            except Exception as error:
                frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == posmod.__file__]
                text = "".join(traceback.format_exception(error))
                out[name] = {
                    "frames": [[f.filename, f.lineno, f.name, f.line] for f in frames],
                    "linecache": [linecache.getline(f.filename, f.lineno) for f in frames],
                    "text": [line for line in text.splitlines() if not set(line.strip()) <= set("^~")],
                    "error": repr(error),
                }
        emit(out)
        """,
        module_dir,
    )


def test_traceback_names_the_real_file_line_and_source(tracebacks, module_dir):
    path = str(module_dir / "posmod.py")
    hooked = tracebacks["hooked"]
    raise_line = line_of("raise ValueError")
    assert hooked["fail"]["frames"] == [[path, raise_line, "fail", 'raise ValueError(f"negative: {item}")']]
    assert hooked["fail"]["error"] == "ValueError('negative: -2')"
    assert hooked["chain"]["frames"] == [
        [path, line_of("value = await helper(x)"), "chain", "value = await helper(x)"],
        [path, line_of("return 10 / x"), "helper", "return 10 / x"],
    ]
    text = "\n".join(hooked["fail"]["text"])
    assert f'  File "{path}", line {raise_line}, in fail\n    raise ValueError(f"negative: {{item}}")' in text


def test_linecache_returns_the_original_lines(tracebacks):
    for name in ("chain", "fail"):
        frames = tracebacks["hooked"][name]["frames"]
        lines = tracebacks["hooked"][name]["linecache"]
        assert lines == [SOURCE_LINES[lineno - 1] + "\n" for _, lineno, _, _ in frames]


def test_traceback_frames_are_the_native_ones(tracebacks):
    for name in ("chain", "fail"):
        native, hooked = tracebacks["native"][name], tracebacks["hooked"][name]
        assert hooked["frames"] == native["frames"]
        assert hooked["error"] == native["error"]
        # The formatted text names the same places (frames of movenext's
        # runtime may be interleaved; caret lines are dropped on purpose).
        in_module = lambda lines: [l for l in lines if "posmod.py" in l]  # noqa: E731
        assert in_module(hooked["text"]) == in_module(native["text"])


def test_inspect_and_frames(module_dir):
    data = both(
        """
        import inspect
        coroutine = posmod.work(2)
        suspended = []
        try:
            while True:
                coroutine.send(None)
                suspended.append(coroutine.cr_frame.f_lineno)
        except StopIteration as stop:
            result = stop.value
        emit({
            "work": inspect.getsource(posmod.work),
            "lines": [inspect.getsourcelines(f)[1] for f in (posmod.work, posmod.chain)],
            "file": [inspect.getsourcefile(posmod.work), posmod.work.__code__.co_filename],
            "firstlineno": posmod.work.__code__.co_firstlineno,
            "names": [posmod.work.__name__, posmod.work.__qualname__],
            "f_lineno": drive(posmod.decorated(1)),
            "suspended_at": suspended,
            "result": result,
            "iscoroutinefunction": inspect.iscoroutinefunction(posmod.work),
        })
        """,
        module_dir,
    )
    hooked = data["hooked"]
    work = "\n".join(SOURCE_LINES[WORK_DEF - 1: WORK_END]) + "\n"
    assert hooked["work"] == work
    assert hooked["lines"] == [WORK_DEF, line_of("async def chain")]
    assert hooked["file"] == [str(module_dir / "posmod.py")] * 2
    assert hooked["firstlineno"] == WORK_DEF
    assert hooked["f_lineno"] == [line_of("seen = [sys._getframe"), line_of("seen.append(")]
    tick = line_of("await tick()", after=WORK_DEF)
    assert hooked["suspended_at"] == [tick, tick, line_of("await tick()", after=line_of("try:"))]
    assert hooked["result"] == "total=2"
    assert hooked == data["native"]


def test_getsource_of_decorated_function_includes_decorators(module_dir):
    data = both(
        """
        import inspect
        emit({
            "source": inspect.getsource(posmod.decorated),
            "line": inspect.getsourcelines(posmod.decorated)[1],
            "firstlineno": posmod.decorated.__code__.co_firstlineno,
        })
        """,
        module_dir,
    )
    start = line_of("@decorate")
    expected = {
        "source": "\n".join(SOURCE_LINES[start - 1: line_of("return seen")]) + "\n",
        "line": start,
        "firstlineno": start,
    }
    assert data["native"] == expected
    assert data["hooked"] == expected


@pytest.fixture(scope="module")
def line_events(module_dir):
    return both(
        """
        events = []

        def tracer(frame, event, arg):
            if frame.f_code.co_filename == posmod.__file__ and frame.f_code.co_name != "tick" and event == "line":
                events.append(frame.f_lineno)
            return tracer

        coroutine = posmod.work(3)
        sys.settrace(tracer)
        try:
            result = drive(coroutine)
        finally:
            sys.settrace(None)
        emit({"result": result, "lines": events})
        """,
        module_dir,
    )


def test_line_events_stay_on_the_original_lines(line_events):
    native, hooked = line_events["native"], line_events["hooked"]
    assert hooked["result"] == native["result"] == "total=4"
    lines = set(hooked["lines"])
    # Only lines of the coroutine itself...
    assert lines <= set(range(WORK_DEF, WORK_END + 1)), sorted(lines)
    # ...every statement that ran, including those after the first suspension...
    assert set(native["lines"]) <= lines
    for text in ("total += i", "try:", "total += 1", "label = ", "return label"):
        assert line_of(text, after=WORK_DEF) in lines, text
    # ...and never a statement that did not run.
    for text in ("total = -1", "except KeyError", "total = -2"):
        assert line_of(text, after=WORK_DEF) not in lines, text
    assert line_of("await tick()", after=line_of("total = -1")) not in lines


@pytest.mark.xfail(
    strict=True,
    reason="resuming reports one 'line' event for the await it resumes at (the call that "
    "takes the awaited result must keep that line for tracebacks), entering a `for` loop "
    "whose body suspends reports its line twice, and re-entering a `try` reports its line; "
    "resume guards themselves have no location, so skipped statements never report lines",
)
def test_line_events_are_the_native_sequence(line_events):
    assert line_events["hooked"]["lines"] == line_events["native"]["lines"]


#: For pdb: a nested function reading an outer variable, and assignments.
PDB_MODULE = '''
import types


@types.coroutine
def tick():
    yield


async def outer(n):
    total = 0

    def inner(extra):
        return total + extra

    await tick()
    total = n * 10
    value = inner(1)
    after = value + 1
    await tick()
    return [after, total, n]
'''
PDB_LINES = textwrap.dedent(PDB_MODULE).lstrip("\n").splitlines()


def pdb_line(text):
    return next(number for number, line in enumerate(PDB_LINES, 1) if text in line)


@pytest.fixture(scope="module")
def pdb_sessions(module_dir):
    write(module_dir, {"pdbmod.py": PDB_MODULE})
    show = "p ('VALUES', n, total)\nc\n"
    sessions = {
        # name: (module, function, line, commands at each stop)
        "loop": ("posmod", "work", line_of("total += i"), show),
        "label": ("posmod", "work", line_of("label = "), show),
        "first": ("posmod", "work", line_of("total = 0"), show),
        "nested": ("pdbmod", "inner", pdb_line("return total + extra"),
                   "p ('VALUES', total, extra)\np n\nc\n"),
        "assign": ("pdbmod", "outer", pdb_line("after = value + 1"),
                   "p ('VALUES', n, total, value)\n!total = 100\n!n = 7\np ('VALUES', n, total)\nc\n"),
    }
    return sessions, both(
        f"""
        import io, pdb
        if sys.argv[1] == "hooked":
            movenext.install_import_hook(include=["pdbmod"])
        import pdbmod

        def session(module, function, line, commands):
            # Stopped at drive()'s first line: set the breakpoint, continue;
            # then at each stop run the commands (which continue).
            module = sys.modules[module]
            commands = f"b {{module.__file__}}:{{line}}\\nc\\n" + commands * 12
            out = io.StringIO()
            debugger = pdb.Pdb(stdin=io.StringIO(commands), stdout=out, nosigint=True, readrc=False)
            debugger.use_rawinput = False
            coroutine = posmod.work(3) if module is posmod else pdbmod.outer(3)
            try:
                result = debugger.runcall(drive, coroutine)
            finally:
                debugger.clear_all_breaks()
            lines = [l.replace("(Pdb) ", "") for l in out.getvalue().splitlines()]
            stop = f"> {{module.__file__}}({{line}}){{function}}()"
            return {{
                "result": result,
                "stops": lines.count(stop),
                "values": [l for l in lines if l.startswith("('VALUES'")],
                "errors": [l for l in lines if l.startswith("***")],
            }}

        emit({{name: session(*arguments) for name, arguments in {sessions!r}.items()}})
        """,
        module_dir,
    )


def test_pdb_breakpoints_on_original_lines(pdb_sessions):
    _, data = pdb_sessions
    hooked, native = data["hooked"], data["native"]
    assert native["loop"]["stops"] == 3 and native["label"]["stops"] == 1
    assert native["loop"]["values"] == ["('VALUES', 3, 0)", "('VALUES', 3, 0)", "('VALUES', 3, 1)"]
    for name in ("loop", "label"):
        assert hooked[name]["result"] == "total=4"
        assert hooked[name]["stops"] == native[name]["stops"], name


def test_pdb_breakpoint_on_first_statement_stops_once(pdb_sessions):
    _, data = pdb_sessions
    assert data["native"]["first"]["stops"] == 1
    assert data["hooked"]["first"]["stops"] == 1


def test_pdb_prints_local_variables(pdb_sessions):
    """Variables kept in fields: parameters and variables live across an
    await (movenext.debugging gives pdb the machine's variables)."""
    _, data = pdb_sessions
    native, hooked = data["native"], data["hooked"]
    assert native["label"]["values"] == ["('VALUES', 3, 4)"]
    assert native["label"]["errors"] == []
    for name in ("loop", "label"):
        assert hooked[name]["values"] == native[name]["values"], name
        assert hooked[name]["errors"] == native[name]["errors"] == [], name


def test_pdb_unbound_variable_is_a_name_error_as_natively(pdb_sessions):
    _, data = pdb_sessions
    assert data["native"]["first"]["errors"] == ["*** NameError: name 'total' is not defined"]
    assert data["hooked"]["first"] == data["native"]["first"]


def test_pdb_in_a_nested_function_sees_its_free_variables_only(pdb_sessions):
    _, data = pdb_sessions
    native = data["native"]["nested"]
    assert native["stops"] == 1
    assert native["values"] == ["('VALUES', 30, 1)"]
    assert native["errors"] == ["*** NameError: name 'n' is not defined"]
    assert data["hooked"]["nested"] == native


def test_pdb_assignments_change_the_running_coroutine(pdb_sessions):
    _, data = pdb_sessions
    native = data["native"]["assign"]
    assert native["values"] == ["('VALUES', 3, 30, 31)", "('VALUES', 7, 100)"]
    assert native["result"] == [32, 100, 7]
    assert data["hooked"]["assign"] == native


@pytest.fixture(scope="module")
def coverage_runs(module_dir):
    pytest.importorskip("coverage")
    return both(
        """
        import coverage
        cov = coverage.Coverage(data_file=None, branch=True, include=[posmod.__file__])
        cov.start()
        posmod = importlib.reload(posmod)  # measure the module's own lines too, as `coverage run` would
        results = [drive(posmod.work(3)), drive(posmod.chain(2)), drive(posmod.fail([1])), drive(posmod.decorated(0))]
        cov.stop()
        _, statements, _, missing, _ = cov.analysis2(posmod.__file__)
        executed = sorted(cov.get_data().lines(posmod.__file__))
        report = os.path.join(os.getcwd(), f"coverage-{sys.argv[1]}.json")
        cov.json_report(outfile=report)
        with open(report) as handle:
            summary = json.load(handle)["files"]
        [file_summary] = summary.values()
        emit({
            "results": results,
            "executed": executed,
            "missing": missing,
            "missing_branches": file_summary["missing_branches"],
        })
        """,
        module_dir,
    )


def without(data, line):
    """A coverage result with `line` left out (see the decorator test)."""
    return {
        key: [x for x in value if x != line] if key in ("executed", "missing") else value
        for key, value in data.items()
    }


def test_coverage_measures_original_lines(coverage_runs):
    decorator = line_of("@decorate")
    native, hooked = coverage_runs["native"], without(coverage_runs["hooked"], decorator)
    assert hooked["results"] == ["total=4", 5.0, [1], [line_of("seen = [sys._getframe"), line_of("seen.append(")]]
    for text in ("total = 0", "total += i", "total += 1", "return label", "return 10 / x", "return items",
                 "seen.append("):
        assert line_of(text) in hooked["executed"], text
    missing = {line_of("total = -1"), line_of("await tick()", after=line_of("total = -1")),
               line_of("except KeyError"), line_of("total = -2"), line_of("raise ValueError"),
               line_of("await tick()", after=line_of("async def never_called")), line_of("return 5")}
    assert set(hooked["missing"]) == missing
    assert [line_of("if total > 100"), line_of("total = -1")] in hooked["missing_branches"]
    # What coverage reports (raw line data may differ on non-statement lines,
    # e.g. a parameter default's line, which no report shows).
    for key in ("results", "missing", "missing_branches"):
        assert hooked[key] == without(native, decorator)[key], key


def test_coverage_counts_decorator_lines(coverage_runs):
    decorator = line_of("@decorate")
    assert decorator in coverage_runs["native"]["executed"]
    assert decorator in coverage_runs["hooked"]["executed"]
    assert decorator not in coverage_runs["hooked"]["missing"]




def test_uncaught_traceback_has_no_misleading_carets(module_dir):
    """The interpreter's own printer (not the traceback module) on an uncaught error."""
    outputs = {}
    for mode in ("native", "hooked"):
        process = run(
            [sys.executable, "-c", _uncaught_program(), mode], module_dir,
        )
        assert process.returncode == 1
        lines = process.stderr.splitlines()
        raise_line = line_of("raise ValueError")
        start = lines.index(f'  File "{module_dir / "posmod.py"}", line {raise_line}, in fail')
        outputs[mode] = lines[start:start + 3]
    assert outputs["native"][1:] == ['    raise ValueError(f"negative: {item}")', "ValueError: negative: -2"]
    assert outputs["hooked"] == outputs["native"]


def _uncaught_program():
    from .support import PRELUDE

    return PRELUDE + SETUP + "drive(posmod.fail([-2]))\n"


#: For `coverage run -m movenext run`: loops, try/except/else/finally,
#: async with, an async comprehension, match, and a function never called.
COVERED_PROGRAM = '''
import asyncio


async def helper(x):
    if x > 100:
        return -1
    await asyncio.sleep(0)
    return x * 2


async def work(n):
    total = 0
    for i in range(n):
        try:
            total += await helper(i)
        except ValueError:
            total = -2
        else:
            total += 1
        finally:
            pass
    while total > 1000:
        total -= 1
    async with asyncio.timeout(5):
        await asyncio.sleep(0)
    result = [await helper(j) for j in range(2)]
    match total:
        case 0:
            return "zero"
        case _:
            pass
    return total, result


async def never():
    await asyncio.sleep(0)
    return 1


print(asyncio.run(work(3)))
'''


@pytest.mark.parametrize("core", ["ctrace", "sysmon"])
def test_coverage_run_of_movenext_run_reports_the_native_lines(tmp_path, core):
    """What a user does: `coverage run -m movenext run prog.py` against
    `coverage run prog.py`: the same executed and missing lines (and
    branches, where the core measures them)."""
    pytest.importorskip("coverage")
    branch = core == "ctrace"  # sys.monitoring measures branches only from 3.14
    if core == "sysmon" and sys.version_info < (3, 12):
        pytest.skip("sys.monitoring (coverage's sysmon core) exists from Python 3.12")
    write(tmp_path, {"prog.py": COVERED_PROGRAM})
    env = child_env(COVERAGE_CORE=core)
    reports = {}
    for mode, command in (("native", ["prog.py"]), ("hooked", ["-m", "movenext", "run", "prog.py"])):
        data = f".coverage.{mode}"
        options = ["--branch"] if branch else []
        ran = run([sys.executable, "-m", "coverage", "run", *options, f"--data-file={data}", *command], tmp_path, env=env)
        assert ran.returncode == 0, ran.stderr
        assert ran.stdout == "(9, [0, 2])\n"
        assert "CoverageWarning" not in ran.stderr, ran.stderr
        report = run([sys.executable, "-m", "coverage", "json", f"--data-file={data}", "-o", f"{mode}.json",
                      "--include=prog.py"], tmp_path, env=env)
        assert report.returncode == 0, report.stderr
        reports[mode] = json.loads((tmp_path / f"{mode}.json").read_text())["files"]["prog.py"]
    keys = ["executed_lines", "missing_lines", "excluded_lines"]
    if branch:
        keys += ["executed_branches", "missing_branches"]
    native, hooked = reports["native"], reports["hooked"]
    assert native["missing_lines"] == [6, 16, 17, 23, 29, 36, 37]
    for key in keys:
        assert hooked[key] == native[key], key
