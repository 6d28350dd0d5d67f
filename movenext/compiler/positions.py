"""Where each node of a libcst tree starts (line and column), in one pass.

The compiler needs the source line of every node of an async function (line
maps, the state table, tracebacks) and the column of some (diagnostics).
libcst's `PositionProvider` computes them while generating the code, but
also each node's end, as two frozen dataclasses per node, and wraps every
syntactic position in a generator-based context manager: it took a sixth of
the time `movenext transpile` spends on the stdlib's asyncio package. This
code generation state records the same *starts* -- where a node's code
begins or, for the nodes whose code generation marks a syntactic position
(a statement after its leading blank lines and comments, a `def` after its
decorators), where that begins -- and nothing else (5x faster on the same
files). tests/compiler/test_positions.py checks it against
PositionProvider on real code.

`CodegenState` is libcst's internal code generation state (libcst._nodes):
the hooks used here are the ones its own position providers override.
"""

from __future__ import annotations

import re

import libcst as cst
from libcst._nodes.internal import CodegenState

_NEWLINE = re.compile(r"\r\n?|\n")


def start_positions(module: cst.Module) -> dict[cst.CSTNode, tuple[int, int]]:
    """{node: (line, column)} for every node of `module`: its 1-based line
    and 0-based column, as libcst's PositionProvider gives `start`."""
    state = _StartRecorder(default_indent=module.default_indent, default_newline=module.default_newline)
    module._codegen(state)
    return state.starts


class _Syntactic:
    """What `record_syntactic_position` returns: at exit, the node's start is
    where its code began, or its `start_node`'s start."""

    __slots__ = ("state", "node", "start_node", "start")

    def __init__(self, state, node, start_node) -> None:
        self.state = state
        self.node = node
        self.start_node = start_node
        self.start = (state.line, state.column)

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc_info) -> None:
        starts = self.state.starts
        start_node = self.start_node
        starts[self.node] = starts[start_node] if start_node is not None else self.start


class _StartRecorder(CodegenState):
    __slots__ = ("line", "column", "starts", "_pending")

    def __init__(self, default_indent: str, default_newline: str) -> None:
        super().__init__(default_indent=default_indent, default_newline=default_newline)
        self.line = 1
        self.column = 0
        self.starts: dict = {}
        self._pending: list[tuple[int, int]] = []

    def add_indent_tokens(self) -> None:
        self.tokens.extend(self.indent_tokens)
        for token in self.indent_tokens:  # indentation: never a line break
            self.column += len(token)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        if "\n" in value or "\r" in value:
            segments = _NEWLINE.split(value)
            self.line += len(segments) - 1
            self.column = len(segments[-1])
        else:
            self.column += len(value)

    def before_codegen(self, node) -> None:
        self._pending.append((self.line, self.column))

    def after_codegen(self, node) -> None:
        start = self._pending.pop()
        if node not in self.starts:  # a syntactic start recorded inside wins
            self.starts[node] = start

    def record_syntactic_position(self, node, *, start_node=None, end_node=None):
        return _Syntactic(self, node, start_node)
