"""The `movenext` command line. No compiler logic lives here.

Exit status: 0 success, 1 diagnostics in the input, 2 usage error,
3 internal error (a movenext bug; the input is saved for the report).
"""

from __future__ import annotations

import codecs
import io
import os
import re
import sys
import tempfile
import tokenize
import traceback
from dataclasses import dataclass
from pathlib import Path

import click

from . import __version__
from .errors import CompileError, Diagnostic, InternalCompilerError

EXIT_DIAGNOSTICS = 1
EXIT_INTERNAL = 3


@dataclass
class SourceFile:
    path: str  # as shown in diagnostics
    text: str
    encoding: str


class InternalError(Exception):
    def __init__(self, message: str, report: Path) -> None:
        super().__init__(message)
        self.report = report


def read_source(path: str, data: bytes) -> SourceFile:
    """Decode like CPython does (PEP 263 cookie, BOM, UTF-8 by default)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise CompileError([_undecodable(path, data, error)]) from None
    except (SyntaxError, LookupError) as error:
        message = getattr(error, "msg", None) or str(error)
        if data.startswith(codecs.BOM_UTF8) and message.startswith("encoding problem"):
            message = _bom_conflict(data) or message
        if message.startswith("invalid or missing encoding declaration"):
            try:  # no cookie, and the first two lines are not UTF-8: say where
                data.decode("utf-8")
            except UnicodeDecodeError as decode_error:
                raise CompileError([_undecodable(path, data, decode_error)]) from None
        raise CompileError([Diagnostic(path, 1, 1, message)]) from None
    if encoding == "utf-8-sig":
        text = text.lstrip("\ufeff")
    return SourceFile(path, text, encoding)


_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


def _bom_conflict(data: bytes) -> str | None:
    """CPython's words for a UTF-8 BOM beside a cookie naming another
    encoding: "encoding problem: iso-8859-1 with BOM" (the name normalized
    as CPython's tokenizer does)."""
    for row in data[len(codecs.BOM_UTF8):].splitlines()[:2]:
        found = _COOKIE.match(row)
        if found:
            name = found.group(1).decode("ascii", "replace")
            folded = name[:12].lower().replace("_", "-")
            if folded == "utf-8" or folded.startswith("utf-8-"):
                name = "utf-8"
            elif folded in ("latin-1", "iso-8859-1", "iso-latin-1") or folded.startswith(
                ("latin-1-", "iso-8859-1-", "iso-latin-1-")
            ):
                name = "iso-8859-1"
            return f"encoding problem: {name} with BOM"
    return None


def _undecodable(path: str, data: bytes, error: UnicodeDecodeError) -> Diagnostic:
    """The codec's words (as CPython's compile() gives them), at the line and
    column of the first byte that cannot be decoded."""
    start = error.start
    line_start = data.rfind(b"\n", 0, start) + 1
    line = data.count(b"\n", 0, start) + 1
    column = len(data[line_start:start].decode(error.encoding, "replace")) + 1
    return Diagnostic(path, line, column, str(error))


def compile_file(source: SourceFile, format_code: bool) -> str:
    from . import transpile_source

    try:
        return transpile_source(source.text, source.path, format=format_code)
    except CompileError:
        raise
    except (InternalCompilerError, Exception) as error:  # noqa: BLE001 - any bug is ours
        raise InternalError(str(error).splitlines()[0] if str(error) else type(error).__name__,
                            _save_report(source, error)) from None


def _save_report(source: SourceFile, error: BaseException) -> Path:
    handle, name = tempfile.mkstemp(prefix="movenext-internal-error-", suffix=".txt")
    with os.fdopen(handle, "w", encoding="utf-8") as report:
        report.write(f"movenext {__version__} on Python {sys.version.split()[0]}\n")
        report.write(f"input: {source.path}\n\n")
        report.write("".join(traceback.format_exception(error)))
        report.write("\n--- input ---\n")
        report.write(source.text)
    return Path(name)


def _collect(paths: tuple[str, ...]) -> list[tuple[Path, Path]]:
    """(file, path relative to its root) for every Python file named or inside a directory."""
    found: list[tuple[Path, Path]] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for file in sorted(path.rglob("*.py")):
                found.append((file, file.relative_to(path)))
        elif path.exists():
            found.append((path, Path(path.name)))
        else:
            raise click.UsageError(f"{name}: no such file or directory")
    return found


def _write_atomically(path: Path, text: str, encoding: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding=encoding, newline="") as out:
            out.write(text)
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _report_failures(errors: list[CompileError], internal: list[InternalError]) -> int:
    for error in errors:
        for diagnostic in error.diagnostics:
            click.echo(str(diagnostic), err=True)
    for failure in internal:
        click.echo(
            f"INTERNAL ERROR: {failure} -- this is a bug in movenext, please report it "
            f"with {failure.report}",
            err=True,
        )
    if internal:
        return EXIT_INTERNAL
    if errors:
        return EXIT_DIAGNOSTICS
    return 0


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="movenext")
def main() -> None:
    """Compile Python coroutines into explicit MoveNext state machines."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(file_okay=False), help="Write the compiled tree here.")
@click.option("--in-place", is_flag=True, help="Overwrite each input with its compiled form.")
@click.option("--no-format", is_flag=True, help="Do not format generated code with black.")
def transpile(paths: tuple[str, ...], output: str | None, in_place: bool, no_format: bool) -> None:
    """Compile FILEs or directories; `-` reads standard input.

    One file (or `-`) without -o prints the result. Several files or a
    directory need -o DIR (a mirrored tree) or --in-place.
    """
    if output and in_place:
        raise click.UsageError("use either --output or --in-place, not both")
    if "-" in paths:
        if len(paths) > 1 or in_place or output:
            raise click.UsageError("'-' reads standard input and prints the result; use it alone")
        sys.exit(_transpile_stdin(not no_format))
    files = _collect(paths)
    single = len(files) == 1 and not Path(paths[0]).is_dir()
    if not (output or in_place or single):
        raise click.UsageError("several files or a directory need --output DIR or --in-place")
    errors: list[CompileError] = []
    internal: list[InternalError] = []
    for file, relative in files:
        try:
            data = file.read_bytes()
        except OSError as error:  # like `python FILE`: can't open file '...': [Errno 13] ...
            errors.append(CompileError([Diagnostic(str(file), 1, 1, f"cannot read the file: {error.strerror or error}")]))
            continue
        try:
            source = read_source(str(file), data)
            compiled = compile_file(source, not no_format)
        except CompileError as error:
            errors.append(error)
            continue
        except InternalError as failure:
            internal.append(failure)
            continue
        if in_place:
            if compiled != source.text:
                _write_atomically(file, compiled, source.encoding)
        elif output:
            _write_atomically(Path(output) / relative, compiled, source.encoding)
        else:
            click.echo(compiled, nl=False)
    sys.exit(_report_failures(errors, internal))


@main.command(context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
@click.option("--include", "include", multiple=True, metavar="PATTERN",
              help="Also compile modules matching PATTERN when imported (pkg, pkg.*, fnmatch).")
@click.option("--exclude", "exclude", multiple=True, metavar="PATTERN", help="Never compile these modules.")
@click.option("-m", "module", metavar="MODULE", help="Run a module as a script, like python -m.")
@click.option("--stats", is_flag=True, help="Report on stderr what the hook compiled and left native.")
@click.argument("arguments", nargs=-1, type=click.UNPROCESSED)
def run(include, exclude, module, stats, arguments) -> None:
    """Run SCRIPT (or -m MODULE) with ARGS, compiled by movenext.

    The script itself is compiled; imported modules are compiled when they
    match an --include pattern (or MOVENEXT_INCLUDE). Exit status, sys.argv and
    __main__ are the program's own.
    """
    from . import runner

    include = [*include, *runner.patterns_from_environment()]
    if module:
        runner.run_module(module, list(arguments), include, list(exclude), stats)
        return
    if not arguments:
        raise click.UsageError("give a SCRIPT to run, or -m MODULE")
    script, *rest = arguments
    if not os.path.isfile(script):
        raise click.UsageError(f"{script}: no such file")
    runner.run_script(script, rest, include, list(exclude), stats)


@main.command(name="inspect")
@click.argument("target", metavar="FILE[:QUALNAME]")
@click.option("--stage", type=click.Choice(["analysis", "desugared", "spilled", "states", "hoisting", "code"]),
              help="Show the function after this compiler pass.")
@click.option("--graph", type=click.Choice(["dot", "mermaid"]), help="Print the state graph.")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable description (movenext.inspect/1).")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), metavar="OUT.html",
              help="Write a self-contained page: source and generated code side by side, state graph.")
@click.option("--color/--no-color", default=None, help="Highlight (default: only on a terminal).")
def inspect_command(target, stage, graph, as_json, html_path, color) -> None:
    """Show the state machine of one async function (FILE:QUALNAME, e.g.
    crawler.py:Crawler.fetch or crawler.py:main.<locals>.worker; FILE:LINE
    names the one around that line) or of every async function in FILE."""
    modes = [name for name, chosen in (("--stage", stage), ("--graph", graph), ("--json", as_json),
                                       ("--html", html_path)) if chosen]
    if len(modes) > 1:
        raise click.UsageError(f"choose one of {', '.join(modes)}")
    from .inspection import command as inspection_cli

    try:
        source, module, function = inspection_cli.load(target)
    except inspection_cli.TargetError as error:
        click.echo(f"movenext inspect: {error}", err=True)
        sys.exit(EXIT_DIAGNOSTICS)
    except CompileError as error:
        sys.exit(_report_failures([error], []))
    except Exception as error:  # noqa: BLE001 - any other failure is a movenext bug
        report = _save_report(source_for_report(target), error)
        sys.exit(_report_failures([], [InternalError(str(error).splitlines()[0] if str(error) else
                                                     type(error).__name__, report)]))
    try:
        inspection_cli.show(module, function, stage=stage, graph=graph, as_json=as_json,
                            html_path=html_path, color=color)
    except inspection_cli.TargetError as error:
        click.echo(f"movenext inspect: {error}", err=True)
        sys.exit(EXIT_DIAGNOSTICS)


def source_for_report(target: str) -> SourceFile:
    from .inspection.locate import split_target

    path, _ = split_target(target)
    try:
        return read_source(path, Path(path).read_bytes())
    except (OSError, CompileError):
        return SourceFile(path, "", "utf-8")


def _transpile_stdin(format_code: bool) -> int:
    try:
        source = read_source("<stdin>", sys.stdin.buffer.read())
        click.echo(compile_file(source, format_code), nl=False)
    except CompileError as error:
        return _report_failures([error], [])
    except InternalError as failure:
        return _report_failures([], [failure])
    return 0


if __name__ == "__main__":  # pragma: no cover
    main()
