"""Fixtures of the inspect tests.

`inspected(path)`: `inspect_source()` of a file of this repository (named by
its path relative to the repository), computed once per test process: every
sample is inspected by several test modules, and inspecting means compiling
twice and formatting.

Fixtures for tests that look at pages in a real browser:

A test that needs a tool that is not installed is skipped, saying what is
missing -- or fails, when MOVENEXT_REQUIRE_TOOLS=1 (for a CI that installed
them: then a skip would hide that the check did not run). `tool_missing()`
does that for the other test modules.

`browser`: headless Chromium (Debian's /usr/bin/chromium, or the one named by
MOVENEXT_CHROMIUM) driven by playwright, one per test module. Playwright
never downloads a browser here: the executable is always given. A test that
asks for it is skipped, saying what is missing, when playwright or chromium
is not installed.

`page_for(path)`: opens a local file in a fresh 1280x800 tab and returns a
`LoadedPage`: the playwright page plus every request it made, the script
errors it raised and the dialogs it tried to open. Requests that would leave
the machine are refused (and still recorded), so a page that tries the
network fails its test instead of hanging.
"""

from __future__ import annotations

import functools
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from movenext.inspection.model import ModuleView, inspect_source

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_SCHEMES = ("file:", "data:")


@functools.cache
def _inspect(path: Path) -> ModuleView:
    path = Path(path).resolve()
    return inspect_source(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))


@pytest.fixture(scope="session")
def inspected():
    return _inspect


def tool_missing(reason: str):
    """Skip the test because a tool is missing, or fail it under MOVENEXT_REQUIRE_TOOLS=1."""
    if os.environ.get("MOVENEXT_REQUIRE_TOOLS", "") not in ("", "0"):
        pytest.fail(f"{reason} -- and MOVENEXT_REQUIRE_TOOLS is set", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def require_tool():
    return tool_missing


def _chromium_or_skip() -> str:
    wanted = os.environ.get("MOVENEXT_CHROMIUM", "/usr/bin/chromium")
    found = shutil.which(wanted)
    if found is None:
        tool_missing(f"chromium is missing: no executable {wanted} (apt-get install chromium, or set MOVENEXT_CHROMIUM)")
    return found


def _playwright_or_skip():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        tool_missing("playwright is missing (pip install '.[test]')")
    return sync_playwright


@pytest.fixture(scope="module")
def browser():
    sync_playwright = _playwright_or_skip()
    executable = _chromium_or_skip()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class LoadedPage:
    page: object  # playwright.sync_api.Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # uncaught script errors
    dialogs: list[str] = field(default_factory=list)  # alert(), confirm(), ... (dismissed)

    def remote_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(LOCAL_SCHEMES)]


@pytest.fixture
def page_for(browser):
    """`page_for(path, width=1280, height=800, ready="body")`: open the file
    and wait until `ready` (a CSS selector) is there."""
    contexts = []

    def open_page(path, *, width: int = 1280, height: int = 800, ready: str = "body") -> LoadedPage:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        context.route(lambda url: not url.startswith(LOCAL_SCHEMES), lambda route: route.abort())
        page = context.new_page()
        loaded = LoadedPage(page)
        page.on("request", lambda request: loaded.requests.append(request.url))
        page.on("pageerror", lambda error: loaded.errors.append(str(error)))
        page.on("dialog", lambda dialog: (loaded.dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(Path(path).resolve().as_uri())
        page.wait_for_selector(ready, state="attached")
        return loaded

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def artifact_dir() -> Path:
    """Where tests save screenshots for a person to look at:
    $MOVENEXT_TEST_ARTIFACTS if set, else artifacts/inspect/ in the checkout
    (ignored by git; CI's checkout keeps it after the run)."""
    configured = os.environ.get("MOVENEXT_TEST_ARTIFACTS")
    folder = Path(configured) if configured else ROOT / "artifacts" / "inspect"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
