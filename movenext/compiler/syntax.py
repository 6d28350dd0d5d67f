"""Small syntactic questions about libcst trees, asked by several passes."""

from __future__ import annotations

import libcst as cst

_CONSTANT_NAMES = frozenset({"True", "False", "None"})
_CONSTANT_NODES = (
    cst.Integer,
    cst.Float,
    cst.Imaginary,
    cst.SimpleString,
    cst.Ellipsis,
)


def is_constant(node: cst.CSTNode) -> bool:
    if isinstance(node, _CONSTANT_NODES):
        return True
    if isinstance(node, cst.Name):
        return node.value in _CONSTANT_NAMES
    if isinstance(node, cst.ConcatenatedString):
        return is_constant(node.left) and is_constant(node.right)
    return False


class _SuspensionFinder(cst.CSTVisitor):
    """Finds awaits, async for/with and async comprehension clauses that run
    in the current function (not in nested functions, lambdas or classes)."""

    def __init__(self, yields: bool) -> None:
        self.found = False
        self.yields = yields

    def visit_Await(self, node) -> bool:
        self.found = True
        return False

    def visit_Yield(self, node) -> bool:
        if self.yields:
            self.found = True
        return not self.found

    def visit_For(self, node: cst.For) -> bool:
        if node.asynchronous is not None and not self.yields:
            self.found = True
        return not self.found

    def visit_With(self, node: cst.With) -> bool:
        if node.asynchronous is not None and not self.yields:
            self.found = True
        return not self.found

    def visit_CompFor(self, node: cst.CompFor) -> bool:
        if node.asynchronous is not None and not self.yields:
            self.found = True
        return not self.found

    def visit_FunctionDef(self, node) -> bool:
        return False

    def visit_ClassDef(self, node) -> bool:
        return False

    def visit_Lambda(self, node) -> bool:
        return False

    def on_visit(self, node) -> bool:
        if self.found:
            return False
        return super().on_visit(node)


def contains_await(node: cst.CSTNode) -> bool:
    """Does evaluating `node` suspend (await / async for / async with /
    async comprehension), not counting nested function bodies?"""
    if isinstance(node, (cst.Name, cst.Integer, cst.SimpleString)):
        return False
    finder = _SuspensionFinder(yields=False)
    node.visit(finder)
    return finder.found


def contains_yield(node: cst.CSTNode) -> bool:
    finder = _SuspensionFinder(yields=True)
    node.visit(finder)
    return finder.found


def body_statements(suite: cst.BaseSuite) -> list[cst.CSTNode]:
    """The statements of a suite; a one-line suite's small statements are
    returned individually."""
    if isinstance(suite, cst.IndentedBlock):
        return list(suite.body)
    return list(suite.body)
