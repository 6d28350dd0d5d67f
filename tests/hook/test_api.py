"""`movenext.install_import_hook(include, exclude)`: which modules it compiles,
what it leaves to the normal import system, and how errors look."""

import importlib.machinery
import shutil

import pytest

from .support import run_json, run_python, write

MODULE = """
import asyncio


async def f(x):
    await asyncio.sleep(0)
    return [__name__, 2 * x]
"""

PACKAGE = {
    "pkg/__init__.py": MODULE,
    "pkg/sub.py": MODULE,
    "pkg/other.py": MODULE,
    "pkg/deep/__init__.py": MODULE,
    "pkg/deep/leaf.py": MODULE,
    "pkg2/__init__.py": MODULE,
}
ALL = ["pkg", "pkg.deep", "pkg.deep.leaf", "pkg.other", "pkg.sub", "pkg2"]

IMPORT_ALL = """
hook = movenext.install_import_hook(include=INCLUDE, exclude=EXCLUDE)
import pkg, pkg.sub, pkg.other, pkg.deep.leaf, pkg2
names = sorted(m for m in sys.modules if m == "pkg2" or m == "pkg" or m.startswith("pkg."))
emit({
    "kinds": {m: kind(sys.modules[m].f, 1) for m in names},
    "results": {m: asyncio.run(sys.modules[m].f(21)) for m in names},
    "modules": sorted(STATISTICS.modules),
    "compiled": STATISTICS.compiled,
    "native": STATISTICS.native,
})
"""


def compiled_modules(tmp_path, include, exclude=()):
    write(tmp_path, PACKAGE)
    code = f"INCLUDE = {include!r}\nEXCLUDE = {list(exclude)!r}\n" + IMPORT_ALL
    data = run_json(code, tmp_path)
    # Compiled or not, every function behaves the same.
    assert data["results"] == {m: [m, 42] for m in ALL}
    compiled = sorted(m for m, k in data["kinds"].items() if k == "compiled")
    # What the statistics say is what really happened.
    assert data["modules"] == compiled
    assert data["compiled"] == len(compiled)
    assert data["native"] == []
    return compiled


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        (["pkg"], [], ["pkg", "pkg.deep", "pkg.deep.leaf", "pkg.other", "pkg.sub"]),
        ("pkg", [], ["pkg", "pkg.deep", "pkg.deep.leaf", "pkg.other", "pkg.sub"]),
        (["pkg.*"], [], ["pkg.deep", "pkg.deep.leaf", "pkg.other", "pkg.sub"]),
        (["pkg.sub"], [], ["pkg.sub"]),
        (["pkg.sub", "pkg2"], [], ["pkg.sub", "pkg2"]),
        (["pkg.deep"], [], ["pkg.deep", "pkg.deep.leaf"]),
        (["pkg.*.leaf"], [], ["pkg.deep.leaf"]),
        (["pk?2"], [], ["pkg2"]),
        (["pkg*"], [], ALL),
        (["pkg.[os]*"], [], ["pkg.other", "pkg.sub"]),
        (["pkg"], ["pkg.deep"], ["pkg", "pkg.other", "pkg.sub"]),
        (["pkg.*"], ["*.other"], ["pkg.deep", "pkg.deep.leaf", "pkg.sub"]),
        (["pkg.sub"], ["pkg.sub"], []),
        (["pkg", "pkg2"], ["pkg*"], []),
        (["nothing"], [], []),
    ],
)
def test_patterns_select_modules(tmp_path, include, exclude, expected):
    assert compiled_modules(tmp_path, include, exclude) == expected


def test_wildcard_pattern_ending_in_dot_star(tmp_path):
    assert compiled_modules(tmp_path, ["p?g.*"]) == ["pkg.deep", "pkg.deep.leaf", "pkg.other", "pkg.sub"]


def test_handle_is_a_context_manager_that_uninstalls(tmp_path):
    write(tmp_path, PACKAGE)
    data = run_json(
        """
        from movenext.importhook import MovenextFinder
        with movenext.install_import_hook(include=["pkg"]) as handle:
            inside = handle.finder in sys.meta_path and isinstance(sys.meta_path[0], MovenextFinder)
            import pkg.sub
        after = [type(f).__name__ for f in sys.meta_path if isinstance(f, MovenextFinder)]
        import pkg.other
        second = movenext.install_import_hook(include=["pkg2"])
        second.uninstall()
        second.uninstall()  # harmless twice
        import pkg2
        emit({
            "inside": inside,
            "after": after,
            "sub": kind(pkg.sub.f, 1),
            "other": kind(pkg.other.f, 1),
            "pkg2": kind(pkg2.f, 1),
            "modules": STATISTICS.modules,
            "result": asyncio.run(pkg.other.f(1)),
        })
        """,
        tmp_path,
    )
    assert data == {
        "inside": True,
        "after": [],
        "sub": "compiled",
        "other": "native",
        "pkg2": "native",
        "modules": ["pkg", "pkg.sub"],
        "result": ["pkg.other", 2],
    }


def test_already_imported_modules_are_not_affected(tmp_path):
    write(tmp_path, PACKAGE)
    data = run_json(
        """
        import pkg.sub
        movenext.install_import_hook(include=["pkg"])
        import pkg.sub, pkg.other
        emit([kind(pkg.sub.f, 1), kind(pkg.other.f, 1), STATISTICS.modules])
        """,
        tmp_path,
    )
    assert data == ["native", "compiled", ["pkg.other"]]


PROTECTED_SAMPLE = ["inspect", "types", "dis", "tokenize", "linecache", "weakref",
                    "movenext.positions", "movenext.cli", "movenext.errors"]


def test_protected_modules_are_never_compiled(tmp_path):
    write(tmp_path, PACKAGE)
    data = run_json(
        f"""
        import movenext.compiler, movenext.positions  # see test_include_everything_in_a_fresh_process
        movenext.install_import_hook(include=["*"])
        seen = {{}}
        for name in {PROTECTED_SAMPLE!r}:
            sys.modules.pop(name, None)
            module = importlib.import_module(name)
            seen[name] = type(module.__spec__.loader).__name__
        import pkg.sub
        emit({{"loaders": seen, "modules": STATISTICS.modules, "sub": kind(pkg.sub.f, 1)}})
        """,
        tmp_path,
    )
    # The hook is active for everything else...
    assert data["sub"] == "compiled"
    assert {"pkg", "pkg.sub"} <= set(data["modules"])
    assert not set(data["modules"]) & set(PROTECTED_SAMPLE)
    # ...but the protected modules were imported by the normal machinery.
    assert all(loader != "MovenextLoader" for loader in data["loaders"].values()), data["loaders"]


def test_include_everything_in_a_fresh_process(tmp_path):
    write(tmp_path, PACKAGE)
    process = run_python(
        """
        import sys
        sys.dont_write_bytecode = True
        import movenext
        movenext.install_import_hook(include=["*"])
        import pkg.sub
        import asyncio
        print("RESULT", asyncio.run(pkg.sub.f(2)), type(pkg.sub.f(0)).__qualname__)
        """,
        tmp_path,
        prelude=False,
    )
    assert process.returncode == 0, process.stderr
    assert process.stdout.split() == ["RESULT", "['pkg.sub',", "4]", "_f_StateMachine"]


def test_opt_out_comment(tmp_path):
    write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/skipped.py": "# movenext: skip\n" + MODULE,
        "pkg/late.py": MODULE + "\n\n# movenext: skip -- anywhere in the file\n",
        "pkg/sub.py": MODULE,
    })
    data = run_json(
        """
        movenext.install_import_hook(include=["pkg"])
        import pkg.skipped, pkg.late, pkg.sub
        emit({
            "kinds": [kind(pkg.skipped.f, 1), kind(pkg.late.f, 1), kind(pkg.sub.f, 1)],
            "results": [asyncio.run(pkg.skipped.f(1)), asyncio.run(pkg.late.f(1))],
            "modules": STATISTICS.modules,
        })
        """,
        tmp_path,
    )
    assert data == {
        "kinds": ["native", "native", "compiled"],
        "results": [["pkg.skipped", 2], ["pkg.late", 2]],
        "modules": ["pkg", "pkg.sub"],
    }


def _extension_module():
    """A small stdlib extension module file to copy, or None."""
    for name in ("_bisect", "_heapq", "_json"):
        try:
            module = __import__(name)
        except ImportError:
            continue
        path = getattr(module, "__file__", None)
        if path and path.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES)):
            return name, path
    return None


def test_namespace_extension_and_sourceless_modules_use_the_normal_import_system(tmp_path):
    write(tmp_path, {"ns/mod.py": MODULE, "extpkg/__init__.py": MODULE, "src/sless.py": MODULE})
    extension = _extension_module()
    if extension is None:
        pytest.skip("no stdlib extension module file to copy")
    name, path = extension
    suffix = next(s for s in importlib.machinery.EXTENSION_SUFFIXES if path.endswith(s))
    shutil.copy(path, tmp_path / "extpkg" / (name + suffix))
    # A sourceless module: legacy `sless.pyc` beside where the source was.
    import py_compile

    py_compile.compile(str(tmp_path / "src/sless.py"), cfile=str(tmp_path / "sless.pyc"), doraise=True)
    shutil.rmtree(tmp_path / "src")

    data = run_json(
        f"""
        movenext.install_import_hook(include=["ns", "extpkg", "sless"])
        import ns.mod, extpkg.{name} as ext, sless
        emit({{
            "ns_loader": type(ns.__spec__.loader).__name__,
            "ns_path": type(ns.__path__).__name__,
            "ns.mod": kind(ns.mod.f, 1),
            "ext_loader": type(ext.__spec__.loader).__name__,
            "ext_works": ext.__name__,
            "sless_loader": type(sless.__spec__.loader).__name__,
            "sless": kind(sless.f, 1),
            "sless_result": asyncio.run(sless.f(3)),
            "modules": sorted(STATISTICS.modules),
        }})
        """,
        tmp_path,
    )
    assert data["ns_loader"] != "MovenextLoader"
    assert data["ns_path"] == "_NamespacePath"
    assert data["ns.mod"] == "compiled"  # a source module inside a namespace package
    assert data["ext_loader"] == "ExtensionFileLoader"
    assert data["ext_works"] == f"extpkg.{name}"
    assert data["sless_loader"] == "SourcelessFileLoader"
    assert data["sless"] == "native"
    assert data["sless_result"] == ["sless", 6]
    assert data["modules"] == ["extpkg", "ns.mod"]


SYNTAX_ERRORS = {
    "parse": "x = 1\ndef f(:\n    pass\n",
    "await_in_sync": "import asyncio\n\n\nasync def ok():\n    await asyncio.sleep(0)\n\n\ndef f():\n    await ok()\n",
    "yield_from_in_async": "async def f():\n    x = 1\n    yield from [x]\n",
    "return_value_in_async_generator": "async def f():\n    await g()\n    yield 1\n    return 5\n",
    "module_level_nonlocal": "import asyncio\n\n\nasync def f():\n    await asyncio.sleep(0)\n\n\nnonlocal x\n",
    "indentation": "async def f():\n    await g()\n      return 1\n",
    "tabs": "async def f():\n    await g()\n\treturn 1\n",
    "unterminated": "async def f():\n    await g()\n    return 'abc\n",
}


def test_syntax_errors_are_the_ones_cpython_reports(tmp_path):
    write(tmp_path, {f"bad_{name}.py": source for name, source in SYNTAX_ERRORS.items()})
    data = run_json(
        f"""
        def attempt(name):
            try:
                importlib.import_module(name)
            except SyntaxError as error:
                return [type(error).__name__, error.msg, error.lineno, error.offset, error.text,
                        error.end_lineno, error.end_offset, error.filename]
            return "imported"

        names = ["bad_" + n for n in {sorted(SYNTAX_ERRORS)!r}]
        with movenext.install_import_hook(include=["bad_*"]):
            hooked = {{n: attempt(n) for n in names}}
        native = {{n: attempt(n) for n in names}}
        emit({{"hooked": hooked, "native": native, "modules": STATISTICS.modules}})
        """,
        tmp_path,
    )
    for name in SYNTAX_ERRORS:
        native = data["native"][f"bad_{name}"]
        assert native != "imported"
        assert native[-1] == str(tmp_path / f"bad_{name}.py")
        assert data["hooked"][f"bad_{name}"] == native, name


def test_refused_construct_stays_native_and_is_reported(tmp_path):
    write(tmp_path, {
        "refuse.py": """
            import asyncio


            async def peek(a):
                b = a + 1
                await asyncio.sleep(0)
                return sorted(locals())


            async def fine(a):
                await asyncio.sleep(0)
                return a * 2
            """,
    })
    data = run_json(
        """
        movenext.install_import_hook(include=["refuse"])
        import refuse
        emit({
            "results": [asyncio.run(refuse.peek(1)), asyncio.run(refuse.fine(2))],
            "kinds": [kind(refuse.peek, 1), kind(refuse.fine, 1)],
            "modules": STATISTICS.modules,
            "compiled": STATISTICS.compiled,
            "native": STATISTICS.native,
            "report": STATISTICS.report(),
        })
        """,
        tmp_path,
    )
    assert data["results"] == [["a", "b"], 4]
    assert data["kinds"] == ["native", "compiled"]
    assert data["modules"] == ["refuse"]
    assert data["compiled"] == 1
    [reason] = data["native"]
    assert reason.startswith(f"{tmp_path / 'refuse.py'}:7:")
    assert "locals()" in reason
    assert "1 async functions compiled, 1 left native" in data["report"]
    assert f"  native: {reason}" in data["report"]


def test_encoding_docstring_and_future_imports(tmp_path):
    write(tmp_path, {
        "latin.py": (
            b'# -*- coding: latin-1 -*-\n"""Module doc."""\nfrom __future__ import annotations\n'
            b"import asyncio\n\n\nasync def f(x: Undefined) -> str:\n    await asyncio.sleep(0)\n"
            b'    return "caf\xe9"\n'
        ),
        "crlf.py": b'"""CRLF doc."""\r\nimport asyncio\r\n\r\n\r\nasync def f():\r\n    await asyncio.sleep(0)\r\n    return 1\r\n',
        "bom.py": b'\xef\xbb\xbf"""BOM doc."""\nimport asyncio\nasync def f():\n    await asyncio.sleep(0)\n    return 2',
    })
    code = """
        if sys.argv[1] == "hooked":
            movenext.install_import_hook(include=["latin", "crlf", "bom"])
        import latin, crlf, bom
        emit({
            "docs": [latin.__doc__, crlf.__doc__, bom.__doc__],
            "annotations": latin.f.__annotations__,
            "results": [asyncio.run(m.f()) if m is not latin else asyncio.run(latin.f(0)) for m in (latin, crlf, bom)],
            "kinds": [kind(latin.f, 0), kind(crlf.f), kind(bom.f)],
        })
        """
    native = run_json(code, tmp_path, args=("native",))
    hooked = run_json(code, tmp_path, args=("hooked",))
    assert native["kinds"] == ["native"] * 3
    assert hooked["kinds"] == ["compiled"] * 3
    del native["kinds"], hooked["kinds"]
    assert hooked == native
    assert native["results"] == ["caf\u00e9", 1, 2]
    assert native["annotations"] == {"x": "Undefined", "return": "str"}


@pytest.mark.parametrize("pdb_first", [True, False])
def test_pdb_is_given_the_machines_variables_however_it_is_imported(tmp_path, pdb_first):
    """(What pdb then shows: test_positions.py's pdb tests.)"""
    data = run_json(
        f"""
        if {pdb_first!r}:
            import pdb
        hook = movenext.install_import_hook(include=["nothing"])
        import pdb
        emit([getattr(pdb.Pdb, "_movenext_patched", False), type(pdb.__spec__.loader).__name__,
              [type(f).__name__ for f in sys.meta_path].count("_PdbWatcher")])
        """,
        tmp_path,
    )
    assert data == [True, "SourceFileLoader", 0]


@pytest.mark.parametrize("failure", ["internal", "compile_error"])
def test_a_module_movenext_fails_on_loads_natively_and_says_why(tmp_path, failure):
    """Valid source the compiler cannot handle (a CompileError CPython does
    not share, e.g. a libcst parser gap) or an internal error: the module
    loads natively, --stats says why, an internal error also warns (its
    first line: InternalCompilerError carries the whole generated module)."""
    write(tmp_path, {"mod.py": MODULE})
    data = run_json(
        f"""
        import warnings
        import movenext.compiler
        from movenext.errors import CompileError, Diagnostic

        def broken(*args, **kwargs):
            if {failure!r} == "internal":
                raise RuntimeError("generated code does not compile\\n   1 import ...\\n   2 ...")
            raise CompileError([Diagnostic("mod.py", 3, 1, "cannot parse: a libcst gap")])

        movenext.compiler.compile_module = broken
        movenext.install_import_hook(include=["mod"])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            import mod
        emit({{
            "kind": kind(mod.f, 1),
            "result": asyncio.run(mod.f(2)),
            "warnings": [str(w.message) for w in caught],
            "skipped": STATISTICS.skipped,
            "report": STATISTICS.report().splitlines()[0],
        }})
        """,
        tmp_path,
    )
    assert (data["kind"], data["result"]) == ("native", ["mod", 4])
    assert data["report"].endswith("0 async functions compiled, 0 left native, 1 modules not compiled")
    if failure == "internal":
        assert data["skipped"] == [
            "mod: internal error in movenext: RuntimeError: generated code does not compile"
        ]
        assert data["warnings"] == [
            f"movenext: internal error compiling {tmp_path / 'mod.py'} (RuntimeError: generated code does not "
            "compile); loaded without compiling. Please report this."
        ]
    else:
        assert data["skipped"] == ["mod: movenext cannot compile it: mod.py:3:1: error: cannot parse: a libcst gap"]
        assert data["warnings"] == []
