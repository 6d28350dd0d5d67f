"""Source lines of black-formatted generated code.

The compiler knows the source line of every line it prints, but black then
re-lays the code out. Black changes only layout: the token stream stays the
same except for parentheses, trailing commas and quote style. So we align the
tokens of the formatted module with those of the unformatted one (whose line
map is exact) and let each formatted line take the source line of its first
aligned token.
"""

from __future__ import annotations

import difflib
import io
import tokenize

_LAYOUT = {tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
# Black adds and removes these freely; aligning on them would only add noise.
_OPTIONAL = {"(", ")", ","}


def _tokens(code: str) -> tuple[list[str], list[tuple[int, int]]]:
    """(normalized token texts, their first and last lines) of the tokens
    black keeps."""
    texts: list[str] = []
    lines: list[tuple[int, int]] = []
    for token in tokenize.generate_tokens(io.StringIO(code).readline):
        if token.type in _LAYOUT or token.string in _OPTIONAL:
            continue
        text = token.string
        if token.type == tokenize.STRING:
            text = text.replace("'", '"')  # black's quote normalization
        elif token.type == tokenize.COMMENT:
            text = " ".join(text.lstrip("#").split())  # black adds "# " spacing
        texts.append(text)
        lines.append((token.start[0], token.end[0]))
    return texts, lines


def formatted_line_map(formatted: str, plain: str, plain_map: list[int]) -> list[int]:
    """The source line of each line of `formatted` (0: generated only), given
    the same module unformatted and the source line of each of its lines."""
    formatted_texts, formatted_lines = _tokens(formatted)
    plain_texts, plain_lines = _tokens(plain)
    count = formatted.count("\n") + (0 if formatted.endswith("\n") else 1)
    result = [0] * count
    assigned = [False] * count
    if len(formatted_texts) == len(plain_texts):
        # The usual case: the same tokens, one for one (a string black
        # re-quoted may differ in its escapes). No need to search.
        blocks = [difflib.Match(0, 0, len(plain_texts))]
    else:
        blocks = difflib.SequenceMatcher(None, formatted_texts, plain_texts, autojunk=False).get_matching_blocks()
    for block in blocks:
        for offset in range(block.size):
            first, last = formatted_lines[block.a + offset]
            plain_first, plain_last = plain_lines[block.b + offset]
            # A token over several lines (a triple-quoted string) has the
            # same lines in both: each takes the source line of its twin.
            for step in range(min(last - first, plain_last - plain_first) + 1):
                row, plain_row = first - 1 + step, plain_first - 1 + step
                if assigned[row]:
                    continue
                line = plain_map[plain_row] if plain_row < len(plain_map) else 0
                result[row] = max(line, 0)  # -1: a line with no source line of its own
                assigned[row] = True
    # A line with no aligned token belongs with the line that opened its
    # bracket (black's closing `)` lines), or else with the line before it.
    opener = _bracket_openers(formatted)
    rows = formatted.splitlines()
    for row in range(1, min(count, len(rows))):
        if not assigned[row] and rows[row].strip():
            result[row] = result[opener.get(row, row - 1)]
    return result


def _bracket_openers(code: str) -> dict[int, int]:
    """For each line that starts with a closing bracket, the (0-based) line
    of the bracket it closes."""
    openers: dict[int, int] = {}
    stack: list[int] = []
    first_on_line: set[int] = set()
    lines = code.splitlines()
    for token in tokenize.generate_tokens(io.StringIO(code).readline):
        if token.type != tokenize.OP:
            continue
        row = token.start[0] - 1
        if token.string in "([{":
            stack.append(row)
        elif token.string in ")]}" and stack:
            opened = stack.pop()
            if not lines[row][: token.start[1]].strip() and row not in first_on_line:
                openers[row] = opened
                first_on_line.add(row)
    return openers
