"""The compiler's scope analysis agrees with CPython's symbol table."""

from __future__ import annotations

import symtable
import sys
from pathlib import Path

import libcst as cst
import pytest

from movenext.compiler.symbols import Kind, analyze

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "tests" / "differential" / "cases").rglob("*.py")) + sorted(
    (ROOT / "samples").glob("*.py")
)
STDLIB = Path(sys.modules["asyncio"].__file__).parent


def _function_tables(table: symtable.SymbolTable):
    for child in table.get_children():
        if child.get_type() == "function" and child.get_name() not in (
            "lambda", "listcomp", "setcomp", "dictcomp", "genexpr", "<lambda>",
            "<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>",
        ):
            yield child
        yield from _function_tables(child)


def _our_functions(scope):
    for child in scope.children:
        if child.kind is Kind.FUNCTION:
            yield child
        yield from _our_functions(child)


def _mangled(scope, names):
    """symtable reports private names mangled with the innermost class."""
    owner = scope.parent
    while owner is not None and owner.kind is not Kind.CLASS:
        owner = owner.parent
    if owner is None or not owner.name.lstrip("_"):
        return set(names) if isinstance(names, set) else list(names)
    prefix = "_" + owner.name.lstrip("_")

    def mangle(name):
        return prefix + name if name.startswith("__") and not name.endswith("__") else name

    return {mangle(n) for n in names} if isinstance(names, set) else [mangle(n) for n in names]


def _compare(source: str, filename: str) -> None:
    theirs = list(_function_tables(symtable.symtable(source, filename, "exec")))
    ours = list(_our_functions(analyze(cst.parse_module(source)).module))
    by_key = {}
    for scope in ours:
        by_key.setdefault(scope.name, []).append(scope)
    for table in theirs:
        candidates = by_key.get(table.get_name(), [])
        assert candidates, f"{filename}: no scope for function {table.get_name()}"
        scope = candidates.pop(0)
        expected_locals = {s.get_name() for s in table.get_symbols() if s.is_local()}
        inlined_names: set[str] = set()
        if sys.version_info >= (3, 12):
            # PEP 709 inlines list/set/dict comprehensions: symtable lists
            # their variables with the function's, though they stay isolated.
            inlined = set()
            for child in scope.walk():
                if child.kind is Kind.COMPREHENSION and not child.is_generator_expression:
                    inlined |= child.local_names
            inlined_names = _mangled(scope, inlined - scope.local_names)
            expected_locals -= inlined_names
        assert _mangled(scope, scope.local_names) == expected_locals, f"{filename}: {table.get_name()} locals"
        expected_params = list(table.get_parameters())
        assert _mangled(scope, scope.params) == expected_params, f"{filename}: {table.get_name()} parameters"
        expected_globals = {s.get_name() for s in table.get_symbols() if s.is_declared_global()}
        assert _mangled(scope, scope.declared_global) == expected_globals
        captured = {s.get_name() for s in table.get_symbols() if s.is_local() and _is_cell(table, s.get_name())}
        captured -= inlined_names
        assert captured <= _mangled(scope, scope.captured()), (
            f"{filename}: {table.get_name()} cells {captured - scope.captured()}"
        )


def _is_cell(table, name) -> bool:
    # A local that nested scopes read: a cell in CPython.
    return name in table._table.children_cells() if hasattr(table._table, "children_cells") else any(
        name in child.get_identifiers() and _free_in(child, name) for child in table.get_children()
    )


def _free_in(table, name) -> bool:
    try:
        symbol = table.lookup(name)
    except KeyError:
        return False
    if symbol.is_free():
        return True
    return any(_free_in(child, name) for child in table.get_children())


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(ROOT)) for p in SOURCES])
def test_matches_symtable_on_tests_and_samples(path: Path) -> None:
    _compare(path.read_text(), str(path))


@pytest.mark.parametrize("name", ["tasks.py", "base_events.py", "streams.py", "locks.py", "queues.py"])
def test_matches_symtable_on_asyncio(name: str) -> None:
    path = STDLIB / name
    _compare(path.read_text(), str(path))
