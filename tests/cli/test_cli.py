"""The `movenext` command line, run as a user runs it: `python -m movenext ...`."""

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import movenext
import movenext.runtime
from movenext import cli

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
TIMEOUT = 120

ASYNC_SOURCE = '''\
import asyncio


async def double(x):
    await asyncio.sleep(0)
    return 2 * x


print(asyncio.run(double(21)))
'''

PLAIN_SOURCE = "x  =  1\nprint( x )  # odd spacing that a formatter would change\n"


def run_movenext(*args, cwd, stdin=None):
    """Run the CLI in a fresh interpreter; bytes in, bytes out."""
    return subprocess.run(
        [sys.executable, "-m", "movenext", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=TIMEOUT,
    )


def run_python(*args, cwd, stdin=None):
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, input=stdin, capture_output=True, timeout=TIMEOUT
    )


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def compiled(source, filename, **options):
    return movenext.transpile_source(source, filename, **options).encode("utf-8")


def syntax_error_of(source, filename):
    try:
        compile(source, filename, "exec")
    except SyntaxError as error:
        return error
    raise AssertionError("the source compiles")


# ----------------------------------------------------------------------
# Printing


def test_prints_one_compiled_file(tmp_path):
    write(tmp_path / "mod.py", ASYNC_SOURCE)
    result = run_movenext("transpile", "mod.py", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert result.stdout == compiled(ASYNC_SOURCE, "mod.py")
    assert b"class _double_StateMachine(_movenext.CoroutineMachine)" in result.stdout
    assert b"async def" not in result.stdout


def test_printed_output_runs_like_the_original(tmp_path):
    write(tmp_path / "mod.py", ASYNC_SOURCE)
    result = run_movenext("transpile", "mod.py", cwd=tmp_path)
    assert run_python("-", cwd=tmp_path, stdin=result.stdout).stdout == b"42\n"
    assert run_python("mod.py", cwd=tmp_path).stdout == b"42\n"


def test_no_format(tmp_path):
    write(tmp_path / "mod.py", ASYNC_SOURCE)
    result = run_movenext("transpile", "--no-format", "mod.py", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == compiled(ASYNC_SOURCE, "mod.py", format=False)


def test_reads_standard_input(tmp_path):
    result = run_movenext("transpile", "-", cwd=tmp_path, stdin=ASYNC_SOURCE.encode())
    assert result.returncode == 0, result.stderr
    assert result.stdout == compiled(ASYNC_SOURCE, "<stdin>")


def test_standard_input_must_be_used_alone(tmp_path):
    write(tmp_path / "mod.py", ASYNC_SOURCE)
    result = run_movenext("transpile", "-", "mod.py", cwd=tmp_path, stdin=b"")
    assert result.returncode == 2
    assert result.stdout == b""


def test_diagnostics_from_standard_input_name_stdin(tmp_path):
    result = run_movenext("transpile", "-", cwd=tmp_path, stdin=b"await x\n")
    assert result.returncode == 1
    assert result.stderr.decode().strip() == "<stdin>:1:1: error: 'await' outside function"


# ----------------------------------------------------------------------
# Several files, directories, --output, --in-place


def _tree(tmp_path):
    """Two loose files and a package directory with non-Python files."""
    sources = {
        "loose/one.py": ASYNC_SOURCE,
        "loose/two.py": PLAIN_SOURCE,
        "src/pkg/__init__.py": "",
        "src/pkg/sub/mod.py": ASYNC_SOURCE.replace("21", "5"),
        "src/pkg/sub/plain.py": PLAIN_SOURCE,
    }
    for name, text in sources.items():
        write(tmp_path / name, text)
    write(tmp_path / "src/pkg/notes.txt", "not python\n")
    write(tmp_path / "src/pkg/sub/data.json", "{}\n")
    return sources


def _files(directory):
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file())


def test_several_files_and_a_directory_into_a_mirrored_tree(tmp_path):
    sources = _tree(tmp_path)
    result = run_movenext("transpile", "loose/one.py", "loose/two.py", "src", "-o", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert _files(out) == ["one.py", "pkg/__init__.py", "pkg/sub/mod.py", "pkg/sub/plain.py", "two.py"]
    expected = {
        "one.py": ("loose/one.py", sources["loose/one.py"]),
        "two.py": ("loose/two.py", sources["loose/two.py"]),
        "pkg/__init__.py": ("src/pkg/__init__.py", ""),
        "pkg/sub/mod.py": ("src/pkg/sub/mod.py", sources["src/pkg/sub/mod.py"]),
        "pkg/sub/plain.py": ("src/pkg/sub/plain.py", PLAIN_SOURCE),
    }
    for name, (original, text) in expected.items():
        assert (out / name).read_bytes() == compiled(text, original), name
    # The inputs are untouched.
    for name, text in sources.items():
        assert (tmp_path / name).read_text() == text


def test_output_tree_runs(tmp_path):
    _tree(tmp_path)
    run_movenext("transpile", "src", "-o", "out", cwd=tmp_path)
    result = run_python("-m", "pkg.sub.mod", cwd=tmp_path / "out")
    assert result.stdout == b"10\n", result.stderr


def test_file_without_async_defs_is_copied_unchanged_to_output(tmp_path):
    write(tmp_path / "plain.py", PLAIN_SOURCE)
    write(tmp_path / "mod.py", ASYNC_SOURCE)
    result = run_movenext("transpile", "plain.py", "mod.py", "-o", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/plain.py").read_bytes() == PLAIN_SOURCE.encode()


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("src",), id="directory"),
        pytest.param(("loose/one.py", "loose/two.py"), id="several-files"),
        pytest.param(("src", "-o", "out", "--in-place"), id="output-and-in-place"),
        pytest.param(("missing.py",), id="missing-file"),
    ],
)
def test_usage_errors_exit_2(tmp_path, args):
    _tree(tmp_path)
    before = {name: (tmp_path / name).read_bytes() for name in _files(tmp_path)}
    result = run_movenext("transpile", *args, cwd=tmp_path)
    assert result.returncode == 2
    assert b"Usage:" in result.stderr
    assert result.stdout == b""
    assert {name: (tmp_path / name).read_bytes() for name in _files(tmp_path)} == before


def test_in_place_rewrites_only_changed_files(tmp_path):
    sources = _tree(tmp_path)
    plain = tmp_path / "src/pkg/sub/plain.py"
    old = 1_000_000_000_000_000_000  # 2001, in nanoseconds
    os.utime(plain, ns=(old, old))
    inode = plain.stat().st_ino

    result = run_movenext("transpile", "--in-place", "src", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""

    mod = tmp_path / "src/pkg/sub/mod.py"
    assert mod.read_bytes() == compiled(sources["src/pkg/sub/mod.py"], "src/pkg/sub/mod.py")
    assert plain.read_bytes() == PLAIN_SOURCE.encode()
    assert plain.stat().st_mtime_ns == old
    assert plain.stat().st_ino == inode
    assert _files(tmp_path / "src") == [
        "pkg/__init__.py",
        "pkg/notes.txt",
        "pkg/sub/data.json",
        "pkg/sub/mod.py",
        "pkg/sub/plain.py",
    ]


def test_in_place_twice_leaves_compiled_files_alone(tmp_path):
    write(tmp_path / "mod.py", ASYNC_SOURCE)
    run_movenext("transpile", "--in-place", "mod.py", cwd=tmp_path)
    first = (tmp_path / "mod.py").read_bytes()
    old = 1_000_000_000_000_000_000
    os.utime(tmp_path / "mod.py", ns=(old, old))
    result = run_movenext("transpile", "--in-place", "mod.py", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "mod.py").read_bytes() == first
    assert (tmp_path / "mod.py").stat().st_mtime_ns == old


def test_in_place_keeps_the_file_mode(tmp_path):
    path = write(tmp_path / "mod.py", ASYNC_SOURCE)
    path.chmod(0o751)
    run_movenext("transpile", "--in-place", "mod.py", cwd=tmp_path)
    assert path.stat().st_mode & 0o7777 == 0o751
    assert path.read_bytes() == compiled(ASYNC_SOURCE, "mod.py")


# ----------------------------------------------------------------------
# Diagnostics


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("def f(:\n    pass\n", id="def"),
        pytest.param("async def f():\n    x = (1,\n    return x\n", id="in-async-def"),
        pytest.param("import asyncio\n\nx = = 1\n", id="line-3"),
    ],
)
def test_syntax_error_is_reported_in_cpython_words(tmp_path, source):
    path = write(tmp_path / "bad.py", source)
    error = syntax_error_of(source, "bad.py")
    result = run_movenext("transpile", "--in-place", "bad.py", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.decode().splitlines() == [
        f"bad.py:{error.lineno}:{error.offset}: error: {error.msg}"
    ]
    assert path.read_bytes() == source.encode()


def test_await_outside_function(tmp_path):
    source = "import asyncio\nawait asyncio.sleep(0)\n"
    write(tmp_path / "top.py", source)
    error = syntax_error_of(source, "top.py")
    assert error.msg == "'await' outside function"
    result = run_movenext("transpile", "top.py", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == b""
    assert result.stderr.decode().splitlines() == [
        f"top.py:{error.lineno}:{error.offset}: error: {error.msg}"
    ]


def test_async_generator_compiles_and_runs_like_the_original(tmp_path):
    source = (
        "import asyncio\n\n\n"
        "async def ticks(n):\n"
        "    for i in range(n):\n"
        "        await asyncio.sleep(0)\n"
        "        yield i\n\n\n"
        "async def main():\n"
        "    print([i async for i in ticks(3)])\n\n\n"
        "asyncio.run(main())\n"
    )
    write(tmp_path / "agen.py", source)
    result = run_movenext("transpile", "agen.py", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert b"async def" not in result.stdout
    assert run_python("-", cwd=tmp_path, stdin=result.stdout).stdout == b"[0, 1, 2]\n"
    assert run_python("agen.py", cwd=tmp_path).stdout == b"[0, 1, 2]\n"


def test_refused_construct_names_its_position(tmp_path):
    source = "async def f():\n    return locals()\n"
    write(tmp_path / "loc.py", source)
    result = run_movenext("transpile", "loc.py", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == b""
    assert re.fullmatch(r"loc\.py:2:12: error: .*locals\(\).*\n", result.stderr.decode())


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    write(tmp_path / "src/good.py", ASYNC_SOURCE)
    write(tmp_path / "src/bad.py", "def f(:\n")
    result = run_movenext("transpile", "src", "-o", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.decode().startswith(str(Path("src/bad.py")) + ":1:")
    assert (tmp_path / "out/good.py").read_bytes() == compiled(ASYNC_SOURCE, "src/good.py")
    assert not (tmp_path / "out/bad.py").exists()


# ----------------------------------------------------------------------
# Encodings

LATIN1_SOURCE = (
    "# -*- coding: latin-1 -*-\n"
    "import asyncio\n"
    "\n"
    "\n"
    "async def greet():\n"
    "    await asyncio.sleep(0)\n"
    "    return 'caf\xe9 \xe0 la cr\xe8me'\n"
    "\n"
    "\n"
    "print(ascii(asyncio.run(greet())))\n"
)


def test_latin1_cookie_round_trips_with_output(tmp_path):
    data = LATIN1_SOURCE.encode("latin-1")
    write(tmp_path / "latin.py", data)
    result = run_movenext("transpile", "latin.py", "-o", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    output = (tmp_path / "out/latin.py").read_bytes()
    assert output == movenext.transpile_source(LATIN1_SOURCE, "latin.py").encode("latin-1")
    assert output.startswith(b"# -*- coding: latin-1 -*-\n")
    assert b"caf\xe9 \xe0 la cr\xe8me" in output
    with pytest.raises(UnicodeDecodeError):
        output.decode("utf-8")
    native = run_python("latin.py", cwd=tmp_path)
    assert native.stdout == b"'caf\\xe9 \\xe0 la cr\\xe8me'\n"
    assert run_python("latin.py", cwd=tmp_path / "out").stdout == native.stdout


def test_latin1_cookie_round_trips_in_place(tmp_path):
    path = write(tmp_path / "latin.py", LATIN1_SOURCE.encode("latin-1"))
    result = run_movenext("transpile", "--in-place", "latin.py", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert path.read_bytes() == movenext.transpile_source(LATIN1_SOURCE, "latin.py").encode("latin-1")
    assert run_python("latin.py", cwd=tmp_path).stdout == b"'caf\\xe9 \\xe0 la cr\\xe8me'\n"


BOM_SOURCE = (
    "import asyncio\n"
    "\n"
    "\n"
    "async def greet():\n"
    "    await asyncio.sleep(0)\n"
    "    return 'gr\xfc\xdf dich \u2603'\n"
    "\n"
    "\n"
    "print(ascii(asyncio.run(greet())))\n"
)
BOM = b"\xef\xbb\xbf"


def test_utf8_bom_file_keeps_its_bom_in_output(tmp_path):
    write(tmp_path / "bom.py", BOM + BOM_SOURCE.encode("utf-8"))
    result = run_movenext("transpile", "bom.py", "-o", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    output = (tmp_path / "out/bom.py").read_bytes()
    assert output == BOM + movenext.transpile_source(BOM_SOURCE, "bom.py").encode("utf-8")
    assert not output[len(BOM):].startswith(BOM)
    native = run_python("bom.py", cwd=tmp_path)
    assert native.stdout == b"'gr\\xfc\\xdf dich \\u2603'\n"
    assert run_python("bom.py", cwd=tmp_path / "out").stdout == native.stdout


def test_utf8_bom_file_printed_without_bom(tmp_path):
    write(tmp_path / "bom.py", BOM + BOM_SOURCE.encode("utf-8"))
    result = run_movenext("transpile", "bom.py", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == compiled(BOM_SOURCE, "bom.py")
    assert BOM not in result.stdout


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"x = '\xff\xfe'\n", id="invalid-utf8"),
        pytest.param(b"# coding: no-such-codec\nx = 1\n", id="unknown-encoding"),
        pytest.param(b"# coding: ascii\nx = '\xe9'\n", id="not-ascii"),
    ],
)
def test_undecodable_file_is_a_diagnostic(tmp_path, data):
    path = write(tmp_path / "undecodable.py", data)
    result = run_movenext("transpile", "--in-place", "undecodable.py", cwd=tmp_path)
    assert result.returncode == 1
    stderr = result.stderr.decode()
    assert re.fullmatch(r"undecodable\.py:\d+:\d+: error: \S.*\n", stderr), stderr
    assert "Traceback" not in stderr
    assert path.read_bytes() == data


# ----------------------------------------------------------------------
# --version and internal errors


def test_version(tmp_path):
    result = run_movenext("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.decode().strip() == f"movenext, version {movenext.__version__}"


@pytest.fixture
def broken_compiler(monkeypatch, tmp_path):
    """Make `movenext.transpile_source` crash; reports go to tmp_path/reports."""

    def crash(source, filename="<string>", *, format=True):
        raise RuntimeError("simulated compiler bug\nsecond line")

    reports = tmp_path / "reports"
    reports.mkdir()
    monkeypatch.setattr(movenext, "transpile_source", crash)
    monkeypatch.setattr(tempfile, "tempdir", str(reports))
    return reports


def _report_path(stderr):
    match = re.search(r"^INTERNAL ERROR: (.*) -- this is a bug in movenext, please report it with (.+)$", stderr, re.M)
    assert match, stderr
    return match.group(1), Path(match.group(2))


def test_internal_error_exits_3_and_saves_the_input(tmp_path, broken_compiler):
    source = "async def f():\n    return 'unique-marker-1234'\n"
    path = write(tmp_path / "mod.py", source)
    result = CliRunner().invoke(cli.main, ["transpile", str(path)])
    assert result.exit_code == 3, result.output
    assert result.stdout == ""
    message, report = _report_path(result.stderr)
    assert message == "simulated compiler bug"
    assert report.exists()
    assert report.parent == broken_compiler
    text = report.read_text(encoding="utf-8")
    assert text.endswith(source)
    assert "RuntimeError: simulated compiler bug" in text
    assert f"input: {path}" in text
    assert "Traceback" not in result.stderr


def test_internal_error_from_standard_input(broken_compiler):
    source = "async def g():\n    pass\n"
    result = CliRunner().invoke(cli.main, ["transpile", "-"], input=source)
    assert result.exit_code == 3
    _, report = _report_path(result.stderr)
    assert report.read_text(encoding="utf-8").endswith(source)


def test_internal_error_wins_over_diagnostics_and_other_files_are_written(tmp_path, monkeypatch):
    real = movenext.transpile_source

    def crash_on_marker(source, filename="<string>", *, format=True):
        if "CRASH" in source:
            raise RuntimeError("simulated")
        return real(source, filename, format=format)

    (tmp_path / "reports").mkdir()
    monkeypatch.setattr(movenext, "transpile_source", crash_on_marker)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "reports"))
    write(tmp_path / "src/a_good.py", ASYNC_SOURCE)
    write(tmp_path / "src/b_crash.py", "# CRASH\n")
    write(tmp_path / "src/c_bad.py", "def f(:\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli.main, ["transpile", str(tmp_path / "src"), "-o", str(out)])
    assert result.exit_code == 3
    assert "INTERNAL ERROR" in result.stderr
    assert "c_bad.py:1:" in result.stderr
    assert (out / "a_good.py").read_bytes() == compiled(ASYNC_SOURCE, str(tmp_path / "src/a_good.py"))
    assert not (out / "b_crash.py").exists()


# ----------------------------------------------------------------------
# The README's pipeline on real samples


@pytest.mark.parametrize("sample", ["bank.py", "retries.py"])
def test_compiled_sample_piped_into_python_prints_the_same(sample):
    native = run_python(sample, cwd=SAMPLES)
    assert native.returncode == 0, native.stderr
    assert native.stdout
    transpiled = run_movenext("transpile", sample, cwd=SAMPLES)
    assert transpiled.returncode == 0, transpiled.stderr
    assert b"_movenext.CoroutineMachine" in transpiled.stdout
    piped = run_python("-", cwd=SAMPLES, stdin=transpiled.stdout)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == native.stdout
