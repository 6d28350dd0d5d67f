"""Reject what CPython rejects, in CPython's words.

The running interpreter's own compiler is the authority on what is valid
Python (including the errors its symbol table and code generator raise, such
as "'await' outside async function"): the input is compiled once, and a
SyntaxError becomes a diagnostic at its line and column.
"""

from __future__ import annotations

import warnings

from ..errors import Diagnostic


def check_syntax(source: str, filename: str) -> list[Diagnostic]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings are not ours to report
            compile(source, filename, "exec", dont_inherit=True)
    except SyntaxError as error:
        line = error.lineno or 1
        column = error.offset or 1
        return [Diagnostic(filename, line, column, error.msg)]
    except ValueError as error:  # e.g. "source code string cannot contain null bytes"
        return [Diagnostic(filename, 1, 1, str(error))]
    except (RecursionError, MemoryError) as error:
        # CPython's compiler gives up on input nested or chained too deeply
        # ("maximum recursion depth exceeded during compilation"); `python
        # FILE` reports it without a position.
        return [Diagnostic(filename, 1, 1, str(error) or type(error).__name__)]
    return []
