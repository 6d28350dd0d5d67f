"""Small syntactic questions about libcst trees, asked by several passes."""

from __future__ import annotations

import dataclasses

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


def contains_await(node: cst.CSTNode) -> bool:
    """Does evaluating `node` suspend (await / async for / async with /
    async comprehension / a yield of an async generator), not counting
    nested function bodies?"""
    if isinstance(node, (cst.Name, cst.Integer, cst.SimpleString)):
        return False
    return _suspends(node)


def _suspends(node: cst.CSTNode) -> bool:
    kind = type(node)
    if kind is cst.Await or kind is cst.Yield:  # inside an async generator a yield suspends too
        return True
    if kind is cst.For or kind is cst.With or kind is cst.CompFor:
        if node.asynchronous is not None:
            return True
    # Nested functions and classes: only the parts evaluated where they are
    # defined (decorators, defaults, annotations, bases) run here.
    elif kind is cst.FunctionDef:
        parts = [d.decorator for d in node.decorators]
        parts.append(node.params)
        if node.returns is not None:
            parts.append(node.returns)
        return any(_suspends(part) for part in parts)
    elif kind is cst.ClassDef:
        return any(_suspends(part) for part in (*(d.decorator for d in node.decorators), *node.bases, *node.keywords))
    elif kind is cst.Lambda:
        return _suspends(node.params)
    elif kind is cst.GeneratorExp:
        # Making a generator runs only its outermost iterable (async or not,
        # its body runs later, in its own scope).
        return _suspends(node.for_in.iter)
    elif kind is cst.Param:
        return any(_suspends(part) for part in (node.default, node.annotation) if part is not None)
    for child in child_nodes(node):
        if _suspends(child):
            return True
    return False


def child_nodes(node: cst.CSTNode):
    """The child nodes of `node` that can hold code (not its whitespace,
    parentheses, commas or comments), read from its fields.

    For read-only questions: libcst's own traversal (`visit`, `children`)
    rebuilds every node it passes, with validation, even for a visitor that
    changes nothing."""
    for name in _code_fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            yield value
        elif type(value) is tuple or type(value) is list:
            for item in value:
                if isinstance(item, cst.CSTNode):
                    yield item


def names_in(node: cst.CSTNode) -> set[str]:
    """The value of every `Name` node anywhere in `node` (nested functions
    included, attribute and keyword names too)."""
    found: set[str] = set()
    pending = [node]
    while pending:
        current = pending.pop()
        if type(current) is cst.Name:
            found.add(current.value)
        else:
            pending.extend(child_nodes(current))
    return found


_CODE_FIELDS: dict[type, tuple[str, ...]] = {}
_LAYOUT_FIELDS = frozenset(
    {"lpar", "rpar", "comma", "semicolon", "leading_lines", "lines_after_decorators", "header", "footer", "newline"}
)


def _code_fields(kind: type) -> tuple[str, ...]:
    fields = _CODE_FIELDS.get(kind)
    if fields is None:
        fields = _CODE_FIELDS[kind] = tuple(
            field.name
            for field in dataclasses.fields(kind)
            if field.name not in _LAYOUT_FIELDS and not field.name.startswith("whitespace")
        )
    return fields


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
