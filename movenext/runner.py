"""`movenext run`: run a program with the import hook on.

The script itself is compiled (as `__main__`, with its own file and line
numbers in tracebacks); modules matching `--include` patterns are compiled as
they are imported. `MOVENEXT_INCLUDE` (comma-separated patterns) is exported,
so Python processes the program starts compile the same modules when
movenext's startup hook (`movenext.pth`) is installed.
"""

from __future__ import annotations

import atexit
import builtins
import importlib.machinery
import os
import runpy
import sys
import types

from .importhook import STATISTICS, compile_module_code, install_import_hook

ENVIRONMENT_VARIABLE = "MOVENEXT_INCLUDE"


def patterns_from_environment() -> list[str]:
    return [p.strip() for p in os.environ.get(ENVIRONMENT_VARIABLE, "").split(",") if p.strip()]


def _prepare(include: list[str], exclude: list[str], stats: bool) -> None:
    os.environ[ENVIRONMENT_VARIABLE] = ",".join(include)
    install_import_hook(include, exclude)
    if stats:
        atexit.register(lambda: print(STATISTICS.report(), file=sys.stderr))


def run_script(path: str, args: list[str], include: list[str], exclude: list[str], stats: bool) -> None:
    """Run `path` as `__main__`, compiled, like `python path args...`."""
    _prepare(include, exclude, stats)
    with open(path, "rb") as handle:
        source = handle.read()
    filename = os.path.abspath(path)
    code, compiled, refused = compile_module_code(source, filename)
    STATISTICS.record("__main__", compiled, refused, False)
    main = types.ModuleType("__main__")
    # What `python path` gives __main__: the builtins module, a source loader.
    main.__dict__.update(
        __file__=filename,
        __builtins__=builtins,
        __cached__=None,
        __spec__=None,
        __loader__=importlib.machinery.SourceFileLoader("__main__", filename),
    )
    sys.modules["__main__"] = main
    sys.argv = [path, *args]
    sys.path.insert(0, os.path.dirname(filename))
    exec(code, main.__dict__)


def run_module(name: str, args: list[str], include: list[str], exclude: list[str], stats: bool) -> None:
    """Run module `name` as `__main__`, compiled, like `python -m name args...`."""
    _prepare([*include, name], exclude, stats)
    sys.argv = [name, *args]
    sys.path.insert(0, os.getcwd())
    runpy.run_module(name, run_name="__main__", alter_sys=True)
