"""Bad input: a corpus of invalid, unsupported and awkward programs.

Every file in cases/ is one input to `movenext transpile`. What must happen is
written in the file itself, in comments:

    await x  # error@5: 'await' outside function
        a diagnostic for this line, at column 5 (1-based, as printed:
        `FILE:LINE:5: error: 'await' outside function`), with exactly this
        message.
    # error@7:1: message
        on a line of its own (a header comment): the diagnostic at line 7,
        column 1. For file-level problems (encodings, null bytes) and errors
        on a line that cannot carry a comment (inside a string).
    # error[3.11]@28: message          only on Python 3.11
    # error[3.12+]@2:28: message       on 3.12 and later ([3.11,3.13] lists)
    A message ending in "..." is matched as a prefix.
    # expect: runs-identically
        a valid program: it compiles (exit 0, no diagnostic, no `async def`
        left) and the compiled program prints what the original prints.
    # expect: unchanged
        it compiles to itself, byte for byte.
    # xfail: diagnosis
        a movenext bug: the annotations say what *should* happen; the test of
        that expectation is a strict xfail giving the diagnosis.
    # cpython-differs: why
        the expected message is not CPython's; skip the comparison below.
    No annotation at all (the empty file): compiles to itself.

For a file with diagnostics, `movenext transpile FILE` must exit with status
1, print nothing on stdout and exactly the expected `FILE:LINE:COL: error:
MESSAGE` lines on stderr, never "Traceback" nor "INTERNAL ERROR";
`--in-place` must leave the file byte-identical. Every expected message that
is not movenext's own ("movenext cannot compile ...") is checked against the
running interpreter: `compile()` of the decoded source (of the bytes, for a
file that does not decode) must fail with that message at that line and
column (no line or column: 1). A refusal must be something CPython compiles.

Most cases run in-process (click's CliRunner); a handful run `python -m
movenext` as a subprocess. `inspect` and `run` get a few of them, and some
inputs are generated here: a huge file, a directory, a file CPython's own
compiler overflows on.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from movenext import cli
from movenext.errors import CompileError

CASES = Path(__file__).parent / "cases"
ROOT = Path(__file__).resolve().parents[2]
VERSION = sys.version_info[:2]
TIMEOUT = 120
REFUSAL = "movenext cannot compile "

# -- the annotations -------------------------------------------------------------

ANNOTATION = re.compile(
    r"#\s*(?P<kind>error|expect|xfail|cpython-differs)(?:\[(?P<versions>[^\]]*)\])?(?P<rest>[@:].*)$"
)
ERROR = re.compile(r"@(?:(?P<line>\d+):)?(?P<column>\d+): (?P<message>.+)$")
LINE_BREAK = re.compile(r"\r\n|\r|\n")  # what Python's tokenizer counts (not \f, not \x1c)


@dataclass(frozen=True)
class Expected:
    line: int
    column: int
    message: str

    def matches(self, line: int, column: int, message: str) -> bool:
        if (line, column) != (self.line, self.column):
            return False
        if self.message.endswith("..."):
            return message.startswith(self.message[:-3])
        return message == self.message

    def render(self, path: str) -> str:
        return f"{path}:{self.line}:{self.column}: error: {self.message}"


@dataclass
class Case:
    name: str
    data: bytes
    errors: list[Expected] = field(default_factory=list)
    expect: str | None = None  # "runs-identically", "unchanged"
    xfail: str | None = None
    cpython_differs: str | None = None

    @property
    def is_error(self) -> bool:
        return bool(self.errors)


def _applies(versions: str | None) -> bool:
    if not versions:
        return True
    for spec in versions.split(","):
        spec = spec.strip()
        at_least = spec.endswith("+")
        major, minor = (int(part) for part in spec.rstrip("+").split("."))
        if VERSION == (major, minor) or (at_least and VERSION >= (major, minor)):
            return True
    return False


def load_case(path: Path) -> Case:
    data = path.read_bytes()
    case = Case(path.name, data)
    text = data.decode("utf-8", errors="replace")  # annotations are ASCII
    for number, line in enumerate(LINE_BREAK.split(text), start=1):
        match = ANNOTATION.search(line)
        if not match:
            continue
        kind, rest = match["kind"], match["rest"]
        if not _applies(match["versions"]):
            continue
        if kind == "error":
            error = ERROR.match(rest)
            assert error, f"{path.name}:{number}: malformed annotation {line!r}"
            case.errors.append(
                Expected(int(error["line"] or number), int(error["column"]), error["message"].rstrip())
            )
            continue
        value = rest.lstrip(":").strip()
        if kind == "expect":
            assert value in ("runs-identically", "unchanged"), f"{path.name}:{number}: {value!r}"
            case.expect = value
        elif kind == "xfail":
            case.xfail = value
        else:
            case.cpython_differs = value
    if not case.errors and case.expect is None:
        case.expect = "unchanged"
    assert not (case.errors and case.expect), f"{path.name}: both diagnostics and `expect`"
    return case


ALL_CASES = [load_case(path) for path in sorted(CASES.glob("*.py"))]
ERROR_CASES = [case for case in ALL_CASES if case.is_error]
VALID_CASES = [case for case in ALL_CASES if not case.is_error]


def params(cases, *, xfail=True):
    """pytest params named after the cases; with their xfail marks if `xfail`."""
    result = []
    for case in cases:
        marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if xfail and case.xfail else []
        result.append(pytest.param(case, id=case.name.removesuffix(".py"), marks=marks))
    return result


def case_named(name: str) -> Case:
    return next(case for case in ALL_CASES if case.name == name)


# -- running movenext --------------------------------------------------------------


@pytest.fixture(autouse=True)
def _internal_error_reports_in_tmp_path(tmp_path, monkeypatch):
    """Reports of internal errors (xfail cases) go to the test's directory, not /tmp."""
    reports = tmp_path / "internal-error-reports"
    reports.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(reports))
    monkeypatch.setenv("TMPDIR", str(reports))


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str


def movenext_in_process(*args: str) -> Outcome:
    result = CliRunner().invoke(cli.main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        details = "".join(traceback.format_exception(*result.exc_info))
        raise AssertionError(f"movenext {' '.join(args)} raised:\n{details}")
    return Outcome(result.exit_code, result.stdout, result.stderr)


def movenext_subprocess(*args: str, cwd: Path) -> Outcome:
    completed = subprocess.run(
        [sys.executable, "-m", "movenext", *args], cwd=cwd, capture_output=True, timeout=TIMEOUT
    )
    return Outcome(
        completed.returncode,
        completed.stdout.decode("utf-8", errors="replace"),
        completed.stderr.decode("utf-8", errors="replace"),
    )


def run_python(path: Path, cwd: Path) -> subprocess.CompletedProcess:
    environment = dict(os.environ, PYTHONHASHSEED="0")
    return subprocess.run(
        [sys.executable, str(path)], cwd=cwd, capture_output=True, timeout=TIMEOUT, env=environment
    )


def assert_clean(outcome: Outcome) -> None:
    for stream in (outcome.stdout, outcome.stderr):
        assert "Traceback" not in stream, stream
        assert "INTERNAL ERROR" not in stream, stream


def assert_diagnostics(case: Case, outcome: Outcome, path: str) -> None:
    assert_clean(outcome)
    assert outcome.exit_code == 1, outcome
    assert outcome.stdout == ""
    printed = outcome.stderr.splitlines()
    pattern = re.compile(rf"{re.escape(path)}:(\d+):(\d+): error: (.*)")
    parsed = []
    for line in printed:
        match = pattern.fullmatch(line)
        assert match, f"not a diagnostic of {path}: {line!r}\n{outcome.stderr}"
        parsed.append((int(match[1]), int(match[2]), match[3]))
    expected = sorted(case.errors, key=lambda e: (e.line, e.column))
    assert len(parsed) == len(expected), (
        "expected:\n" + "\n".join(e.render(path) for e in expected) + "\ngot:\n" + outcome.stderr
    )
    for want, got in zip(expected, sorted(parsed)):
        assert want.matches(*got), f"expected {want.render(path)}\ngot      {path}:{got[0]}:{got[1]}: error: {got[2]}"


def copy_case(case: Case, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / case.name
    path.write_bytes(case.data)
    return path


# -- the corpus ----------------------------------------------------------------------


def test_corpus_size():
    assert len(ERROR_CASES) >= 40
    names = {case.name for case in ALL_CASES}
    assert len(names) == len(ALL_CASES)


@pytest.mark.parametrize("case", params(ERROR_CASES))
def test_diagnostics(case, tmp_path):
    path = copy_case(case, tmp_path)
    assert_diagnostics(case, movenext_in_process("transpile", str(path)), str(path))


@pytest.mark.parametrize("case", params(ERROR_CASES, xfail=False))
def test_in_place_leaves_a_bad_file_alone(case, tmp_path):
    path = copy_case(case, tmp_path)
    old = 1_000_000_000_000_000_000
    os.utime(path, ns=(old, old))
    outcome = movenext_in_process("transpile", "--in-place", str(path))
    assert_clean(outcome)
    assert outcome.exit_code == 1
    assert path.read_bytes() == case.data
    assert path.stat().st_mtime_ns == old
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [case.name]  # no temporary left


def _cpython_error(source, filename: str) -> tuple[int, int, str] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(source, filename, "exec", dont_inherit=True)
    except SyntaxError as error:
        return (error.lineno or 1, error.offset if error.offset and error.offset > 0 else 1, error.msg)
    except ValueError as error:
        return (1, 1, str(error))
    return None


@pytest.mark.parametrize("case", params(ERROR_CASES, xfail=False))
def test_messages_are_cpythons(case):
    """CPython's errors in CPython's words, at CPython's position; refusals
    only for programs CPython accepts."""
    filename = case.name
    try:
        source = cli.read_source(filename, case.data).text
        position_checked = True
    except CompileError:  # does not decode: compare with compile() of the bytes
        source = case.data
        position_checked = False
    cpython = _cpython_error(source, filename)
    own = [e for e in case.errors if e.message.startswith(REFUSAL)]
    if own:
        assert len(own) == len(case.errors), "a case mixes refusals and CPython errors"
        assert cpython is None, f"CPython rejects this program: {cpython}"
        return
    if case.cpython_differs:
        pytest.skip(f"not CPython's words: {case.cpython_differs}")
    assert cpython is not None, "CPython compiles this program"
    assert len(case.errors) == 1, "CPython reports one error; expect one"
    (expected,) = case.errors
    line, column, message = cpython
    if position_checked:
        assert expected.matches(line, column, message), f"CPython says {line}:{column}: {message}"
    else:
        assert expected.matches(expected.line, expected.column, message), f"CPython says {message!r}"


@pytest.mark.parametrize("case", params([c for c in VALID_CASES if c.expect == "unchanged"]))
def test_unchanged(case, tmp_path):
    path = copy_case(case, tmp_path / "src")
    printed = movenext_in_process("transpile", str(path))
    assert_clean(printed)
    assert (printed.exit_code, printed.stderr) == (0, "")
    assert printed.stdout == cli.read_source(str(path), case.data).text
    written = movenext_in_process("transpile", str(path), "-o", str(tmp_path / "out"))
    assert (written.exit_code, written.stderr) == (0, "")
    assert (tmp_path / "out" / case.name).read_bytes() == case.data
    in_place = movenext_in_process("transpile", "--in-place", str(path))
    assert (in_place.exit_code, in_place.stderr) == (0, "")
    assert path.read_bytes() == case.data


def _compile_and_run(case: Case, tmp_path: Path, via_subprocess: bool = False):
    source = copy_case(case, tmp_path / "src")
    out = tmp_path / "out"
    if via_subprocess:
        outcome = movenext_subprocess("transpile", str(source), "-o", str(out), cwd=tmp_path)
    else:
        outcome = movenext_in_process("transpile", str(source), "-o", str(out))
    assert_clean(outcome)
    assert (outcome.exit_code, outcome.stderr) == (0, ""), outcome.stderr
    compiled = out / case.name
    tree = ast.parse(compiled.read_bytes())
    assert not any(isinstance(node, ast.AsyncFunctionDef) for node in ast.walk(tree)), "an async def is left"
    native = run_python(source, tmp_path / "src")
    assert native.returncode == 0, native.stderr.decode()
    assert native.stdout
    transpiled = run_python(compiled, out)
    assert transpiled.stderr.decode() == ""
    assert (transpiled.returncode, transpiled.stdout) == (native.returncode, native.stdout)
    return source, compiled


@pytest.mark.parametrize("case", params([c for c in VALID_CASES if c.expect == "runs-identically"]))
def test_runs_identically(case, tmp_path):
    _compile_and_run(case, tmp_path)


def test_latin1_output_keeps_its_encoding(tmp_path):
    case = case_named("encoding_latin1_cookie.py")
    _source, compiled = _compile_and_run(case, tmp_path)
    data = compiled.read_bytes()
    assert data.startswith(b"# -*- coding: latin-1 -*-\n")
    assert "def café(crème):".encode("latin-1") in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


# -- as a user runs it: a subprocess -------------------------------------------------

SUBPROCESS_CASES = [
    "syntax_missing_colon.py",
    "await_in_lambda_inside_async.py",
    "refused_eval_exec.py",
    "encoding_unknown_cookie.py",
    "file_null_byte.py",
    "syntax_fstring_conversion.py",
]


@pytest.mark.parametrize("case", params([case_named(name) for name in SUBPROCESS_CASES]))
def test_diagnostics_in_a_subprocess(case, tmp_path):
    copy_case(case, tmp_path)
    outcome = movenext_subprocess("transpile", case.name, cwd=tmp_path)
    assert_diagnostics(case, outcome, case.name)


def test_valid_case_in_a_subprocess(tmp_path):
    _compile_and_run(case_named("names_generated_locals.py"), tmp_path, via_subprocess=True)


# -- movenext inspect and movenext run -----------------------------------------------

INSPECT_ERROR_CASES = [
    "syntax_unterminated_triple_quote.py",
    "await_in_sync_def_inside_async.py",
    "return_value_in_async_generator.py",
    "encoding_unknown_cookie.py",
    "file_null_byte.py",
]


@pytest.mark.parametrize("case", params([case_named(name) for name in INSPECT_ERROR_CASES]))
def test_inspect_prints_the_same_diagnostics(case, tmp_path):
    path = copy_case(case, tmp_path)
    assert_diagnostics(case, movenext_in_process("inspect", str(path)), str(path))


@pytest.mark.parametrize("name", ["refused_vars_and_dir.py", "refused_in_method_and_nested.py"])
def test_inspect_shows_refusals_as_left_native(name, tmp_path):
    import json

    case = case_named(name)
    path = copy_case(case, tmp_path)
    outcome = movenext_in_process("inspect", str(path), "--json")
    assert_clean(outcome)
    assert outcome.exit_code == 0, outcome.stderr
    functions = json.loads(outcome.stdout)["functions"]
    refused = sorted(f["refused"] for f in functions if not f["compiled"])
    assert refused == sorted(f"{e.line}:{e.column}: {e.message}" for e in case.errors)
    plain = movenext_in_process("inspect", str(path))
    assert_clean(plain)
    assert plain.exit_code == 0
    assert "left native" in plain.stdout


def test_run_compiles_and_runs_a_valid_case(tmp_path):
    case = case_named("names_receiver_and_privates.py")
    path = copy_case(case, tmp_path)
    native = run_python(path, tmp_path)
    compiled = subprocess.run(
        [sys.executable, "-m", "movenext", "run", "--stats", case.name],
        cwd=tmp_path, capture_output=True, timeout=TIMEOUT,
    )
    assert (compiled.returncode, compiled.stdout) == (0, native.stdout), compiled.stderr.decode()
    assert b"Traceback" not in compiled.stderr


def test_redefined_coroutines_are_each_inspected_and_counted(tmp_path):
    import json

    case = case_named("names_redefined_coroutines.py")
    path = copy_case(case, tmp_path)
    outcome = movenext_in_process("inspect", str(path), "--json")
    assert outcome.exit_code == 0, outcome.stderr
    functions = json.loads(outcome.stdout)["functions"]
    assert len(functions) == 7
    machines = [f["machine_class"] for f in functions]
    assert len(set(machines)) == 7, machines
    stats = subprocess.run(
        [sys.executable, "-m", "movenext", "run", "--stats", case.name],
        cwd=tmp_path, capture_output=True, timeout=TIMEOUT,
    )
    assert stats.returncode == 0, stats.stderr.decode()
    assert b"7 async functions compiled" in stats.stderr, stats.stderr.decode()


@pytest.mark.parametrize(
    "name",
    [
        "await_in_sync_def.py",
        "encoding_undecodable_first_line.py",
        "encoding_undecodable_later_line.py",
        "encoding_unknown_cookie.py",
        "file_null_byte.py",
        "syntax_tabs_and_spaces.py",
    ],
)
def test_run_reports_a_bad_script_like_python(name, tmp_path):
    path = copy_case(case_named(name), tmp_path)
    native = run_python(path, tmp_path)
    assert native.returncode == 1
    compiled = subprocess.run(
        [sys.executable, "-m", "movenext", "run", name], cwd=tmp_path, capture_output=True, timeout=TIMEOUT
    )
    assert compiled.returncode == 1
    assert compiled.stdout == b""
    assert compiled.stderr == native.stderr


# -- generated inputs --------------------------------------------------------------


def test_a_directory_named_like_a_file(tmp_path):
    directory = tmp_path / "module.py"
    directory.mkdir()
    for args, status, says in [
        (("transpile", str(directory)), 2, "a directory need --output DIR or --in-place"),
        (("inspect", str(directory)), 1, f"{directory} is a directory"),
        (("run", str(directory)), 2, f"{directory}: no such file"),
    ]:
        outcome = movenext_in_process(*args)
        assert_clean(outcome)
        assert outcome.exit_code == status, (args, outcome)
        assert outcome.stdout == ""
        assert says in outcome.stderr
    (directory / "inner.py").write_text("async def f():\n    yield from g()\n")
    outcome = movenext_in_process("transpile", str(directory), "-o", str(tmp_path / "out"))
    assert_clean(outcome)
    assert outcome.exit_code == 1
    assert outcome.stderr == f"{directory / 'inner.py'}:2:5: error: 'yield from' inside async function\n"
    assert not (tmp_path / "out" / "inner.py").exists()


def test_missing_and_looping_paths_are_usage_errors(tmp_path):
    (tmp_path / "dangling.py").symlink_to(tmp_path / "nowhere.py")
    (tmp_path / "loop.py").symlink_to(tmp_path / "loop.py")
    for name in ("dangling.py", "loop.py"):
        outcome = movenext_in_process("transpile", str(tmp_path / name))
        assert_clean(outcome)
        assert outcome.exit_code == 2, outcome
        assert f"{tmp_path / name}: no such file or directory" in outcome.stderr


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    path = tmp_path / "secret.py"
    path.write_text("async def f():\n    pass\n")
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "secret.py":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = CliRunner().invoke(cli.main, ["transpile", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (1, 2)
    assert "Permission denied" in result.stderr


def _huge_source(functions: int) -> str:
    parts = [
        '"""A generated module: plain helpers and coroutines, 20 lines each."""\n\nimport asyncio\n\n\n'
        "async def tick(value):\n    await asyncio.sleep(0)\n    return value\n\n\n"
    ]
    for i in range(functions):
        parts.append(
            f"def helper_{i}(x):\n"
            f"    # plain code between the coroutines\n"
            f"    if x > {i}:\n"
            f"        return x - {i}\n"
            f"    return x + {i % 7}\n"
            f"\n\n"
            f"async def step_{i}(x, retries=2):\n"
            f"    total = 0\n"
            f"    for attempt in range(retries):\n"
            f"        try:\n"
            f"            total += await tick(helper_{i}(x + attempt))\n"
            f"        except ValueError:\n"
            f"            continue\n"
            f"    return total\n"
            f"\n\n"
            f"TABLE_{i} = {{'name': 'step_{i}', 'size': {i}}}\n"
            f"\n\n"
        )
    parts.append(
        "async def main():\n"
        f"    print(await step_0(1), await step_{functions - 1}(2), len([name for name in globals() if name.startswith('step_')]))\n"
        "\n\nasyncio.run(main())\n"
    )
    return "".join(parts)


HUGE_FUNCTIONS = 500  # 10k lines (how fast is measured by `python -m benchmarks`, not here)


def test_huge_file(tmp_path):
    source = _huge_source(HUGE_FUNCTIONS)
    assert source.count("\n") >= 10_000
    path = tmp_path / "src" / "huge.py"
    path.parent.mkdir()
    path.write_text(source)
    outcome = movenext_in_process("transpile", "--no-format", str(path), "-o", str(tmp_path / "out"))
    assert_clean(outcome)
    assert (outcome.exit_code, outcome.stderr) == (0, "")
    compiled = (tmp_path / "out" / "huge.py").read_text()
    tree = ast.parse(compiled)  # the output compiles
    compile(tree, "huge.py", "exec")
    assert sum(isinstance(node, ast.AsyncFunctionDef) for node in ast.walk(tree)) == 0
    assert compiled.count("_StateMachine(_movenext.CoroutineMachine)") == HUGE_FUNCTIONS + 2
    native = run_python(path, path.parent)
    assert native.returncode == 0, native.stderr.decode()
    assert run_python(tmp_path / "out" / "huge.py", tmp_path / "out").stdout == native.stdout


def test_input_that_overflows_cpythons_compiler(tmp_path):
    path = tmp_path / "long.py"
    path.write_text("async def f():\n    pass\n\n\nx = " + " + ".join(["1"] * 100_000) + "\n")
    with pytest.raises(RecursionError):
        compile(path.read_text(), str(path), "exec")
    outcome = movenext_in_process("transpile", str(path))
    assert_clean(outcome)
    assert outcome.exit_code == 1
    assert re.fullmatch(rf"{re.escape(str(path))}:\d+:\d+: error: .*recursion.*\n", outcome.stderr), outcome.stderr
