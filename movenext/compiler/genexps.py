"""Asynchronous generator expressions become nested async generators.

Inside an `async def`, a generator expression that awaits or uses `async for`
(anywhere but in its outermost iterable) is an asynchronous generator. CPython
compiles it as a hidden function taking the outermost iterator, already
obtained in the enclosing scope, as its argument. This pass does the same at
the source level, before the enclosing function is compiled:

    total = sum([x async for x in (await f(y) async for y in source)])

becomes (the definition is inserted before the statement)

    async def _genexpr_1(iterator):
        async for y in _movenext.Iterated(iterator):
            yield await f(y)
    _genexpr_1.__name__, _genexpr_1.__qualname__ = "<genexpr>", "g.<locals>.<genexpr>"
    total = sum([x async for x in _genexpr_1(_movenext.async_iterator(source))])

and the nested async def is then compiled like any other. `Iterated` hands the
loop the iterator it was given, so `__aiter__`/`__iter__` run once, where
CPython runs them.
"""

from __future__ import annotations

from typing import Callable

import libcst as cst
from libcst.helpers import parse_template_expression, parse_template_statement

from .syntax import PreservingTransformer, contains_await


def is_async_genexp(node: cst.GeneratorExp) -> bool:
    """CPython's rule: async if it awaits or uses `async for` anywhere except
    in the outermost iterable (which the enclosing scope evaluates)."""
    parts: list[cst.CSTNode] = [node.elt]
    clause: cst.CompFor | None = node.for_in
    first = True
    while clause is not None:
        if clause.asynchronous is not None:
            return True
        if not first:
            parts.append(clause.iter)
        parts.extend(condition.test for condition in clause.ifs)
        clause = clause.inner_for_in
        first = False
    return any(contains_await(part) for part in parts)


def extract_async_genexps(
    function: cst.FunctionDef,
    new_name: Callable[[str], str],
    runtime: str,
    qualname: str,
    compile_nested: Callable[[cst.FunctionDef, cst.GeneratorExp], list[cst.BaseStatement]],
) -> cst.FunctionDef:
    """Return `function` with its async generator expressions replaced."""
    if not _has_async_genexp(function.body):
        return function
    extractor = _Extractor(new_name, runtime, qualname, compile_nested)
    body = function.body.visit(extractor)
    return function.with_changes(body=body)


def _has_async_genexp(node: cst.CSTNode) -> bool:
    found = []

    class Finder(cst.CSTVisitor):
        def visit_GeneratorExp(self, expression: cst.GeneratorExp) -> bool:
            if is_async_genexp(expression):
                found.append(expression)
            return not found

        def visit_FunctionDef(self, inner) -> bool:
            return False

        def visit_ClassDef(self, inner) -> bool:
            return False

        def visit_Lambda(self, inner) -> bool:
            return False

    node.visit(Finder())
    return bool(found)


class _Extractor(PreservingTransformer):
    def __init__(self, new_name, runtime, qualname, compile_nested) -> None:
        super().__init__()
        self.new_name = new_name
        self.runtime = runtime
        self.qualname = qualname
        self.compile_nested = compile_nested
        self.pending: list[list[cst.BaseStatement]] = []

    # Definitions go before the innermost statement containing the expression.
    def visit_SimpleStatementLine(self, node) -> None:
        self.pending.append([])

    def leave_SimpleStatementLine(self, original, updated):
        return self._with_definitions(updated)

    def on_visit(self, node: cst.CSTNode) -> bool:
        # Other scopes are not ours; an async generator expression's body
        # becomes its own function (compiled, with its nested ones, later).
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)) or (
            isinstance(node, cst.GeneratorExp) and is_async_genexp(node)
        ):
            self._changed.append(False)
            return False
        if isinstance(node, cst.BaseCompoundStatement):
            self.pending.append([])
        return super().on_visit(node)

    def on_leave(self, original, updated):
        result = super().on_leave(original, updated)
        if isinstance(original, cst.BaseCompoundStatement) and not isinstance(
            original, (cst.FunctionDef, cst.ClassDef)
        ):
            result = self._with_definitions(result)
            if result is not original:
                self._changed[-1] = True
        return result

    def _with_definitions(self, statement):
        definitions = self.pending.pop()
        if not definitions:
            return statement
        return cst.FlattenSentinel([*definitions, statement])

    def leave_GeneratorExp(self, original: cst.GeneratorExp, updated: cst.GeneratorExp):
        if not is_async_genexp(original):
            return updated
        name, argument = self.new_name("_genexpr"), self.new_name("iterator")
        outer = original.for_in
        outer_iterable = outer.iter.visit(self)  # evaluated here, in the enclosing scope
        first_iterable = (
            f"{self.runtime}.async_iterator({{iterable}})"
            if outer.asynchronous is not None
            else f"{self.runtime}.iter({{iterable}})"
        )
        body: cst.BaseStatement = cst.SimpleStatementLine([cst.Expr(cst.Yield(original.elt))])
        clauses = []
        clause: cst.CompFor | None = original.for_in
        while clause is not None:
            clauses.append(clause)
            clause = clause.inner_for_in
        for index, clause in reversed(list(enumerate(clauses))):
            for condition in reversed(clause.ifs):
                body = cst.If(condition.test, cst.IndentedBlock([body]))
            iterable = (
                parse_template_expression(f"{self.runtime}.Iterated({{it}})", it=cst.Name(argument))
                if index == 0
                else clause.iter
            )
            body = cst.For(
                clause.target,
                iterable,
                cst.IndentedBlock([body]),
                asynchronous=clause.asynchronous,
            )
        definition = cst.FunctionDef(
            cst.Name(name),
            cst.Parameters([cst.Param(cst.Name(argument))]),
            cst.IndentedBlock([body]),
            asynchronous=cst.Asynchronous(),
        )
        rename = parse_template_statement(
            f'{{name}}.__name__, {{name}}.__qualname__ = "<genexpr>", "{self.qualname}.<locals>.<genexpr>"',
            name=cst.Name(name),
        )
        self.pending[-1].extend([*self.compile_nested(definition, original), rename])
        call_argument = parse_template_expression(first_iterable, iterable=outer_iterable)
        return cst.Call(cst.Name(name), [cst.Arg(call_argument)])
