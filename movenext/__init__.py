"""movenext: compile Python's `async def` into explicit MoveNext state machines.

Public API:

* `transpile_source(source, filename="<string>") -> str`
* `CompileError` (with `.diagnostics`), `InternalCompilerError`
"""

from __future__ import annotations

from .errors import CompileError, Diagnostic, InternalCompilerError

__version__ = "0.1.0"


def transpile_source(source: str, filename: str = "<string>", *, format: bool = True) -> str:
    """Return `source` with every coroutine function compiled to a state machine.

    Raises CompileError when the source is invalid or uses a construct movenext
    refuses; its `diagnostics` say where and why.
    """
    from .compiler import compile_module

    return compile_module(source, filename, format=format).code


def install_import_hook(include, exclude=()):
    """Compile modules matching `include` as they are imported; see
    `movenext.importhook`. Returns a handle (a context manager) to uninstall."""
    from .importhook import install_import_hook as install

    return install(include, exclude)


__all__ = [
    "CompileError",
    "Diagnostic",
    "InternalCompilerError",
    "install_import_hook",
    "transpile_source",
    "__version__",
]
