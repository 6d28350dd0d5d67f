"""`movenext run`: run a program with the import hook on.

The script itself is compiled (as `__main__`, with its own file and line
numbers in tracebacks); modules matching `--include` patterns are compiled as
they are imported. `MOVENEXT_INCLUDE` (comma-separated patterns) is exported,
so Python processes the program starts compile the same modules when
movenext's startup hook (`movenext.pth`) is installed.

The program's end is the interpreter's: `sys.exit` as usual; an uncaught
exception is printed by `sys.excepthook` with the program's own frames only
(not movenext's or click's, which `python FILE` does not have either), exit
status 1 (a KeyboardInterrupt ends the process by SIGINT, after the usual
shutdown); a script CPython rejects is reported by CPython itself.
"""

from __future__ import annotations

import atexit
import builtins
import importlib.machinery
import os
import runpy
import signal
import subprocess
import sys
import types

from .importhook import STATISTICS, NotCompiled, Rejected, compile_module_code, install_import_hook

ENVIRONMENT_VARIABLE = "MOVENEXT_INCLUDE"


def patterns_from_environment() -> list[str]:
    return [p.strip() for p in os.environ.get(ENVIRONMENT_VARIABLE, "").split(",") if p.strip()]


class _Ending:
    interrupted = False


def _end_like_the_interpreter() -> None:
    """Registered first, so it runs last at exit: an unhandled
    KeyboardInterrupt ends the process by SIGINT, as CPython's main does
    after finalizing."""
    if _Ending.interrupted:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (AttributeError, OSError, ValueError):
                pass
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)


def _prepare(include: list[str], exclude: list[str], stats: bool) -> None:
    atexit.register(_end_like_the_interpreter)
    os.environ[ENVIRONMENT_VARIABLE] = ",".join(include)
    install_import_hook(include, exclude)
    if stats:
        atexit.register(_print_statistics)


def _print_statistics() -> None:
    print(STATISTICS.report(), file=sys.stderr)


def _uncaught(error: BaseException, traceback) -> None:
    """What the interpreter does with an exception that ends `__main__`
    (PyErr_Print), for a traceback that starts at the program's frames."""
    error = error.with_traceback(traceback)
    sys.last_type, sys.last_value, sys.last_traceback = type(error), error, traceback
    if sys.version_info >= (3, 12):
        sys.last_exc = error
    sys.excepthook(type(error), error, traceback)
    if isinstance(error, KeyboardInterrupt):
        _Ending.interrupted = True
    raise SystemExit(1)


def _set_path0(entry: str) -> None:
    """Put first on sys.path what `python SCRIPT` or `python -m` puts there,
    in place of what the interpreter put there for movenext itself (the
    directory of the `movenext` script, or the working directory of `python
    -m movenext`); nothing under -P / PYTHONSAFEPATH, as natively."""
    if sys.flags.safe_path:
        return
    if sys.path:
        sys.path[0] = entry
    else:
        sys.path.insert(0, entry)


def _main_module(**attributes) -> types.ModuleType:
    """A `__main__` like the interpreter's (pylifecycle.c, add_main_module):
    with the builtins module and an empty `__annotations__`."""
    main = types.ModuleType("__main__")
    main.__dict__.update(__annotations__={}, __builtins__=builtins, **attributes)
    sys.modules["__main__"] = main
    return main


def run_script(path: str, args: list[str], include: list[str], exclude: list[str], stats: bool) -> None:
    """Run `path` as `__main__`, compiled, like `python path args...`."""
    with open(path, "rb") as handle:
        source = handle.read()
    filename = os.path.abspath(path)
    environment = dict(os.environ)
    _prepare(include, exclude, stats)
    try:
        code, compiled, refused = compile_module_code(source, filename)
    except NotCompiled as why:
        STATISTICS.record_skipped("__main__", str(why))
        code, compiled, refused = why.native_code(source, filename), 0, []
    except Rejected as why:
        STATISTICS.record_skipped("__main__", str(why))
        # CPython rejects the script. `python FILE` reads it with the
        # tokenizer of files, whose messages (encodings, null bytes) no API
        # reproduces: let that interpreter say it, in this process.
        _run_rejected(path, args, environment, stats)
    else:
        STATISTICS.record("__main__", compiled, refused, False)
    # What `python path` gives __main__: the builtins module, a source loader.
    main = _main_module(
        __file__=filename,
        __cached__=None,
        __spec__=None,
        __loader__=importlib.machinery.SourceFileLoader("__main__", filename),
    )
    sys.argv = [path, *args]
    # The script's real directory (symlinks resolved), as CPython computes it.
    _set_path0(os.path.dirname(os.path.realpath(path)))
    try:
        exec(code, main.__dict__)
    except SystemExit:
        raise
    except BaseException as error:  # noqa: BLE001 - the program's uncaught exception
        # The first entry is this frame; the script's `<module>` follows.
        traceback = error.__traceback__
        _uncaught(error, traceback.tb_next or traceback)


def _run_rejected(path: str, args: list[str], environment: dict[str, str], stats: bool) -> None:
    """Replace this process with `python [its flags] path args`, which
    reports the script's error exactly as it does without movenext (nothing
    of the script runs: CPython rejects it before running it)."""
    if stats:
        _print_statistics()
    sys.stdout.flush()
    sys.stderr.flush()
    flags = subprocess._args_from_interpreter_flags()
    os.execve(sys.executable, [sys.executable, *flags, path, *args], environment)


def run_module(name: str, args: list[str], include: list[str], exclude: list[str], stats: bool) -> None:
    """Run module `name` as `__main__`, compiled, like `python -m name args...`:
    through the function `python -m` calls (runpy._run_module_as_main), in
    a fresh `__main__` module."""
    _prepare([*include, name], exclude, stats)
    _main_module(__loader__=importlib.machinery.BuiltinImporter, __spec__=None, __package__=None)
    sys.argv = ["-m", *args]
    _set_path0(os.getcwd())
    try:
        runpy._run_module_as_main(name, alter_argv=True)
    except SystemExit:
        raise
    except BaseException as error:  # noqa: BLE001 - the program's uncaught exception
        # The first entry is this frame; runpy's, as under `python -m`, follow.
        traceback = error.__traceback__
        _uncaught(error, traceback.tb_next or traceback)
