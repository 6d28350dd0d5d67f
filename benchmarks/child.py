"""The child interpreters of `import_warm` and `echo_server`.

    python -m benchmarks.child import --variant native|movenext --root DIR --package NAME --modules N
    python -m benchmarks.child echo --variant native|movenext --program FILE
                                    [--include PATTERN] --clients C --messages M [--prime]

Each prints one JSON line: the CPU (`process_time`) and wall (`perf_counter`)
time of the measured region, and what the parent checks. With
MOVENEXT_BENCH_PROFILE=FILE in the environment, the measured region runs
under cProfile and the statistics are written to FILE.

Bytecode: the child starts as its parent's environment says (the
interpreter's own and site-packages' `.pyc` files are read, never written),
then, just before the imports it is about, turns bytecode writing on with
`sys.pycache_prefix` = `--cache DIR`: the benchmark's caches (the generated
package's `.pyc` files, the hook's compiled modules) live there and nowhere
else.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
import types


def _measure(function):
    profile_path = os.environ.get("MOVENEXT_BENCH_PROFILE")
    profiler = None
    if profile_path:
        import cProfile

        profiler = cProfile.Profile()
    gc.collect()
    cpu0 = time.process_time()
    wall0 = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    value = function()
    if profiler is not None:
        profiler.disable()
    wall1 = time.perf_counter()
    cpu1 = time.process_time()
    if profiler is not None:
        profiler.dump_stats(profile_path)
    return value, cpu1 - cpu0, wall1 - wall0


def _caches_in(directory: str) -> None:
    sys.pycache_prefix = directory
    sys.dont_write_bytecode = False


def _prepare_compiler(prime: bool) -> None:
    """A priming run compiles: import the compiler before the cache prefix is
    set, so that libcst's bytecode comes from site-packages."""
    if prime:
        import movenext.compiler  # noqa: F401


def import_package(arguments) -> dict:
    sys.path.insert(0, arguments.root)
    # What the package's modules import, so the clock sees only the package.
    import asyncio  # noqa: F401
    import dataclasses  # noqa: F401

    runtime_import = 0.0
    statistics = None
    if arguments.variant == "movenext":
        import movenext.importhook as importhook

        start = time.perf_counter()
        import movenext.runtime  # noqa: F401  (what compiled modules import first)

        runtime_import = time.perf_counter() - start
        importhook.install_import_hook(include=[arguments.package])
        statistics = importhook.STATISTICS
        _prepare_compiler(arguments.prime)
    _caches_in(arguments.cache)
    _, cpu, wall = _measure(lambda: __import__(arguments.package))
    data = {"cpu": cpu, "wall": wall, "runtime_import_s": runtime_import}
    if statistics is not None:
        data["from_cache"] = statistics.from_cache
        data["compiled_functions"] = statistics.compiled
        if statistics.from_cache != arguments.modules and not arguments.prime:
            # Not a warm-cache import (the priming run makes one).
            data["warning"] = f"{statistics.from_cache} of {arguments.modules} modules from the cache"
    return data


def echo(arguments) -> dict:
    statistics = None
    if arguments.variant == "movenext" and arguments.include:
        import movenext.importhook as importhook

        importhook.install_import_hook(include=[arguments.include])
        statistics = importhook.STATISTICS
        _prepare_compiler(arguments.prime)
        _caches_in(arguments.cache)
    import asyncio
    import asyncio.streams

    compiled_functions = statistics.compiled if statistics is not None else 0
    if arguments.variant == "movenext" and arguments.include:
        if not isinstance(asyncio.streams.StreamReader.readline, _coroutine_function_type()):
            raise SystemExit("asyncio.streams was not compiled by the import hook")
    if arguments.prime:
        return {"cpu": 0.0, "wall": 0.0, "value": None, "compiled_functions": compiled_functions}
    module = types.ModuleType("echo_program")
    with open(arguments.program, encoding="utf-8") as handle:
        source = handle.read()
    module.__file__ = arguments.program
    sys.modules[module.__name__] = module
    exec(compile(source, arguments.program, "exec"), module.__dict__)
    module.run(arguments.clients, arguments.messages)  # warm-up
    value, cpu, wall = _measure(lambda: module.run(arguments.clients, arguments.messages))
    return {"cpu": cpu, "wall": wall, "value": value, "compiled_functions": compiled_functions}


def _coroutine_function_type():
    from movenext.runtime import CoroutineFunction

    return CoroutineFunction


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.child")
    commands = parser.add_subparsers(dest="command", required=True)
    importing = commands.add_parser("import")
    importing.add_argument("--variant", choices=("native", "movenext"), required=True)
    importing.add_argument("--root", required=True)
    importing.add_argument("--package", required=True)
    importing.add_argument("--modules", type=int, required=True, help="modules the package has, __init__ included")
    importing.add_argument("--cache", required=True, help="where bytecode caches go")
    importing.add_argument("--prime", action="store_true", help="the run that fills the caches")
    echoing = commands.add_parser("echo")
    echoing.add_argument("--variant", choices=("native", "movenext"), required=True)
    echoing.add_argument("--program")
    echoing.add_argument("--include", default="")
    echoing.add_argument("--cache", required=True, help="where bytecode caches go")
    echoing.add_argument("--clients", type=int, default=0)
    echoing.add_argument("--messages", type=int, default=0)
    echoing.add_argument("--prime", action="store_true", help="only import (and compile) asyncio")
    arguments = parser.parse_args()
    data = import_package(arguments) if arguments.command == "import" else echo(arguments)
    print(json.dumps(data))


if __name__ == "__main__":
    main()
