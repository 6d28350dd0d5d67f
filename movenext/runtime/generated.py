"""Functions the runtime writes for one machine class at a time.

Some per-class helpers are fastest as straight-line code written for that
class's fields (`_finish`, copying a direct body's variables into fields,
calling the direct body with the stored arguments). They are compiled under
a file name inside this package, so that a traceback through one of them is
recognisably the runtime's (tools that hide the runtime's frames hide these
too) rather than an anonymous "<string>".
"""

from __future__ import annotations

import os

FILENAME = os.path.join(os.path.dirname(os.path.abspath(__file__)), "<generated>")


def define(source: str, namespace: dict, name: str):
    """Execute `source` (one `def name(...)`) in `namespace`; return the function."""
    exec(compile(source, FILENAME, "exec"), namespace)
    return namespace[name]
