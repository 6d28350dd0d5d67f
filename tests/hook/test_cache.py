"""The hook's bytecode cache (see the invariants in movenext/importhook.py)."""

import importlib.util
import os
import re
import stat
import subprocess
import sys
import textwrap

import pytest

from .support import cache_files, child_env, result, run_json, write

#: Children start with PYTHONDONTWRITEBYTECODE=1 (so nothing outside tmp_path
#: is ever written) and switch `sys.dont_write_bytecode` off themselves once the
#: compiler is imported.
ENV = child_env()

MODULE = """
import asyncio


async def f(x):
    await asyncio.sleep(0)
    return [__name__, 2 * x]


async def fail():
    await asyncio.sleep(0)
    raise ValueError("after an await")
"""

PACKAGE = {"pkg/__init__.py": MODULE, "pkg/sub.py": MODULE}

#: The compiler (and libcst) are imported before bytecode writing is switched
#: on, so that only the test's own modules are written (and it stays fast).
WARM = "import movenext.compiler, movenext.positions, traceback\n"


def warm(code):
    return WARM + textwrap.dedent(code)


IMPORT_BODY = """
sys.dont_write_bytecode = False
movenext.install_import_hook(include=["pkg"])
import pkg.sub
try:
    asyncio.run(pkg.sub.fail())
except ValueError as error:
    last = traceback.extract_tb(error.__traceback__)[-1]
emit({
    "results": [asyncio.run(pkg.f(1)), asyncio.run(pkg.sub.f(2))],
    "kinds": [kind(pkg.f, 0), kind(pkg.sub.f, 0)],
    "raise": [last.filename, last.lineno, last.line],
    "modules": STATISTICS.modules,
    "from_cache": STATISTICS.from_cache,
})
"""
IMPORT = WARM + IMPORT_BODY

EXPECTED = {
    "results": [["pkg", 2], ["pkg.sub", 4]],
    "kinds": ["compiled", "compiled"],
    "modules": ["pkg", "pkg.sub"],
}


def check(data, tmp_path, from_cache):
    assert {key: data[key] for key in EXPECTED} == EXPECTED
    assert data["raise"] == [str(tmp_path / "pkg" / "sub.py"), 11, 'raise ValueError("after an await")']
    assert data["from_cache"] == from_cache


def header_is_valid(cache, source):
    data = cache.read_bytes()
    return (
        len(data) > 16
        and data[:4] == importlib.util.MAGIC_NUMBER
        and int.from_bytes(data[4:8], "little") == 0b11  # checked hash-based (PEP 552)
        and data[8:16] == importlib.util.source_hash(source.read_bytes())
    )


def test_cache_is_written_then_used(tmp_path):
    write(tmp_path, PACKAGE)
    check(run_json(IMPORT, tmp_path, env=ENV), tmp_path, from_cache=0)

    files = cache_files(tmp_path)
    tag = sys.implementation.cache_tag
    assert [f.relative_to(tmp_path).parent.as_posix() for f in files] == ["pkg/__pycache__"] * 2
    names = [f.name for f in files]
    assert all(re.fullmatch(rf"(__init__|sub)\.{tag}\.opt-movenext[0-9a-f]{{16}}\.pyc", n) for n in names), names
    assert len({n.split(".opt-")[1] for n in names}) == 1  # one key for one configuration
    for cache, source in zip(files, [tmp_path / "pkg/__init__.py", tmp_path / "pkg/sub.py"]):
        assert header_is_valid(cache, source)
    before = {f: f.read_bytes() for f in files}

    # A second process loads every module from the cache and behaves the same.
    check(run_json(IMPORT, tmp_path, env=ENV), tmp_path, from_cache=2)
    assert {f: f.read_bytes() for f in cache_files(tmp_path)} == before


@pytest.mark.parametrize("how", ["sys.dont_write_bytecode", "PYTHONDONTWRITEBYTECODE"])
def test_nothing_is_written_when_bytecode_writing_is_off(tmp_path, how):
    write(tmp_path, PACKAGE)
    hook = 'movenext.install_import_hook(include=["pkg"])\n'
    assert hook in IMPORT
    if how == "sys.dont_write_bytecode":
        # Writing allowed when the hook is installed, switched off before the import.
        code = IMPORT.replace(hook, hook + "sys.dont_write_bytecode = True\n")
    else:
        # Only the environment variable says no (ENV sets PYTHONDONTWRITEBYTECODE=1).
        code = IMPORT.replace("sys.dont_write_bytecode = False\n", "assert sys.flags.dont_write_bytecode\n")
    assert code != IMPORT
    check(run_json(code, tmp_path, env=ENV), tmp_path, from_cache=0)
    check(run_json(code, tmp_path, env=ENV), tmp_path, from_cache=0)
    assert list(tmp_path.rglob("*.pyc")) == []
    assert list(tmp_path.rglob("__pycache__")) == []


def test_pycache_prefix(tmp_path):
    """(PYTHONPYCACHEPREFIX only sets sys.pycache_prefix at startup; setting it
    after the compiler is imported keeps the stdlib's own bytecode usable.)"""
    project, prefix = tmp_path / "project", tmp_path / "prefix"
    write(project, PACKAGE)
    code = WARM + f"sys.pycache_prefix = {str(prefix)!r}\n" + IMPORT_BODY
    check(run_json(code, project, env=ENV), project, from_cache=0)
    assert cache_files(project) == []
    files = cache_files(prefix)
    expected_dir = prefix / str(project / "pkg").lstrip(os.sep)
    assert [f.parent for f in files] == [expected_dir, expected_dir]
    assert all(".opt-movenext" in f.name for f in files)
    check(run_json(code, project, env=ENV), project, from_cache=2)


def test_edit_keeping_size_and_mtime_is_recompiled(tmp_path):
    write(tmp_path, {"mod.py": 'import asyncio\n\n\nasync def f():\n    await asyncio.sleep(0)\n    return "aaa"\n'})
    code = warm("""
        sys.dont_write_bytecode = False
        movenext.install_import_hook(include=["mod"])
        import mod
        emit([asyncio.run(mod.f()), STATISTICS.from_cache])
        """)
    assert run_json(code, tmp_path, env=ENV) == ["aaa", 0]
    assert run_json(code, tmp_path, env=ENV) == ["aaa", 1]

    source = tmp_path / "mod.py"
    before = source.stat()
    source.write_text(source.read_text().replace('"aaa"', '"bbb"'))
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = source.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)

    assert run_json(code, tmp_path, env=ENV) == ["bbb", 0]
    [cache] = cache_files(tmp_path)
    assert header_is_valid(cache, source)  # rewritten for the new source
    assert run_json(code, tmp_path, env=ENV) == ["bbb", 1]


CORRUPTIONS = {
    "empty": lambda data: b"",
    "magic_only": lambda data: data[:4],
    "header_only": lambda data: data[:16],
    "half": lambda data: data[: len(data) // 2],
    "all_but_one_byte": lambda data: data[:-1],
    "garbage": lambda data: bytes((i * 37 + 11) % 256 for i in range(len(data))),
    "wrong_magic": lambda data: b"\x00\x00\r\n" + data[4:],
    "garbage_after_valid_header": lambda data: data[:16] + b"\xff\xfe garbage \x00" * 20,
}


def test_corrupt_cache_files_are_ignored_and_rewritten(tmp_path):
    names = sorted(CORRUPTIONS)
    write(tmp_path, {"pkg/__init__.py": ""})
    write(tmp_path, {f"pkg/m_{name}.py": MODULE for name in names})
    code = warm(f"""
        sys.dont_write_bytecode = False
        movenext.install_import_hook(include=["pkg.*"])
        names = {names!r}
        modules = [importlib.import_module("pkg.m_" + n) for n in names]
        emit({{
            "results": [asyncio.run(m.f(1)) for m in modules],
            "kinds": [kind(m.f, 0) for m in modules],
            "from_cache": STATISTICS.from_cache,
        }})
        """)
    expected_results = [[f"pkg.m_{n}", 2] for n in names]
    first = run_json(code, tmp_path, env=ENV)
    assert first == {"results": expected_results, "kinds": ["compiled"] * len(names), "from_cache": 0}

    files = {f.name.split(".")[0]: f for f in cache_files(tmp_path)}
    assert sorted(files) == [f"m_{n}" for n in names]
    for name in names:
        cache = files[f"m_{name}"]
        cache.write_bytes(CORRUPTIONS[name](cache.read_bytes()))

    assert run_json(code, tmp_path, env=ENV) == first  # nothing loaded from a damaged file
    for name in names:
        assert header_is_valid(files[f"m_{name}"], tmp_path / f"pkg/m_{name}.py"), name
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
    assert run_json(code, tmp_path, env=ENV)["from_cache"] == len(names)


def _unwritable_cache_check(tmp_path):
    code = warm("""
        sys.dont_write_bytecode = False
        movenext.install_import_hook(include=["pkg"])
        import pkg.sub
        emit([asyncio.run(pkg.sub.f(5)), kind(pkg.sub.f, 0), STATISTICS.modules, STATISTICS.from_cache])
        """)
    for _ in range(2):
        assert run_json(code, tmp_path, env=ENV) == [["pkg.sub", 10], "compiled", ["pkg", "pkg.sub"], 0]
    assert cache_files(tmp_path) == []
    assert not [p for p in tmp_path.rglob("*") if ".movenext-" in p.name]


def test_read_only_pycache_compiles_in_memory(tmp_path, chmod_is_effective):
    write(tmp_path, PACKAGE)
    pycache = tmp_path / "pkg" / "__pycache__"
    pycache.mkdir()
    pycache.chmod(0o555)
    try:
        _unwritable_cache_check(tmp_path)
        assert list(pycache.iterdir()) == []
    finally:
        pycache.chmod(0o755)


def test_pycache_that_is_a_file_compiles_in_memory(tmp_path):
    """The unwritable-location fallback, in a form root cannot write through."""
    write(tmp_path, PACKAGE)
    (tmp_path / "pkg" / "__pycache__").write_text("not a directory")
    _unwritable_cache_check(tmp_path)
    assert (tmp_path / "pkg" / "__pycache__").read_text() == "not a directory"


def test_cache_key_covers_version_and_optimization(tmp_path):
    write(tmp_path, {
        "mod.py": """
            import asyncio


            async def check():
                await asyncio.sleep(0)
                assert False, "debug build"
                return "optimized"
            """,
    })
    code = warm("""
        sys.dont_write_bytecode = False
        if sys.argv[1:] == ["other-version"]:
            import movenext.importhook
            movenext.importhook.__version__ = "999.0.0"
        movenext.install_import_hook(include=["mod"])
        import mod
        try:
            outcome = asyncio.run(mod.check())
        except AssertionError as error:
            outcome = str(error)
        emit([outcome, STATISTICS.from_cache])
        """)
    def tags():
        return sorted(f.name.split(".opt-")[1] for f in cache_files(tmp_path))

    assert run_json(code, tmp_path, env=ENV) == ["debug build", 0]
    assert len(tags()) == 1
    assert run_json(code, tmp_path, env=ENV) == ["debug build", 1]

    # Another movenext version: another file, the first one untouched.
    assert run_json(code, tmp_path, env=ENV, args=("other-version",)) == ["debug build", 0]
    assert len(tags()) == 2
    assert run_json(code, tmp_path, env=ENV, args=("other-version",)) == ["debug build", 1]

    # -O: asserts are gone, so the debug build's cache must not be used.
    assert run_json(code, tmp_path, env=ENV, flags=("-O",)) == ["optimized", 0]
    assert len(tags()) == 3
    assert run_json(code, tmp_path, env=ENV, flags=("-O",)) == ["optimized", 1]
    assert run_json(code, tmp_path, env=ENV) == ["debug build", 1]


def test_concurrent_first_imports(tmp_path):
    count = 12
    functions = "\n\n".join(
        f"async def f{i}(x):\n    for _ in range(2):\n        await asyncio.sleep(0)\n    return x + {i} + VERSION"
        for i in range(count)
    )
    source = "import asyncio\n\nVERSION = {}\n\n\n" + functions + "\n"
    write(tmp_path, {"pkg/__init__.py": "", "pkg/big.py": source.format(0)})
    code = f"COUNT = {count}\n" + warm("""
        sys.dont_write_bytecode = False
        movenext.install_import_hook(include=["pkg"])
        import pkg.big
        async def main():
            return sum([await getattr(pkg.big, f"f{i}")(1) for i in range(COUNT)])
        emit([asyncio.run(main()), kind(pkg.big.f0, 0), STATISTICS.from_cache])
        """)
    assert run_json(code, tmp_path, env=ENV) == [count + sum(range(count)), "compiled", 0]

    # Change the module: every process finds a stale cache and compiles.
    (tmp_path / "pkg" / "big.py").write_text(source.format(1000))
    from .support import PRELUDE

    program = PRELUDE + code
    processes = [
        subprocess.Popen([sys.executable, "-c", program], cwd=tmp_path, env=ENV,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(8)
    ]
    outcomes = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=120)
        outcomes.append(result(subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)))
    expected = count + sum(range(count)) + count * 1000
    assert [o[:2] for o in outcomes] == [[expected, "compiled"]] * 8

    big = [f for f in cache_files(tmp_path) if f.name.startswith("big.")]
    assert len(big) == 1
    assert header_is_valid(big[0], tmp_path / "pkg" / "big.py")
    leftovers = [p.name for p in tmp_path.rglob("*") if p.name.startswith(".movenext-") or p.name.endswith(".tmp")]
    assert leftovers == []
    assert run_json(code, tmp_path, env=ENV) == [expected, "compiled", 2]


def test_cache_file_permissions_follow_the_source_like_pyc_files(tmp_path):
    write(tmp_path, {"plain.py": MODULE, "hooked.py": MODULE})
    for name in ("plain.py", "hooked.py"):
        (tmp_path / name).chmod(0o644)
    data = run_json(
        warm("""
        os.umask(0o022)
        sys.dont_write_bytecode = False
        import plain
        movenext.install_import_hook(include=["hooked"])
        import hooked
        emit([plain.__cached__, kind(hooked.f, 0)])
        """),
        tmp_path,
        env=ENV,
    )
    native_pyc, hooked_kind = data
    assert hooked_kind == "compiled"
    [cache] = cache_files(tmp_path)
    assert stat.S_IMODE(os.stat(native_pyc).st_mode) == 0o644
    assert stat.S_IMODE(cache.stat().st_mode) == 0o644
