"""Diagnostics: what the user did wrong, kept apart from what movenext did wrong.

A `Diagnostic` points at the user's input (`path:line:col: error: message`).
`CompileError` carries the diagnostics for one input. `InternalCompilerError`
means a bug in movenext: the CLI reports it as INTERNAL ERROR, saves the input,
and exits with status 3.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    column: int  # 1-based, as editors and CPython's tracebacks count
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"


class CompileError(Exception):
    """The input cannot be compiled; `diagnostics` says where and why."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class InternalCompilerError(Exception):
    """A bug in movenext, never the user's fault."""
