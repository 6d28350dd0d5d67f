"""The `movenext inspect` command behind its click definition in movenext/cli.py."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click
from rich.text import Text

from . import locate
from .graph import to_dot, to_mermaid
from .model import FunctionView, ModuleView, inspect_source, to_json
from .stages import render_stage
from .terminal import make_console, print_code, print_function, print_listing


class TargetError(Exception):
    """FILE or QUALNAME does not name something inspectable; the message is
    one line saying what exists instead."""


def load(target: str) -> tuple[str, ModuleView, FunctionView | None]:
    from ..cli import read_source

    path, qualname = locate.split_target(target)
    _check_file(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise TargetError(f"{path}: cannot read it: {error.strerror or error}") from None
    source = read_source(path, data)
    module = inspect_source(source.text, path)
    function = None
    if qualname is not None:
        try:
            function = module.function(qualname)
        except locate.UnknownFunction as error:
            raise TargetError(str(error)) from None
    return source.text, module, function


def _check_file(path: str) -> None:
    if os.path.isdir(path):
        raise TargetError(f"{path} is a directory; name a Python file in it{_python_files(path)}")
    if not os.path.exists(path):
        folder = os.path.dirname(path) or "."
        raise TargetError(f"{path}: no such file{_python_files(folder) if os.path.isdir(folder) else ''}")


def _python_files(folder: str) -> str:
    names = sorted(name for name in os.listdir(folder) if name.endswith(".py"))
    if not names:
        return f" ({folder} has no Python files)"
    shown = ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12 else "")
    return f" ({folder} has {shown})"


def _one_function(module: ModuleView, function: FunctionView | None, option: str) -> FunctionView:
    if function is None:
        compiled = [f for f in module.functions if f.is_compiled]
        if len(compiled) != 1:
            names = ", ".join(f.qualname for f in module.functions) or "no async functions"
            raise TargetError(f"{option} shows one function: name it as {module.path}:QUALNAME (it has: {names})")
        function = compiled[0]
    if not function.is_compiled:
        raise TargetError(f"{module.path}:{function.refused} ({function.qualname} is left native)")
    return function


def show(module: ModuleView, function: FunctionView | None, *, stage, graph, as_json, html_path, color) -> None:
    if as_json:
        click.echo(json.dumps(to_json(module, function), indent=2))
        return
    if graph:
        chosen = _one_function(module, function, "--graph")
        click.echo(to_dot(chosen) if graph == "dot" else to_mermaid(chosen), nl=False)
        return
    if html_path:
        from .page import write_page

        try:
            write_page(module, html_path, function)
        except OSError as error:
            raise TargetError(f"cannot write {html_path}: {error.strerror or error}") from None
        click.echo(f"wrote {html_path}", err=True)
        return
    console = make_console(sys.stdout, color)
    if not module.functions:
        console.print(f"{module.path} has no async functions", markup=False, highlight=False)
        console.file.flush()
        return
    if stage:
        chosen = [function] if function is not None else [f for f in module.functions if f.is_compiled]
        if function is not None and not function.is_compiled:
            raise TargetError(f"{module.path}:{function.refused} ({function.qualname} is left native)")
        for view in chosen:
            console.rule(Text(f"{view.qualname}: {stage}"), style="dim")
            text = render_stage(module, view, stage)
            if stage == "code":
                print_code(console, text, line_numbers=False)
            else:
                console.print(text.rstrip("\n"), markup=False, highlight=False, crop=False, soft_wrap=True)
        console.file.flush()
        return
    if function is None:
        print_listing(console, module)
        for view in module.functions:
            console.print()
            print_function(console, module, view)
    else:
        print_function(console, module, function)
    console.file.flush()
