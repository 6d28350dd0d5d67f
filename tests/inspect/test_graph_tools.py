"""`movenext inspect --graph dot|mermaid` checked by the real tools.

* DOT goes through Graphviz's `dot -Tsvg`, which must exit 0 and warn about
  nothing; every node's label must come out in the drawing as written.
* Mermaid text goes through Mermaid 11 (its `mermaid.min.js`, loaded into
  headless chromium): `mermaid.parse` must accept it and `mermaid.render`
  must draw it, again with every label as written.

Mermaid is looked up in $MOVENEXT_MERMAID_JS, then in
~/.cache/movenext-tests/node_modules/mermaid/dist/mermaid.min.js (install it
there with `npm install --prefix ~/.cache/movenext-tests mermaid@11`).

The graphs: every compiled function of every sample, and of the programs in
tests/inspect/programs/ (labels with quotes, <, >, #, &, backslashes and
braces, very long expressions, nested functions, async generators, awaits in
finally blocks, match statements, `while True` loops, thirty states).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from movenext.inspection.graph import _nodes, node_label, to_dot, to_mermaid

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = Path(__file__).with_name("programs")
GRAPH_FILES = [*sorted((ROOT / "samples").glob("*.py")), *sorted(PROGRAMS.glob("*.py"))]
SVG = "{http://www.w3.org/2000/svg}"
WORD_JOINER = "\u2060"


def compiled_functions(inspected, path: Path):
    functions = [function for function in inspected(path).functions if function.is_compiled]
    assert functions, f"{path} has no compiled async function: the checks below would check nothing"
    return functions


def label_lines(function):
    """node -> the lines of its label, as a reader should see them."""
    return {node: node_label(function, node) for node in _nodes(function)}


def each_file(test):
    return pytest.mark.parametrize("path", GRAPH_FILES, ids=lambda path: f"{path.parent.name}/{path.stem}")(test)


# -- Graphviz ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dot(require_tool):
    found = shutil.which("dot")
    if found is None:
        require_tool("Graphviz is missing: no `dot` on PATH (apt-get install graphviz)")
    return found


def run_dot(dot, text: str, output: str = "svg") -> subprocess.CompletedProcess:
    return subprocess.run([dot, f"-T{output}"], input=text.encode(), capture_output=True, timeout=60)


def test_dot_complains_about_broken_input(dot):
    # The checks below mean something only if dot does complain.
    assert run_dot(dot, 'digraph { a [label="unclosed] }').returncode != 0
    assert b"Warning" in run_dot(dot, 'digraph { a [shape=nonsense] }').stderr


@each_file
def test_dot_draws_every_graph_without_warnings(dot, path, inspected):
    for function in compiled_functions(inspected, path):
        text = to_dot(function)
        finished = run_dot(dot, text)
        assert finished.returncode == 0, (function.qualname, finished.stderr.decode())
        assert finished.stderr == b"", (function.qualname, finished.stderr.decode())
        drawing = ElementTree.fromstring(finished.stdout)
        texts = [element.text for element in drawing.iter(f"{SVG}text")]
        for node, lines in label_lines(function).items():
            for line in lines:
                assert line in texts, (function.qualname, node, line)
        assert sum(1 for g in drawing.iter(f"{SVG}g") if g.get("class") == "edge") == len(function.edges)


# -- Mermaid -------------------------------------------------------------------------


def mermaid_script() -> Path | None:
    configured = os.environ.get("MOVENEXT_MERMAID_JS")
    if configured:
        return Path(configured)
    cached = Path.home() / ".cache/movenext-tests/node_modules/mermaid/dist/mermaid.min.js"
    return cached if cached.exists() else None


@pytest.fixture(scope="module")
def mermaid(request, require_tool):
    """A page with Mermaid loaded; `mermaid(texts)` parses and renders each."""
    script = mermaid_script()
    if script is None or not script.exists():
        require_tool("Mermaid is missing: set MOVENEXT_MERMAID_JS to mermaid 11's dist/mermaid.min.js, or "
                    "npm install --prefix ~/.cache/movenext-tests mermaid@11")
    browser = request.getfixturevalue("browser")  # only now: no browser start for a skip
    context = browser.new_context()
    context.route(lambda url: not url.startswith(("file:", "data:", "about:")), lambda route: route.abort())
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.set_content("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body></body></html>")
    page.add_script_tag(path=str(script))
    version = page.evaluate("mermaid.initialize({startOnLoad: false}) || (mermaid.version || '')")
    assert isinstance(version, str)

    def parse_and_render(texts: list[str]) -> list[dict]:
        return page.evaluate(MERMAID_CHECK, texts)

    yield parse_and_render
    assert [url for url in requests if not url.startswith(("file:", "data:", "about:"))] == []
    context.close()


# For each text: the parse error, the render error, and what the drawing's
# nodes and edge labels say.
MERMAID_CHECK = """
async (texts) => {
  const results = [];
  for (const [index, text] of texts.entries()) {
    const result = {parseError: null, renderError: null, nodes: [], edgeLabels: []};
    try {
      await mermaid.parse(text);
    } catch (error) {
      result.parseError = String(error.message || error);
    }
    try {
      const {svg} = await mermaid.render(`graph-${index}-${Date.now()}`, text);
      const drawing = document.createElement("div");  // HTML labels: parse as HTML
      drawing.innerHTML = svg;
      // Empty ones are the helpers Mermaid adds to draw a self-loop.
      const texts = (selector) => [...drawing.querySelectorAll(selector)].map((e) => e.textContent).filter(Boolean);
      result.nodes = texts("g.node");
      result.edgeLabels = texts("g.edgeLabel");
    } catch (error) {
      result.renderError = String(error.message || error);
    }
    results.push(result);
  }
  return results;
}
"""


def test_mermaid_complains_about_broken_input(mermaid):
    (broken,) = mermaid(['flowchart TD\n  a["an "unescaped" quote"]\n'])
    assert broken["parseError"] and broken["renderError"]


@each_file
def test_mermaid_parses_and_draws_every_graph(mermaid, path, inspected):
    functions = compiled_functions(inspected, path)
    results = mermaid([to_mermaid(function) for function in functions])
    for function, result in zip(functions, results):
        assert result["parseError"] is None, (function.qualname, result["parseError"])
        assert result["renderError"] is None, (function.qualname, result["renderError"])
        # A node's text is its label's lines run together (<br/> adds none);
        # the word joiners graph.py puts into `\n` are invisible.
        expected = sorted("".join(lines) for lines in label_lines(function).values())
        assert sorted(text.replace(WORD_JOINER, "") for text in result["nodes"]) == expected, function.qualname
        # Every edge's kind is on a label (a node's self-loops share one).
        named = [kind for label in result["edgeLabels"] for kind in label.split(", ")]
        assert sorted(named) == sorted(edge.kind for edge in function.edges), function.qualname


# -- for a person to look at ---------------------------------------------------------


def test_drawings_for_review(dot, mermaid, browser, artifact_dir, inspected):
    """Saves dot's and Mermaid's drawing of two graphs (a loop with a
    self-loop, and the hostile labels) to judge readability by eye."""
    chosen = [
        next(f for f in compiled_functions(inspected, ROOT / "samples" / "crawler.py") if f.qualname == "worker"),
        next(f for f in compiled_functions(inspected, PROGRAMS / "tricky.py") if f.qualname == "quotes_and_markup"),
    ]
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    saved = []
    for function in chosen:
        name = function.qualname.replace(".<locals>.", "-")
        png = artifact_dir / f"graph-dot-{name}.png"
        finished = run_dot(dot, to_dot(function), "png")
        assert finished.returncode == 0 and finished.stderr == b""
        png.write_bytes(finished.stdout)
        saved.append(png)
        (result,) = mermaid([to_mermaid(function)])
        assert result["renderError"] is None
    # Mermaid's drawing, shown on a page of its own for the screenshot.
    script = mermaid_script()
    page.set_content("<!DOCTYPE html><meta charset='utf-8'><body><pre class='mermaid'></pre></body>")
    page.add_script_tag(path=str(script))
    for function in chosen:
        name = function.qualname.replace(".<locals>.", "-")
        page.evaluate(
            """async (text) => {
                mermaid.initialize({startOnLoad: false});
                const {svg} = await mermaid.render("review", text);
                document.body.innerHTML = svg;
            }""",
            to_mermaid(function),
        )
        png = artifact_dir / f"graph-mermaid-{name}.png"
        page.locator("svg").first.screenshot(path=str(png))
        saved.append(png)
    page.close()
    print("graph drawings:", *saved)
