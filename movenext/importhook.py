"""The import hook: compile matching modules with movenext as they are imported.

    handle = movenext.install_import_hook(include=["myapp", "tests.*"])
    ...
    handle.uninstall()          # or: with movenext.install_import_hook(...):

A meta-path finder delegates to the normal path finder and, for source files
of modules that match the patterns, swaps in `MovenextLoader`, which compiles
with movenext (positions mapped back to the user's file, see positions.py)
and caches the bytecode.

Cache invariants: a cached file is always complete and valid (written to a
temporary file, then renamed into place); it is keyed by movenext's version,
the options that change the output, the interpreter and the optimization
level (all in the file name), and checked against the source's hash (PEP
552), never only its mtime. Anything unreadable is ignored and recompiled; a
directory that cannot be written to is skipped silently.
"""

from __future__ import annotations

import fnmatch
import functools
import importlib.machinery
import importlib.util
import marshal
import os
import re
import sys
import threading
import types
from dataclasses import dataclass, field

from . import __version__

#: A module whose source contains this comment is never compiled.
OPT_OUT_MARKER = b"# movenext: skip"

#: Modules the runtime itself needs, and movenext's own: never compiled.
PROTECTED = (
    "movenext",
    "movenext.*",
    "types",
    "inspect",
    "_collections_abc",
    "collections",
    "collections.*",
    "abc",
    "importlib",
    "importlib.*",
    "encodings",
    "encodings.*",
    "warnings",
    "weakref",
    "_weakrefset",
    "functools",
    "dis",
    "opcode",
    "gc",
    "marshal",
    "linecache",
    "tokenize",
    "traceback",
    "pdb",
    "bdb",
    "site",
    "sitecustomize",
    "libcst",
    "libcst.*",
    "black",
    "black.*",
    "click",
    "click.*",
    "_pytest",
    "_pytest.*",
    "pytest",
)

_OPTIONS_KEY = "hook1"  # bump when an option that changes the output changes

_PACKAGE_DIRECTORY = os.path.dirname(os.path.abspath(__file__))
_fingerprint: str | None = None


def _code_fingerprint() -> str:
    """Names, sizes and modification times of movenext's own source files:
    a compiler edited without a version bump (an editable install, a
    development checkout) must not reuse code an older compiler cached."""
    global _fingerprint
    if _fingerprint is None:
        entries = []
        for directory, subdirectories, files in os.walk(_PACKAGE_DIRECTORY):
            subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__")
            for name in sorted(files):
                if name.endswith(".py"):
                    path = os.path.join(directory, name)
                    try:
                        info = os.stat(path)
                    except OSError:
                        continue
                    entries.append(f"{os.path.relpath(path, _PACKAGE_DIRECTORY)}:{info.st_size}:{info.st_mtime_ns}")
        _fingerprint = importlib.util.source_hash("\n".join(entries).encode()).hex()
    return _fingerprint


_tags: dict[tuple, str] = {}


def _cache_tag(variant: str = "") -> str:
    """Alphanumeric (importlib's rule for optimization tags) and unique to
    everything that changes the compiled code."""
    parts = (__version__, _OPTIONS_KEY, sys.implementation.cache_tag, sys.flags.optimize, variant)
    tag = _tags.get(parts)
    if tag is None:
        key = "|".join(map(str, parts)) + "|" + _code_fingerprint()
        # (CPython's source hash, SipHash: 16 hex digits; hashlib costs an import.)
        tag = _tags[parts] = "movenext" + importlib.util.source_hash(key.encode()).hex()
    return tag


class ModuleMatcher:
    """`pkg` matches pkg and its submodules; `pkg.*` only the submodules;
    `*` everything. Exclusions and protected modules win."""

    def __init__(self, include, exclude=()) -> None:
        self.include = [p for p in include if p]
        self.exclude = list(exclude)

    @staticmethod
    def _matches(name: str, pattern: str) -> bool:
        if any(ch in pattern for ch in "*?["):
            if pattern.endswith(".*") and not any(ch in pattern[:-2] for ch in "*?["):
                return name.startswith(pattern[:-1])  # below a package only
            return fnmatch.fnmatchcase(name, pattern)
        return name == pattern or name.startswith(pattern + ".")

    def __call__(self, name: str) -> bool:
        # The finder asks about every import: one regular expression per
        # list of patterns (what `_matches` says for each, combined).
        if _pattern_regex(PROTECTED).fullmatch(name):
            return False
        if self.exclude and _pattern_regex(tuple(self.exclude)).fullmatch(name):
            return False
        return bool(self.include) and _pattern_regex(tuple(self.include)).fullmatch(name) is not None


@functools.lru_cache(maxsize=64)
def _pattern_regex(patterns: tuple) -> re.Pattern:
    """A regular expression that fully matches the names `_matches` accepts
    for any of `patterns`."""
    alternatives = []
    for pattern in patterns:
        if any(ch in pattern for ch in "*?["):
            if pattern.endswith(".*") and not any(ch in pattern[:-2] for ch in "*?["):
                alternatives.append(re.escape(pattern[:-1]) + ".*")
            else:
                alternatives.append(fnmatch.translate(pattern))
        else:
            alternatives.append(re.escape(pattern) + r"(?:\..*)?")
    if not alternatives:
        return re.compile(r"(?!)")
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.DOTALL)


@dataclass
class Statistics:
    """What the hook did, for `movenext run --stats` and tests."""

    modules: list[str] = field(default_factory=list)
    compiled: int = 0  # async functions compiled to state machines
    native: list[str] = field(default_factory=list)  # left native, with why
    from_cache: int = 0
    #: Matching modules loaded as they are, with why (`# movenext: skip`,
    #: movenext cannot compile them).
    skipped: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, module: str, compiled: int, refused: list[str], cached: bool) -> None:
        with self.lock:
            self.modules.append(module)
            self.compiled += compiled
            self.native.extend(refused)
            self.from_cache += cached

    def record_skipped(self, module: str, why: str) -> None:
        with self.lock:
            self.skipped.append(f"{module}: {why}")

    def report(self) -> str:
        lines = [
            f"movenext: {len(self.modules)} modules through the hook "
            f"({self.from_cache} from cache), {self.compiled} async functions compiled, "
            f"{len(self.native)} left native"
            + (f", {len(self.skipped)} modules not compiled" if self.skipped else "")
        ]
        lines.extend(f"  native: {reason}" for reason in self.native)
        lines.extend(f"  module not compiled: {reason}" for reason in self.skipped)
        return "\n".join(lines)


STATISTICS = Statistics()


class MovenextLoader(importlib.machinery.SourceFileLoader):
    """A source loader that compiles with movenext and caches the result."""

    #: AST transform applied before compiling (the pytest plugin sets it to
    #: pytest's assertion rewriting for test modules).
    transform = None

    def get_code(self, fullname):
        path = self.get_filename(fullname)
        source = self.get_data(path)
        if OPT_OUT_MARKER in source:
            STATISTICS.record_skipped(fullname, "it contains `# movenext: skip`")
            return super().source_to_code(source, path)
        transform = self.transform
        # A transform changes the code: its own cache files (named by its key).
        cache = _cache_path(path, "" if transform is None else getattr(transform, "cache_key", "transform"))
        source_hash = importlib.util.source_hash(source)
        if cache is not None:
            loaded = _read_cache(cache, source_hash)
            if loaded is not None:
                code, compiled, refused = loaded
                STATISTICS.record(fullname, compiled, refused, True)
                return code
        try:
            code, compiled, refused = compile_module_code(source, path, transform)
        except NotCompiled as why:
            # Source movenext cannot handle is loaded natively and reported.
            STATISTICS.record_skipped(fullname, str(why))
            return why.native_code(source, path, transform)
        except Rejected as why:
            code, rejected = None, str(why)
        if code is None:
            # CPython's own loader raises its own error (outside any handler,
            # so nothing of movenext's is chained to it), or loads the module
            # natively if it accepts what movenext could not even decode.
            code = super().source_to_code(source, path)
            STATISTICS.record_skipped(fullname, rejected)
            return code
        STATISTICS.record(fullname, compiled, refused, False)
        if cache is not None and not sys.dont_write_bytecode:
            _write_cache(cache, source_hash, (code, compiled, refused), _cache_mode(path))
        return code


class _Compiling(threading.local):
    active = False


_COMPILING = _Compiling()


class Rejected(Exception):
    """CPython rejects the source (compiling it natively raises its error),
    or movenext cannot decode it (CPython decides)."""


class NotCompiled(Exception):
    """movenext did not compile a module that CPython accepts; the message
    says why. `native_code()` compiles it as CPython would."""

    @staticmethod
    def native_code(source: bytes, path: str, transform=None):
        if transform is None:
            return compile(source, path, "exec", dont_inherit=True)
        import ast

        tree = ast.parse(source, path)
        return compile(transform(tree), path, "exec", dont_inherit=True)


def compile_module_code(source: bytes, path: str, transform=None):
    """(code, functions compiled, reasons for functions left native).

    Source CPython rejects raises Rejected (compile it natively to get
    CPython's error); source movenext cannot compile although CPython
    accepts it raises NotCompiled."""
    outer = _COMPILING.active
    _COMPILING.active = True
    failure = None
    try:
        from .compiler import compile_module
        from .errors import CompileError
        from .positions import code_for_module

        try:
            text = importlib.util.decode_source(source)
        except (UnicodeDecodeError, SyntaxError, LookupError) as error:
            # (CPython's compile() of bytes does not decode comments: it may
            # accept a file `python FILE` rejects.)
            raise Rejected(f"movenext cannot decode it: {error}") from None
        try:
            result = compile_module(text, path, format=False, keep_refused=True, line_map=True)
            code = code_for_module(result, text, path, transform=transform)
        except Exception as error:  # noqa: BLE001 - judged below, outside this handler
            failure = error
    finally:
        _COMPILING.active = outer
    if failure is not None:
        # CPython's verdict first: invalid source must fail exactly as it
        # does without the hook.
        try:
            compile(source, path, "exec", dont_inherit=True)
        except (SyntaxError, ValueError):
            raise Rejected("CPython rejects it") from None
        if isinstance(failure, CompileError):
            raise NotCompiled(f"movenext cannot compile it: {failure}")
        import warnings

        # (Its first line: an InternalCompilerError goes on with the whole
        # generated module.)
        what = f"{type(failure).__name__}: {(str(failure).splitlines() or [''])[0]}"
        warnings.warn(
            f"movenext: internal error compiling {path} ({what}); loaded without compiling. Please report this.",
            RuntimeWarning,
            stacklevel=2,
        )
        raise NotCompiled(f"internal error in movenext: {what}")
    refused = [str(d) for d in result.refused]
    return code, len(result.functions), refused


def _cache_path(source_path: str, variant: str = "") -> str | None:
    try:
        return importlib.util.cache_from_source(source_path, optimization=_cache_tag(variant))
    except (NotImplementedError, ValueError):
        return None


_FLAGS_CHECKED_HASH = 0b11


def _read_cache(path: str, source_hash: bytes):
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    if len(data) < 16 or data[:4] != importlib.util.MAGIC_NUMBER:
        return None
    if int.from_bytes(data[4:8], "little") != _FLAGS_CHECKED_HASH or data[8:16] != source_hash:
        return None
    try:
        code, compiled, refused = marshal.loads(data[16:])
    except (EOFError, ValueError, TypeError):
        return None
    if not (
        isinstance(code, types.CodeType)
        and type(compiled) is int
        and type(refused) is tuple
        and all(type(reason) is str for reason in refused)
    ):
        return None  # garbage that happens to unmarshal
    return code, compiled, list(refused)


def _cache_mode(source_path: str) -> int:
    """Permissions for a cache file: its source's, writable by its owner (as
    CPython gives .pyc files)."""
    try:
        return (os.stat(source_path).st_mode | 0o200) & 0o666
    except OSError:
        return 0o666


def _write_cache(path: str, source_hash: bytes, payload, mode: int = 0o644) -> None:
    data = (
        importlib.util.MAGIC_NUMBER
        + _FLAGS_CHECKED_HASH.to_bytes(4, "little")
        + source_hash
        + marshal.dumps((payload[0], payload[1], tuple(payload[2])))
    )
    directory = os.path.dirname(path)
    # Like importlib's _write_atomic: a unique temporary created with the
    # final permissions (the umask applies), then renamed into place.
    temporary = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        os.makedirs(directory, exist_ok=True)
        handle = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, mode & 0o666)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            raise
    except OSError:
        pass  # read-only location: compile in memory next time too


class MovenextFinder:
    """A meta-path finder (importlib's protocol: find_spec, invalidate_caches)."""

    def __init__(self, matcher: ModuleMatcher, loader_class=MovenextLoader) -> None:
        self.matcher = matcher
        self.loader_class = loader_class

    def find_spec(self, fullname, path=None, target=None):
        if _COMPILING.active or not self.matcher(fullname):
            # Modules the compiler imports while it compiles load natively:
            # compiling them would re-enter a half-imported compiler.
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or not isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            return None
        spec.loader = self.loader_class(fullname, spec.origin)
        return spec

    def invalidate_caches(self) -> None:
        importlib.machinery.PathFinder.invalidate_caches()


class ImportHook:
    """The installed hook; a context manager that uninstalls it."""

    def __init__(self, finder: MovenextFinder) -> None:
        self.finder = finder

    def uninstall(self) -> None:
        if self.finder in sys.meta_path:
            sys.meta_path.remove(self.finder)

    def __enter__(self) -> ImportHook:
        return self

    def __exit__(self, *exc) -> None:
        self.uninstall()


def install_import_hook(include, exclude=(), *, loader_class=MovenextLoader) -> ImportHook:
    """Compile modules matching `include` (and not `exclude`) on import.

    Patterns are module names: `pkg` (pkg and below), `pkg.*` (below only),
    shell wildcards. Modules already imported are not affected."""
    if isinstance(include, str):
        include = [include]
    if isinstance(exclude, str):
        exclude = [exclude]
    from . import debugging

    debugging.watch()  # pdb's `p name` sees variables kept in fields
    finder = MovenextFinder(ModuleMatcher(list(include), list(exclude)), loader_class)
    sys.meta_path.insert(0, finder)
    return ImportHook(finder)
