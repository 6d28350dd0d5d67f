"""pytest plugin: `pytest -p movenext.pytest_plugin --movenext-include PATTERN`.

Modules matching the patterns -- libraries, and test modules too when they
match -- are compiled by movenext as pytest imports them.

The hook is installed when this module is imported, because pytest imports
`-p` plugins before it parses options and before it imports conftest files
and test modules: option values would arrive too late. The patterns are
therefore read from the command line here (and from `MOVENEXT_INCLUDE`).

pytest's assertion-rewriting hook is already installed at that point; for a
test module both would want, movenext compiles it and then hands the syntax
tree (with the user's line numbers) to pytest's rewriter, so failing asserts
still explain themselves. Async tests work with pytest-asyncio, anyio's
plugin and pytest-trio because compiled functions pass
`inspect.iscoroutinefunction`.
"""

from __future__ import annotations

import sys

from .importhook import STATISTICS, MovenextLoader, install_import_hook
from .runner import patterns_from_environment

OPTION = "--movenext-include"


def _patterns_from_argv(argv: list[str]) -> list[str]:
    patterns = []
    for index, argument in enumerate(argv):
        if argument == OPTION and index + 1 < len(argv):
            patterns.append(argv[index + 1])
        elif argument.startswith(OPTION + "="):
            patterns.append(argument.split("=", 1)[1])
    return [p for pattern in patterns for p in pattern.split(",") if p]


class _PytestLoader(MovenextLoader):
    """Compiles with movenext, then lets pytest rewrite asserts when pytest
    would have rewritten this module."""

    config = None

    @property
    def transform(self):
        config = type(self).config
        if config is None:
            return None
        state = _assertion_state(config)
        hook = getattr(state, "hook", None)
        if hook is None or config.getoption("assertmode", "rewrite") != "rewrite":
            return None
        try:
            should = hook._should_rewrite(self.name, self.path, state)
        except Exception:  # pytest internals moved: do without assert messages
            return None
        if not should:
            return None
        from _pytest.assertion.rewrite import rewrite_asserts

        with open(self.path, "rb") as handle:
            source = handle.read()

        def rewrite(tree):
            rewrite_asserts(tree, source, self.path, config)
            return tree

        import pytest

        rewrite.cache_key = f"pytest-assertions-{pytest.__version__}"
        return rewrite


def _assertion_state(config):
    """pytest's AssertionState: in `config.stash` (pytest 7+) or an attribute."""
    try:
        from _pytest.assertion import assertstate_key

        return config.stash.get(assertstate_key, None)
    except (ImportError, AttributeError):
        return getattr(config, "_assertstate", None)


_PATTERNS = _patterns_from_argv(sys.argv) + patterns_from_environment()
_HOOK = install_import_hook(_PATTERNS, loader_class=_PytestLoader) if _PATTERNS else None


def pytest_addoption(parser) -> None:
    parser.addoption(
        OPTION,
        action="append",
        default=[],
        metavar="PATTERN",
        help="compile modules matching PATTERN (pkg, pkg.*, fnmatch) with movenext when imported",
    )


def pytest_configure(config) -> None:
    _PytestLoader.config = config
    given = config.getoption(OPTION.lstrip("-").replace("-", "_")) or []
    late = [p for pattern in given for p in pattern.split(",") if p and p not in _PATTERNS]
    global _HOOK
    if not late:
        return
    # Patterns from an ini file's addopts or PYTEST_ADDOPTS (not in sys.argv):
    # modules imported from here on (test modules) are compiled.
    if _HOOK is None:
        _HOOK = install_import_hook(late, loader_class=_PytestLoader)
    else:
        _HOOK.finder.matcher.include.extend(late)


def pytest_terminal_summary(terminalreporter) -> None:
    if _HOOK is not None or STATISTICS.modules:
        terminalreporter.write_line(STATISTICS.report())
