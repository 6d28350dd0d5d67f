"""The hook's bytecode cache (see the invariants in movenext/importhook.py)."""

import importlib.util
import marshal
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

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
    # A payload that unmarshals, but not into (code, int, tuple of str):
    # never handed to exec (a string would run as source).
    "payload_of_wrong_types": lambda data: data[:16] + marshal.dumps(("raise SystemExit('ran garbage')", 1, ())),
    "payload_not_a_tuple": lambda data: data[:16] + marshal.dumps(7),
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


def _unwritable_cache_check(project, prefix=(), runs=2):
    """Import a compiled package whose cache directory cannot be written:
    correct code, compiled in memory each time, nothing left behind."""
    code = warm("""
        sys.dont_write_bytecode = False
        movenext.install_import_hook(include=["pkg"])
        import pkg.sub
        emit([asyncio.run(pkg.sub.f(5)), kind(pkg.sub.f, 0), STATISTICS.modules, STATISTICS.from_cache])
        """)
    for _ in range(runs):
        assert run_json(code, project, env=ENV, prefix=prefix) == [["pkg.sub", 10], "compiled", ["pkg", "pkg.sub"], 0]
    assert cache_files(project) == []
    assert not [p for p in project.rglob("*") if p.name.endswith(".tmp")]


def _probe(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=60, env=ENV)
    except OSError as error:
        return subprocess.CompletedProcess(command, 127, "", str(error))


#: Ways to make `pkg/__pycache__` unwritable for the importing process. Root
#: writes through permission bits, so as root the test uses the others: an
#: unprivileged user (EACCES, like root-installed site-packages imported by a
#: user), a read-only bind mount in a private mount namespace (EROFS, like a
#: read-only image), an immutable directory (EPERM). Each runs wherever the
#: machine allows it and says why it cannot otherwise.
UNWRITABLE = ["chmod", "unprivileged-user", "read-only-mount", "immutable"]


@pytest.mark.parametrize("how", UNWRITABLE)
def test_unwritable_pycache_compiles_in_memory(tmp_path, how):
    if how == "chmod":
        if os.geteuid() == 0:
            pytest.skip("root writes through chmod 0o555; as root the other variants of this test run")
        write(tmp_path, PACKAGE)
        pycache = tmp_path / "pkg" / "__pycache__"
        pycache.mkdir()
        pycache.chmod(0o555)
        try:
            _unwritable_cache_check(tmp_path)
            assert list(pycache.iterdir()) == []
        finally:
            pycache.chmod(0o755)
    elif how == "unprivileged-user":
        _as_unprivileged_user()
    elif how == "read-only-mount":
        _on_read_only_mount(tmp_path)
    else:
        _in_immutable_directory(tmp_path)


def _as_unprivileged_user():
    if os.geteuid() != 0:
        pytest.skip("switching to another user needs root (this user is already unprivileged: see [chmod])")
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv (util-linux) is not installed")
    prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
    # A project the unprivileged user can read: pytest's own temporary
    # directories are private to root.
    project = Path(tempfile.mkdtemp(prefix="movenext-unwritable-"))
    try:
        project.chmod(0o755)
        write(project, PACKAGE)
        for path in [project, *project.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        (project / "pkg" / "__pycache__").mkdir(mode=0o755)
        probe = _probe([*prefix, sys.executable, "-c", "import movenext.compiler"])
        if probe.returncode != 0:
            # (e.g. the interpreter, its libpython or the virtual environment
            # lies in a directory only root may enter)
            pytest.skip(f"user nobody cannot run this interpreter with movenext: "
                        f"{(probe.stderr.strip().splitlines() or [probe.returncode])[-1]}")
        check = _probe([*prefix, sys.executable, "-c",
                        f"open({str(project / 'pkg' / '__pycache__' / 'x')!r}, 'w')"])
        assert check.returncode != 0 and "PermissionError" in check.stderr, check
        _unwritable_cache_check(project, prefix)
        assert list((project / "pkg" / "__pycache__").iterdir()) == []
    finally:
        shutil.rmtree(project, ignore_errors=True)


def _on_read_only_mount(tmp_path):
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare (util-linux) is not installed")
    write(tmp_path, PACKAGE)
    pycache = tmp_path / "pkg" / "__pycache__"
    pycache.mkdir()
    # A private mount namespace (as root, or as a user mapped to root in a
    # user namespace): the bind mount exists only for the child.
    mapping = [] if os.geteuid() == 0 else ["--map-root-user"]
    script = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && shift && exec "$@"'
    prefix = [unshare, *mapping, "--mount", "--", "sh", "-c", script, "sh", str(pycache)]
    probe = _probe([*prefix, sys.executable, "-c", f"open({str(pycache / 'x')!r}, 'w')"])
    if "Read-only file system" not in probe.stderr:
        pytest.skip(f"cannot make a read-only bind mount here: {probe.stderr.strip()[-200:]}")
    _unwritable_cache_check(tmp_path, prefix)
    assert list(pycache.iterdir()) == []


def _in_immutable_directory(tmp_path):
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("chattr (e2fsprogs) is not installed")
    write(tmp_path, PACKAGE)
    pycache = tmp_path / "pkg" / "__pycache__"
    pycache.mkdir()
    made = subprocess.run([chattr, "+i", str(pycache)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot make a directory immutable here (needs CAP_LINUX_IMMUTABLE and ext4/xfs/btrfs): "
                    f"{made.stderr.strip()}")
    try:
        with pytest.raises(PermissionError):
            (pycache / "x").write_text("")
        _unwritable_cache_check(tmp_path)
        assert list(pycache.iterdir()) == []
    finally:
        subprocess.run([chattr, "-i", str(pycache)], check=True)


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


def test_cache_key_covers_movenext_own_source_files(tmp_path):
    """An edited compiler with an unchanged version number (an editable
    install, a development checkout) does not reuse what the old one cached:
    the key includes the names, sizes and mtimes of movenext's .py files
    (here a stand-in package directory, to leave the real one alone)."""
    write(tmp_path, {"project/mod.py": MODULE, "fake_movenext/compiler/passes.py": "PASS = 1\n",
                     "fake_movenext/compiler/__pycache__/passes.cpython-311.pyc": "ignored"})
    project, fake = tmp_path / "project", tmp_path / "fake_movenext"
    code = warm(f"""
        import movenext.importhook
        movenext.importhook._PACKAGE_DIRECTORY = {str(fake)!r}
        sys.dont_write_bytecode = False
        movenext.install_import_hook(include=["mod"])
        import mod
        emit([asyncio.run(mod.f(1)), STATISTICS.from_cache])
        """)
    assert run_json(code, project, env=ENV) == [["mod", 2], 0]
    assert run_json(code, project, env=ENV) == [["mod", 2], 1]
    # Bytecode and other files of the package do not count...
    (fake / "compiler" / "__pycache__" / "passes.cpython-311.pyc").write_text("changed")
    (fake / "notes.txt").write_text("x")
    assert run_json(code, project, env=ENV) == [["mod", 2], 1]
    # ...its source files do.
    (fake / "compiler" / "passes.py").write_text("PASS = 2\n")
    assert run_json(code, project, env=ENV) == [["mod", 2], 0]
    assert run_json(code, project, env=ENV) == [["mod", 2], 1]
    (fake / "compiler" / "new.py").write_text("")
    assert run_json(code, project, env=ENV) == [["mod", 2], 0]
    assert len(cache_files(project)) == 3


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
