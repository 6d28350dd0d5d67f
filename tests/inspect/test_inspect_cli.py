"""`movenext inspect`: listing, code view, state table, stages, graph, JSON, errors."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from movenext.cli import main
from movenext.compiler.module import compile_module

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
ANSI = re.compile(r"\x1b\[")

NESTED = textwrap.dedent(
    '''\
    import asyncio


    class Crawler:
        async def fetch(self, url, retries=3):
            """Fetch with retries."""
            for attempt in range(retries):
                try:
                    page = await self.get(url)
                    if page:
                        return page
                except OSError as error:
                    await asyncio.sleep(0.1 * attempt)
            raise RuntimeError(url)


    async def main():
        async def worker(name):
            await asyncio.sleep(0)
            return name

        return await worker("w")


    async def ticks(n):
        for i in range(n):
            yield i
    '''
)


def run(*args: str, color: bool = False):
    result = CliRunner().invoke(main, ["inspect", *args], color=color)
    return result


@pytest.fixture
def program(tmp_path):
    path = tmp_path / "program.py"
    path.write_text(NESTED)
    return path


def test_listing_then_every_function(program):
    result = run(str(program))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"{program}: 4 async functions"
    table = "\n".join(lines[:8])
    for qualname, kind, machine in [
        ("Crawler.fetch", "coroutine", "_Crawler_fetch_StateMachine"),
        ("main", "coroutine", "_main_StateMachine"),
        ("main.<locals>.worker", "coroutine", "_main_worker_StateMachine"),
        ("ticks", "async generator", "_ticks_StateMachine"),
    ]:
        assert re.search(rf"{re.escape(qualname)}\s+{kind}\s+\d+-\d+\s+\d+\s+{machine}", table), table
    assert "class _ticks_StateMachine(_movenext.AsyncGeneratorMachine):" in result.output
    assert not ANSI.search(result.output)  # piped: plain text


def test_one_function_shows_the_code_that_runs(program):
    result = run(f"{program}:Crawler.fetch")
    assert result.exit_code == 0, result.output
    transpiled = compile_module(NESTED, str(program)).code.splitlines()
    code = result.output[: result.output.index("States of")]
    numbered = re.findall(r"^ *(\d+) (.*)$", code, flags=re.MULTILINE)
    assert numbered, result.output
    for number, text in numbered:
        # every shown line is that line of `movenext transpile`'s output
        # (a method's stub is shown dedented)
        assert transpiled[int(number) - 1].strip() == text.strip(), number
    assert "def move_next(this, sent, thrown):" in result.output
    assert "@_movenext.coroutine_function(_Crawler_fetch_StateMachine)" in result.output
    assert "class _ticks_StateMachine" not in result.output  # only the one function


def test_state_table(program):
    result = run(f"{program}:fetch")  # a unique last part is enough
    table = result.output[result.output.index("States of _Crawler_fetch_StateMachine") :]
    rows = re.findall(r"^\s*(\d+)\s+(\d+)\s", table, flags=re.MULTILINE)
    assert rows == [("0", "5"), ("1", "9"), ("2", "13")]
    assert "(start of the body)" in table
    assert re.search(r"1\s+9\s+await self\.get\(url\)\s+self, url, attempt\s+generated line \d+", table)
    words = " ".join(table.split())  # the column wraps
    assert "in for attempt in range(retries) (line 7) > try (line 8)" in words
    assert "in for attempt in range(retries) (line 7) > except OSError as error (line 12)" in words


def test_nested_function_by_qualname(program):
    result = run(f"{program}:main.<locals>.worker")
    assert result.exit_code == 0, result.output
    assert "class _main_worker_StateMachine(_movenext.CoroutineMachine):" in result.output
    # nested in main's move_next: shown dedented, numbered as in the module
    assert re.search(r"^ *\d+ class _main_worker_StateMachine", result.output, flags=re.MULTILINE)


def test_color_only_when_asked(program):
    assert ANSI.search(run(f"{program}:ticks", "--color", color=True).output)
    assert not ANSI.search(run(f"{program}:ticks", "--no-color", color=True).output)


@pytest.mark.parametrize(
    "stage, expected, absent",
    [
        ("analysis", ["parameters:            self, url, retries", "local variables:       attempt, error, page"], []),
        ("desugared", ["page = await self.get(url)", "except OSError as error:"], ["[state"]),
        ("spilled", ["page = await self.get(url)"], ["[state"]),
        ("states", ["[state 1]", "[state 2]", "[states 1..2]"], []),
        ("hoisting", ["attempt", "field this.attempt", "live across state", "page", "local of move_next"], []),
        ("code", ["def move_next(this, sent, thrown):"], ["States of"]),
    ],
)
def test_stages(program, stage, expected, absent):
    result = run(f"{program}:Crawler.fetch", "--stage", stage)
    assert result.exit_code == 0, result.output
    for text in expected:
        assert text in result.output, (stage, text, result.output)
    for text in absent:
        assert text not in result.output


def test_desugared_differs_from_spilled_where_spilling_happens(tmp_path):
    path = tmp_path / "spill.py"
    path.write_text("async def f(a, b):\n    return g(a.x, await b)\n")
    desugared = run(f"{path}:f", "--stage", "desugared").output
    spilled = run(f"{path}:f", "--stage", "spilled").output
    assert "return g(a.x, await b)" in desugared
    # the callee and the first argument are evaluated before the await
    assert re.search(r"tmp_1 = g\n.*tmp_2 = a\.x\n.*awaited_1 = await b\n.*return tmp_1\(tmp_2, awaited_1\)", spilled)


def test_graph_formats(program):
    dot = run(f"{program}:Crawler.fetch", "--graph", "dot").output
    assert dot.startswith('digraph "Crawler.fetch" {')
    assert 's1 [label="state 1\\nline 9: await self.get(url)"];' in dot
    assert 's1 -> s2 [label="exception"' in dot
    mermaid = run(f"{program}:Crawler.fetch", "--graph", "mermaid").output
    assert mermaid.startswith("flowchart TD\n")
    assert "s1 -.->|exception| s2" in mermaid


def test_json_describes_states_ranges_and_edges(program):
    result = run(f"{program}:Crawler.fetch", "--json")
    data = json.loads(result.output)
    assert data["schema"] == "movenext.inspect/1"
    assert data["source"] == NESTED
    generated = data["generated"].splitlines()
    assert len(data["line_map"]) == len(generated)
    [function] = data["functions"]
    assert function["qualname"] == "Crawler.fetch" and function["compiled"]
    assert [s["state"] for s in function["states"]] == [0, 1, 2]
    for state in function["states"][1:]:
        first = state["generated_range"]["first"]
        assert generated[first - 1].strip().startswith(f"# State {state['state']}. Line {state['line']}:")
        assert generated[state["generated_range"]["last"] - 1].strip().startswith("return")
        assert generated[state["resume_line"] - 1].strip() == f"if resume == {state['state']}:"
        # the state's generated lines map back to its source line
        assert data["line_map"][first - 1] == state["line"]
    machine = function["machine_range"]
    assert generated[machine["first"] - 1].startswith("class _Crawler_fetch_StateMachine(")
    assert {"from": "1", "to": "2", "kind": "exception"} in function["edges"]


def test_line_map_points_every_statement_at_its_source(inspected):
    module = inspected(SAMPLES / "crawler.py")
    rows = module.generated.splitlines()
    source_rows = module.source.splitlines()
    assert len(module.line_map) == len(rows)
    unique = {text.strip(): number for number, text in enumerate(source_rows, 1)
              if text.strip() and [r.strip() for r in source_rows].count(text.strip()) == 1}
    states = kept = 0
    for number, (row, line) in enumerate(zip(rows, module.line_map), 1):
        match = re.match(r"\s*# State \d+\. Line (\d+):", row)
        if match:
            assert line == int(match.group(1)), number
            states += 1
        # a user statement kept as written (hoisted names read as fields)
        text = row.strip().replace("this.", "")
        if text in unique and not text.startswith(("#", '"""')) and len(text) > 12:
            assert line == unique[text], (number, row)
            kept += 1
    assert states == sum(len(f.states) - 1 for f in module.functions)
    assert kept > 20


@pytest.mark.parametrize("sample", sorted(path.name for path in SAMPLES.glob("*.py")))
def test_every_sample_inspects_cleanly(sample, inspected):
    """Each sample: every function compiled, every state located, all views
    render; and the formatted code inspect shows is the very program the
    import hook compiles (unformatted)."""
    import io

    from movenext.inspection.model import to_json
    from movenext.inspection.terminal import make_console, print_function, print_listing

    path = SAMPLES / sample
    module = inspected(path)
    assert module.functions
    for function in module.functions:
        assert function.is_compiled, function.refused
        assert all(state.generated for state in function.states[1:]), function.qualname
    out = io.StringIO()
    console = make_console(out, False)
    print_listing(console, module)
    for function in module.functions:
        print_function(console, module, function)
    assert out.getvalue().count("States of") == len(module.functions)
    json.dumps(to_json(module))
    hooked = compile_module(module.source, module.path, format=False, line_map=True, keep_refused=True).code
    assert ast.dump(ast.parse(module.generated)) == ast.dump(ast.parse(hooked))


# -- diagnostics -------------------------------------------------------------------


def test_missing_file_names_what_exists(tmp_path):
    (tmp_path / "real.py").write_text("async def f():\n    pass\n")
    result = run(str(tmp_path / "missing.py"))
    assert result.exit_code == 1
    assert result.output.strip() == f"movenext inspect: {tmp_path}/missing.py: no such file ({tmp_path} has real.py)"


def test_directory_is_not_a_file(tmp_path):
    (tmp_path / "a.py").write_text("")
    result = run(str(tmp_path))
    assert result.exit_code == 1
    assert "is a directory; name a Python file in it" in result.output and "a.py" in result.output


def test_unknown_qualname_lists_functions(program):
    result = run(f"{program}:Crawler.fech")
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"movenext inspect: no async function 'Crawler.fech' in {program} (did you mean 'Crawler.fetch'?); "
        "it has: Crawler.fetch, main, main.<locals>.worker, ticks"
    )
    assert len(result.output.strip().splitlines()) == 1


def test_ambiguous_short_name(tmp_path):
    path = tmp_path / "two.py"
    path.write_text("class A:\n    async def run(self):\n        pass\nclass B:\n    async def run(self):\n        pass\n")
    result = run(f"{path}:run")
    assert result.exit_code == 1
    assert "'run' is ambiguous" in result.output and "A.run, B.run" in result.output


def test_syntax_error_is_reported_like_cpython(tmp_path):
    path = tmp_path / "broken.py"
    path.write_text("async def f(:\n    pass\n")
    result = run(str(path))
    assert result.exit_code == 1
    assert re.fullmatch(rf"{re.escape(str(path))}:1:\d+: error: invalid syntax\n", result.output)


def test_graph_needs_one_function(program):
    result = run(str(program), "--graph", "dot")
    assert result.exit_code == 1
    assert "--graph shows one function" in result.output and "Crawler.fetch, main" in result.output


def test_refused_function_is_listed_with_its_reason(tmp_path):
    path = tmp_path / "refused.py"
    path.write_text("async def f():\n    return locals()\n\nasync def g():\n    await f()\n")
    listing = run(str(path))
    assert listing.exit_code == 0
    assert "left native: 2:12: movenext cannot compile locals()" in " ".join(listing.output.split())
    graph = run(f"{path}:f", "--graph", "mermaid")
    assert graph.exit_code == 1 and "(f is left native)" in graph.output


def test_one_output_mode_at_a_time(program):
    result = run(str(program), "--json", "--graph", "dot")
    assert result.exit_code == 2 and "choose one of --graph, --json" in result.output


def test_file_line_picks_the_function_around_it(program):
    by_line = run(f"{program}:20")  # inside main.<locals>.worker
    assert by_line.exit_code == 0, by_line.output
    assert "main.<locals>.worker (coroutine" in by_line.output
    assert "class _main_worker_StateMachine" in by_line.output
    outside = run(f"{program}:2")
    assert outside.exit_code == 1
    assert outside.output.strip().startswith(f"movenext inspect: no async function around line 2 of {program}; it has: ")


def test_redefinitions_are_told_apart_by_line(tmp_path):
    path = tmp_path / "redefined.py"
    path.write_text("import sys\nif sys.flags.debug:\n    async def f(x):\n        await x\nelse:\n"
                    "    async def f(x):\n        await x\n        await x\n")
    ambiguous = run(f"{path}:f")
    assert ambiguous.exit_code == 1
    assert ambiguous.output.strip() == (
        f"movenext inspect: 'f' is defined 2 times in {path} (lines 3, 6): name one by its line, as {path}:6"
    )
    second = run(f"{path}:6", "--graph", "dot")
    assert second.exit_code == 0 and "s2 [label=" in second.output  # the one with two awaits
    listing = run(str(path))
    assert listing.output.count("class _f_StateMachine(") == 1 and "class _f_StateMachine_2(" in listing.output


# -- async generators: yields are states too ------------------------------------------


def test_async_generator_yields_in_table_graph_and_stages(program):
    shown = run(f"{program}:ticks")
    assert shown.exit_code == 0, shown.output
    table = shown.output[shown.output.index("States of _ticks_StateMachine"):]
    assert re.search(r"^\s*1\s+27\s+yield i\s+-\s+generated line \d+, in for i in range\(n\) \(line 26\)$",
                     table, flags=re.MULTILINE), table
    assert "# State 1. Line 27: yield i" in shown.output
    dot = run(f"{program}:ticks", "--graph", "dot").output
    assert 's1 [label="state 1\\nline 27: yield i"];' in dot
    assert "s1 -> s1 [label=\"loop\"" in dot and "s1 -> done [label=\"return\"" in dot
    mermaid = run(f"{program}:ticks", "--graph", "mermaid").output
    assert 's1["state 1<br/>line 27: yield i"]' in mermaid
    states = run(f"{program}:ticks", "--stage", "states").output
    assert "yield i  [state 1]" in states


# -- the terminal: highlighted there, plain when piped, never cut ------------------------

LONG_LINE = textwrap.dedent(
    '''\
    async def chatty(stream):
        await stream.send("a long message that runs on and on, far past the width of any terminal, to see it whole: END_OF_THE_LINE")
    '''
)


def run_in_terminal(args: list[str], columns: int) -> tuple[int, str]:
    """Run `movenext ARGS` with a pseudo-terminal of `columns` columns as its
    standard output (and input, and error)."""
    import fcntl
    import pty
    import struct
    import termios

    pid, fd = pty.fork()
    if pid == 0:  # the child: its stdout is the terminal
        try:
            os.environ.pop("NO_COLOR", None)
            os.environ.update(TERM="xterm-256color", COLUMNS=str(columns))
            os.execv(sys.executable, [sys.executable, "-m", "movenext", *args])
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    output = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), output.decode("utf-8", "replace").replace("\r\n", "\n")


def plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)


def test_highlighted_on_a_terminal_plain_when_piped_or_asked(tmp_path):
    path = tmp_path / "chatty.py"
    path.write_text(LONG_LINE)
    target = f"{path}:chatty"
    status, on_terminal = run_in_terminal(["inspect", target], columns=80)
    assert status == 0, on_terminal
    assert ANSI.search(on_terminal)  # colours, chosen by movenext itself
    assert "def move_next(this, sent, thrown):" in plain(on_terminal)
    # too long for 80 columns: wrapped, not cut
    assert "END_OF_THE_LINE" in plain(on_terminal)
    assert max(len(line) for line in plain(on_terminal).splitlines()) <= 80

    status, asked = run_in_terminal(["inspect", target, "--no-color"], columns=80)
    assert status == 0 and not ANSI.search(asked) and "END_OF_THE_LINE" in asked

    piped = subprocess.run([sys.executable, "-m", "movenext", "inspect", target], capture_output=True, text=True,
                           timeout=60, env={k: v for k, v in os.environ.items() if k != "FORCE_COLOR"})
    assert piped.returncode == 0, piped.stderr
    assert not ANSI.search(piped.stdout)
    # each generated line whole, as `movenext transpile` prints it
    transpiled = compile_module(LONG_LINE, str(path)).code.splitlines()
    long_line = next(line for line in transpiled if "END_OF_THE_LINE" in line)
    assert re.search(rf"^ *\d+ +{re.escape(long_line.lstrip())}$", piped.stdout, flags=re.MULTILINE)
    assert not any(line != line.rstrip() for line in piped.stdout.splitlines())  # no padding


# -- more diagnostics: one line, never a traceback --------------------------------------


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"async def f():\n    pass\nx = '\xff'\n",
         r"3:6: error: 'utf-8' codec can't decode byte 0xff in position 29: invalid start byte"),
        (b"x = '\xe9t\xe9'\n", r"1:6: error: 'utf-8' codec can't decode byte 0xe9 in position 5: invalid continuation byte"),
        (b"# coding: ascii\nx = 'caf\xc3\xa9'\n", r"2:9: error: 'ascii' codec can't decode byte 0xc3 in position 24: .*"),
        (b"# coding: no-such-codec\nx = 1\n", r"1:1: error: unknown encoding: no-such-codec"),
        (b"x = 1\x00\n", r"1:1: error: source code string cannot contain null bytes"),
    ],
    ids=["late-invalid-utf8", "first-line-invalid-utf8", "not-ascii", "unknown-codec", "null-byte"],
)
def test_undecodable_file(tmp_path, data, expected):
    path = tmp_path / "undecodable.py"
    path.write_bytes(data)
    result = run(f"{path}:f")
    assert result.exit_code == 1
    assert re.fullmatch(rf"{re.escape(str(path))}:{expected}\n", result.output), result.output


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "secret.py"
    path.write_text("async def f():\n    pass\n")

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    result = run(str(path))
    assert result.exit_code == 1
    assert result.output == f"movenext inspect: {path}: cannot read it: Permission denied\n"


def test_html_path_that_cannot_be_written(program, tmp_path):
    result = run(str(program), "--html", str(tmp_path / "no" / "such" / "dir" / "page.html"))
    assert result.exit_code == 1
    assert result.output == (f"movenext inspect: cannot write {tmp_path}/no/such/dir/page.html: "
                             "No such file or directory\n")


def test_file_without_async_functions(tmp_path):
    path = tmp_path / "sync.py"
    path.write_text("def f():\n    return 1\n")
    for args in ([], ["--stage", "states"]):
        result = run(str(path), *args)
        assert (result.exit_code, result.output) == (0, f"{path} has no async functions\n"), args
    named = run(f"{path}:f")
    assert (named.exit_code, named.output) == (1, f"movenext inspect: {path} has no async functions\n")


@pytest.mark.parametrize(
    "target",
    ["missing.py", "missing.py:f", ".", ".:f", "broken.py", "broken.py:f", "good.py:nope", "good.py:Nope.f",
     "good.py:99", "good.py:f.<locals>.g", "latin1.py"],
)
@pytest.mark.parametrize("mode", [[], ["--graph", "dot"], ["--json"], ["--stage", "spilled"]])
def test_bad_targets_give_one_line_and_no_traceback(tmp_path, monkeypatch, target, mode):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.py").write_text("async def f():\n    pass\n")
    (tmp_path / "broken.py").write_text("async def f(:\n    pass\n")
    (tmp_path / "latin1.py").write_bytes(b"async def f():\n    return '\xe9'\n")
    result = run(target, *mode)
    assert isinstance(result.exception, SystemExit) and result.exit_code == 1, result.exception
    assert len(result.output.splitlines()) == 1, result.output
    assert "Traceback" not in result.output
    if target.startswith("good.py:"):
        assert result.output.rstrip().endswith("it has: f (1-2)" if target == "good.py:99" else "it has: f")


def test_the_readme_state_table_is_what_inspect_prints(tmp_path, monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"## Thirty seconds\n\n```python\n(.*?)```", readme, flags=re.DOTALL).group(1)
    shown = re.search(r"above, saved as `example.py`:\n\n```\n(States of .*?)```", readme, flags=re.DOTALL).group(1)
    monkeypatch.chdir(tmp_path)
    Path("example.py").write_text(example)
    result = run("example.py:fetch_all")
    assert result.exit_code == 0, result.output
    printed = result.output[result.output.index("States of"):]

    def rows(text):
        return [" ".join(line.split()) for line in text.splitlines() if re.match(r"\s+\d+\s+\d+\s", line)]

    assert rows(printed) and rows(printed) == rows(shown)
