"""Small syntactic questions about libcst trees, asked by several passes."""

from __future__ import annotations

import libcst as cst

class Unsupported(Exception):
    """A construct movenext refuses; carries the node and a description."""

    def __init__(self, node: cst.CSTNode, what: str) -> None:
        super().__init__(what)
        self.node = node
        self.what = what


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

    def __init__(self) -> None:
        self.found = False

    def visit_Await(self, node) -> bool:
        self.found = True
        return False

    def visit_Yield(self, node) -> bool:
        # Inside an async generator a yield suspends too.
        self.found = True
        return False

    def visit_For(self, node: cst.For) -> bool:
        if node.asynchronous is not None:
            self.found = True
        return not self.found

    def visit_With(self, node: cst.With) -> bool:
        if node.asynchronous is not None:
            self.found = True
        return not self.found

    def visit_CompFor(self, node: cst.CompFor) -> bool:
        if node.asynchronous is not None:
            self.found = True
        return not self.found

    # Nested functions and classes: only the parts evaluated where they are
    # defined (decorators, defaults, annotations, bases) run here.
    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        parts: list[cst.CSTNode] = [d.decorator for d in node.decorators]
        parts.append(node.params)
        if node.returns is not None:
            parts.append(node.returns)
        for part in parts:
            part.visit(self)
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        for part in [*(d.decorator for d in node.decorators), *node.bases, *node.keywords]:
            part.visit(self)
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        node.params.visit(self)
        return False

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> bool:
        # Making a generator runs only its outermost iterable (async or not,
        # its body runs later, in its own scope).
        node.for_in.iter.visit(self)
        return False

    def visit_Param(self, node: cst.Param) -> bool:
        for part in (node.default, node.annotation):
            if part is not None:
                part.visit(self)
        return False

    def on_visit(self, node) -> bool:
        if self.found:
            return False
        return super().on_visit(node)


def contains_await(node: cst.CSTNode) -> bool:
    """Does evaluating `node` suspend (await / async for / async with /
    async comprehension / a yield of an async generator), not counting
    nested function bodies?"""
    if isinstance(node, (cst.Name, cst.Integer, cst.SimpleString)):
        return False
    finder = _SuspensionFinder()
    node.visit(finder)
    return finder.found


def body_statements(suite: cst.BaseSuite) -> list[cst.CSTNode]:
    """The statements of a suite; a one-line suite's small statements are
    returned individually."""
    if isinstance(suite, cst.IndentedBlock):
        return list(suite.body)
    return list(suite.body)


class PreservingTransformer(cst.CSTTransformer):
    """A transformer that returns the *original* node for every subtree it did
    not change (libcst rebuilds them all), so identity-keyed facts about the
    original tree (positions, symbols) still apply to them."""

    def __init__(self) -> None:
        super().__init__()
        self._changed: list[bool] = [False]

    def on_visit(self, node: cst.CSTNode) -> bool:
        self._changed.append(False)
        return super().on_visit(node)

    def on_leave(self, original: cst.CSTNode, updated: cst.CSTNode):
        changed = self._changed.pop()
        result = super().on_leave(original, updated if changed else original)
        if result is not original:
            self._changed[-1] = True
        return result


_RENDER = cst.Module([])


def keep_lines_legal(node):
    """A user expression that spanned lines inside brackets may lose those
    brackets when part of it moves into a statement of its own: wrap it in
    parentheses then, so its line breaks stay legal."""
    if node is None or not isinstance(node, cst.BaseExpression):
        return node
    if "\n" not in _RENDER.code_for_node(node) or getattr(node, "lpar", None):
        return node
    try:
        return node.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    except (TypeError, cst.CSTValidationError):  # pragma: no cover - nodes without parentheses
        return node


class IdentityMap:
    """A dict keyed by node identity that keeps its keys alive, so a dead
    node's recycled `id()` can never be mistaken for it."""

    __slots__ = ("_items",)

    def __init__(self) -> None:
        self._items: dict[int, tuple[object, object]] = {}

    def __setitem__(self, node, value) -> None:
        self._items[id(node)] = (node, value)

    def get(self, node, default=None):
        entry = self._items.get(id(node))
        if entry is None or entry[0] is not node:
            return default
        return entry[1]

    def __contains__(self, node) -> bool:
        entry = self._items.get(id(node))
        return entry is not None and entry[0] is node


def string_continuation_rows(text: str) -> set[int]:
    """Rows (1-based) of `text` that lie inside a string token begun on an
    earlier row: re-indenting code must leave them alone."""
    import io
    import tokenize

    rows: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.start[0] != token.end[0] and token.type != tokenize.NEWLINE:
                rows.update(range(token.start[0] + 1, token.end[0] + 1))
    except (tokenize.TokenError, SyntaxError):
        pass
    return rows


def self_documenting_parts(
    string: cst.FormattedString, piece: cst.FormattedStringExpression, new_piece: cst.FormattedStringExpression
) -> list:
    """`{expr=}` writes the text of `expr` as the user wrote it, then its
    value (repr() unless a conversion or specification is given). When the
    compiler replaces `expr` (a spilled await, a variable that became a
    field), spell that out -- the text as a literal, then the new expression
    with the conversion made explicit -- so the output keeps the user's text.
    Returns the parts that replace `piece` in `string`."""
    if piece.equal is None or new_piece.expression is piece.expression:
        return [new_piece]
    text = (
        _RENDER.code_for_node(piece.whitespace_before_expression)
        + _RENDER.code_for_node(piece.expression)
        + _RENDER.code_for_node(piece.whitespace_after_expression)
        + _RENDER.code_for_node(piece.equal.whitespace_before)
        + "="
        + _RENDER.code_for_node(piece.equal.whitespace_after)
    )
    if "\n" in text:
        # The lines after the first are indented as the statement is, which
        # is not known here: the text could not be written exactly.
        raise Unsupported(
            piece, "a self-documenting f-string expression ({expr=}) that spans several lines"
        )
    quote = string.end
    if "\\" in text or quote[0] in text or ("\n" in text and len(quote) == 1):
        # Only possible from 3.12 (PEP 701), where an expression may hold any
        # quote and backslash: carry the text as a string constant.
        label = cst.FormattedStringExpression(cst.SimpleString(repr(text)))
    else:
        label = cst.FormattedStringText(text.replace("{", "{{").replace("}", "}}"))
    conversion = piece.conversion or (None if piece.format_spec else "r")
    value = new_piece.with_changes(
        equal=None,
        conversion=conversion,
        whitespace_before_expression=cst.SimpleWhitespace(""),
        whitespace_after_expression=cst.SimpleWhitespace(""),
    )
    return [label, value]
