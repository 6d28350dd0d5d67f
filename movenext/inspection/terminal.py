"""`movenext inspect` in a terminal: highlighted code and the state table.

Rendering is rich's: syntax highlighting (Pygments) and tables. When the
output is not a terminal, or with `--no-color`, the same text comes out plain.

Code is never cut: on a terminal, lines too long for it wrap (the
continuation has no line number); piped, each line comes out whole, however
long.
"""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from .model import FunctionView, ModuleView


def make_console(file, color: bool | None) -> Console:
    """`color`: True/False forces it; None: only on a terminal."""
    terminal = getattr(file, "isatty", lambda: False)()
    if not terminal:
        file = _StripTrailingSpaces(file)  # rich pads table cells to their width
    if color is False or (color is None and not terminal):
        return Console(file=file, no_color=True, highlight=False, force_terminal=False, color_system=None,
                       width=None if terminal else 120)
    return Console(file=file, force_terminal=True, highlight=False, width=None if terminal else 120)


class _StripTrailingSpaces:
    """A text stream that drops spaces at the ends of lines."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.pending = ""

    def write(self, text: str) -> int:
        lines = (self.pending + text).split("\n")
        self.pending = lines.pop()
        for line in lines:
            self.stream.write(line.rstrip(" ") + "\n")
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.stream.write(self.pending.rstrip(" "))
            self.pending = ""
        self.stream.flush()

    def isatty(self) -> bool:
        return False


def print_listing(console: Console, module: ModuleView) -> None:
    count = len(module.functions)
    console.print(Text(f"{module.path}: {count} async function{'s' if count != 1 else ''}", style="bold"))
    table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False)
    for column in ("function", "kind", "lines", "states", "state machine"):
        table.add_column(column)
    for function in module.functions:
        first, last = function.source_range
        if function.is_compiled:
            table.add_row(function.qualname, function.kind, f"{first}-{last}",
                          str(len(function.states) - 1), function.machine_class)
        else:
            table.add_row(function.qualname, function.kind, f"{first}-{last}", "-",
                          Text(f"left native: {function.refused}", style="yellow"))
    console.print(table)


def print_function(console: Console, module: ModuleView, function: FunctionView) -> None:
    first, last = function.source_range
    console.rule(Text(f"{function.qualname} ({function.kind}, {module.path} lines {first}-{last})"), style="dim")
    if not function.is_compiled:
        console.print(Text(f"left native: {function.refused}", style="yellow"))
        return
    for part in (function.machine_range, function.stub_range):
        if part is None:
            continue
        print_code(console, module.text_of(part), part[0])
        console.print()
    console.print(state_table(function))


def print_code(console: Console, text: str, start_line: int = 1, line_numbers: bool = True) -> None:
    """Highlighted code, never cut (see the module's docstring)."""
    text = text.rstrip("\n")
    piped = isinstance(console.file, _StripTrailingSpaces)
    syntax = Syntax(text, "python", line_numbers=line_numbers, start_line=start_line, theme="ansi_dark",
                    word_wrap=not piped)
    if not piped:
        console.print(syntax)
        return
    last = start_line + text.count("\n")
    gutter = len(str(last)) + 3 if line_numbers else 0
    needed = gutter + max((cell_len(line) for line in text.splitlines()), default=0) + 1
    width = console.width  # rich caps print(width=...) at this: widen the console itself
    console.width = max(width, needed)
    try:
        console.print(syntax, crop=False)
    finally:
        console.width = width


def state_table(function: FunctionView) -> Table:
    table = Table(title=f"States of {function.machine_class}", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("state", justify="right")
    table.add_column("line", justify="right")
    table.add_column("waits for")
    table.add_column("saved variables")
    table.add_column("resumes at")
    for state in function.states:
        waits = "(start of the body)" if state.kind == "start" else f"{state.kind} {state.expression}".strip()
        where = f"generated line {state.resume_line}" if state.resume_line else ""
        if state.inside:
            where += ", in " + " > ".join(state.inside)
        table.add_row(str(state.number), str(state.line), waits, ", ".join(state.saved) or "-", where)
    return table
