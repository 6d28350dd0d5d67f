"""Find the async functions of a file and the one a user names.

`movenext inspect FILE:QUALNAME` names a function by its `__qualname__`
(`Crawler.fetch`, `main.<locals>.worker`); a unique last part (`fetch`) is
accepted as a shorthand, and so is a line number (`FILE:95`: the innermost
async function around line 95), which also tells apart definitions sharing a
qualname (`if ...: async def f()` / `else: async def f()`).
"""

from __future__ import annotations

import ast
import difflib
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class AsyncFunction:
    qualname: str
    kind: str  # "coroutine" or "async generator"
    first_line: int  # of its first decorator, or of `async def`
    def_line: int
    last_line: int


class UnknownFunction(LookupError):
    """QUALNAME names no async function of the file; the message says which exist."""


def split_target(target: str) -> tuple[str, str | None]:
    """`FILE[:QUALNAME]` -> (FILE, QUALNAME or None). A path that exists as
    written wins, so file names containing `:` still work."""
    if os.path.exists(target) or ":" not in target:
        return target, None
    path, _, qualname = target.rpartition(":")
    return path, qualname or None


def async_functions(tree: ast.Module) -> list[AsyncFunction]:
    """Every `async def` in source order, with its qualified name."""
    found: list[AsyncFunction] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                qualname = prefix + child.name
                if isinstance(child, ast.AsyncFunctionDef):
                    first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                    kind = "async generator" if _yields(child) else "coroutine"
                    found.append(AsyncFunction(qualname, kind, first, child.lineno, child.end_lineno or child.lineno))
                visit(child, qualname + ".<locals>.")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")
            else:
                visit(child, prefix)

    visit(tree, "")
    return sorted(found, key=lambda function: (function.def_line, function.qualname))


def _yields(function: ast.AsyncFunctionDef) -> bool:
    """Does the function itself (not a nested scope) contain `yield`?"""
    stack = list(ast.iter_child_nodes(function))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Yield, ast.YieldFrom)):
            return True
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            continue  # a yield there is a syntax error CPython already reported
        stack.extend(ast.iter_child_nodes(node))
    return False


def find(functions: list[AsyncFunction], qualname: str, path: str) -> AsyncFunction:
    """The function named `qualname` (or around the line it gives), or
    UnknownFunction naming what exists."""
    if not functions:
        raise UnknownFunction(f"{path} has no async functions")
    names = list(dict.fromkeys(f.qualname for f in functions))
    if qualname.isdigit():
        return _at_line(functions, int(qualname), path, names)
    exact = [f for f in functions if f.qualname == qualname]
    if not exact:
        by_last_part = [f for f in functions if f.qualname.rsplit(".", 1)[-1] == qualname]
        if len({f.qualname for f in by_last_part}) > 1:
            choices = ", ".join(dict.fromkeys(f.qualname for f in by_last_part))
            raise UnknownFunction(f"{qualname!r} is ambiguous in {path}: it could be {choices}")
        exact = by_last_part
    if len(exact) == 1:
        return exact[0]
    if exact:
        lines = ", ".join(str(f.def_line) for f in exact)
        raise UnknownFunction(
            f"{exact[0].qualname!r} is defined {len(exact)} times in {path} (lines {lines}): "
            f"name one by its line, as {path}:{exact[-1].def_line}"
        )
    close = difflib.get_close_matches(qualname, names, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise UnknownFunction(f"no async function {qualname!r} in {path}{hint}; it has: {', '.join(names)}")


def _at_line(functions: list[AsyncFunction], line: int, path: str, names: list[str]) -> AsyncFunction:
    """The innermost async function whose lines (decorators included) hold `line`."""
    around = [f for f in functions if f.first_line <= line <= f.last_line]
    if around:
        return max(around, key=lambda f: f.first_line)
    spans = ", ".join(f"{f.qualname} ({f.first_line}-{f.last_line})" for f in functions)
    raise UnknownFunction(f"no async function around line {line} of {path}; it has: {spans}")
