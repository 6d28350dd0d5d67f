"""Format generated code with black -- without changing what it does.

black guarantees the same syntax tree before and after, with one exception:
docstrings, whose indentation and trailing spaces it rewrites. A docstring is
a value the program can read (`f.__doc__`), so black must not touch it: each
one is swapped for a placeholder while black runs and put back verbatim
afterwards. The result is then checked: if its syntax tree is not the input's
(a black version that rewrites something else), the unformatted text is kept.
"""

from __future__ import annotations

import ast

_SCOPES = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
_PLACEHOLDER = '"__movenext_docstring_{}__"'


def format_code(text: str) -> str:
    """`text` formatted by black, every docstring kept byte for byte."""
    import black

    try:
        tree = ast.parse(text)
    except SyntaxError:  # not ours to judge here: the caller checks compilation
        return text
    protected, originals = _protect_docstrings(text, tree)
    try:
        formatted = black.format_str(protected, mode=black.Mode())
    except Exception:  # black refuses something: keep our own layout
        return text
    for number, original in enumerate(originals):
        formatted = formatted.replace(_PLACEHOLDER.format(number), original, 1)
    try:
        same = ast.dump(ast.parse(formatted)) == ast.dump(tree)
    except SyntaxError:
        same = False
    return formatted if same else text


def _protect_docstrings(text: str, tree: ast.Module) -> tuple[str, list[str]]:
    """`text` with each docstring (the first statement of a module, class or
    function, when it is a string) replaced by a numbered placeholder, and
    the replaced source texts in order."""
    rows = text.splitlines(keepends=True)
    starts = [0]
    for row in rows:
        starts.append(starts[-1] + len(row))

    def offset(line: int, byte_column: int) -> int:
        row = rows[line - 1]
        return starts[line - 1] + len(row.encode("utf-8")[:byte_column].decode("utf-8"))

    spans = []
    for node in ast.walk(tree):
        if isinstance(node, _SCOPES) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, (ast.Constant, ast.JoinedStr)):
                value = first.value
                if isinstance(value, ast.JoinedStr) or isinstance(value.value, (str, bytes)):
                    spans.append(
                        (offset(value.lineno, value.col_offset), offset(value.end_lineno, value.end_col_offset))
                    )
    spans.sort()
    pieces, originals, position = [], [], 0
    for start, end in spans:
        pieces.append(text[position:start])
        pieces.append(_PLACEHOLDER.format(len(originals)))
        originals.append(text[start:end])
        position = end
    pieces.append(text[position:])
    return "".join(pieces), originals
