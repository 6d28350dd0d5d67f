"""`movenext inspect --html`: the page, its escaping, its SVG graphs, and its
behaviour in a real browser (headless chromium, see conftest.py).

The pages come from samples/crawler.py and from tests/inspect/programs/
tour.py (an async generator, awaits in an except handler, a loop, a nested
async def, a function left native, and strings full of `</script>`, `<`,
`&` and non-ASCII text).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import pytest

from movenext.inspection.flow import DONE
from movenext.inspection.model import inspect_source, to_json
from movenext.inspection.page import highlight_lines, render_page, write_page
from movenext.inspection.svg import state_graph_svg

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
PROGRAMS = Path(__file__).with_name("programs")
CRAWLER = SAMPLES / "crawler.py"
TOUR = PROGRAMS / "tour.py"


@pytest.fixture(scope="module")
def crawler(inspected):
    return inspected(CRAWLER)


@pytest.fixture(scope="module")
def tour(inspected):
    return inspected(TOUR)


@pytest.fixture(scope="module")
def page_files(tmp_path_factory, crawler, tour):
    """The pages the browser tests open, written once per module."""
    folder = tmp_path_factory.mktemp("pages")
    files = {}
    for name, module, selected in (
        ("crawler", crawler, None),
        ("tour", tour, None),
    ):
        files[name] = folder / f"{name}.html"
        write_page(module, str(files[name]), selected)
    return files


def function_named(module, qualname):
    return next(f for f in module.functions if f.qualname == qualname)


def index_of(module, qualname):
    return next(i for i, f in enumerate(module.functions) if f.qualname == qualname)


def state_at_line(function, line):
    return next(s for s in function.states if s.line == line)


def generated_from(module, source_line):
    """Generated lines the line map sends to `source_line`."""
    return {g for g, s in enumerate(module.line_map, start=1) if s == source_line}


def span(pair):
    return set(range(pair[0], pair[1] + 1))


# -- the HTML text, without a browser ------------------------------------------------


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_page_refers_to_nothing_outside_itself(crawler, tour):
    for module in (crawler, tour):
        parser = _Elements()
        parser.feed(render_page(module))
        tags = {tag for tag, _ in parser.tags}
        assert not tags & {"link", "img", "iframe", "object", "embed", "base"}
        for tag, attributes in parser.tags:
            assert "src" not in attributes, tag
            assert "href" not in attributes, tag
    for asset in ("page.css", "page.js", "page.html"):
        text = (ROOT / "movenext" / "inspection" / "assets" / asset).read_text(encoding="utf-8")
        assert not re.search(r"https?:|@import|url\(|@font-face", text), asset


def test_hostile_text_cannot_end_the_script_elements(tour):
    text = render_page(tour)
    # Three script elements, each closed once: the JSON, the page data, the code.
    assert len(re.findall(r"<script\b", text)) == 3
    assert len(re.findall(r"</script", text, re.IGNORECASE)) == 3
    assert "<!--" not in text.split('id="inspect-data">', 1)[1].split("</script>", 1)[0]
    embedded = re.search(r'<script type="application/json" id="inspect-data">(.*?)</script>', text, re.DOTALL)
    assert json.loads(embedded.group(1)) == to_json(tour)


def test_file_names_are_escaped_in_the_markup(tmp_path):
    module = inspect_source("async def f():\n    pass\n", "<odd> & 'name'.py")
    text = render_page(module)
    assert "<odd>" not in text
    assert "&lt;odd&gt; &amp; &#x27;name&#x27;.py" in text


@pytest.mark.parametrize(
    "text",
    [
        CRAWLER.read_text(encoding="utf-8"),
        "x = 1\r\ny = '''a\rb'''\n\n\tz = 3  # tab\n",
        "s = 'caf\u00e9 \u72b6\u614b \U0001f680'\n\x0c\nlast_line_without_break",
        "",
    ],
    ids=["crawler", "line-breaks", "non-ascii", "empty"],
)
def test_highlighting_spells_every_line_exactly(text):
    expected = re.split(r"\r\n|\r|\n", text)
    if expected and expected[-1] == "":
        expected.pop()
    pieces = highlight_lines(text)
    assert ["".join(piece for _, piece in line) for line in pieces] == expected


def test_highlighting_marks_keywords_strings_and_comments():
    (line,) = highlight_lines("await f('x')  # why\n")
    assert ["k", "await"] in line
    assert ["s", "'x'"] in line
    assert ["c", "# why"] in line


# -- the SVG graphs ---------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


# Files whose graphs are checked here (every sample's graph goes through
# Graphviz and Mermaid in test_graph_tools.py; inspecting them all twice would
# double the time): the crawler, the sample with the most self-loops, and the
# test programs (thirty states, hostile labels, every construct).
GRAPH_FILES = [CRAWLER, SAMPLES / "async_iterators.py", *sorted(PROGRAMS.glob("*.py"))]


def compiled_functions(inspected, path):
    functions = [f for f in inspected(path).functions if f.is_compiled]
    assert functions, path
    return functions


def svg_of(function):
    return ElementTree.fromstring(state_graph_svg(function, "t"))


@pytest.mark.parametrize("path", GRAPH_FILES, ids=lambda path: path.stem)
def test_svg_draws_every_node_and_edge(path, inspected):
    for function in compiled_functions(inspected, path):
        check_nodes_and_edges(function)


def check_nodes_and_edges(function):
    svg = svg_of(function)
    nodes = svg.findall(f".//{SVG}g[@data-state]")
    assert [n.get("data-state") for n in nodes] == [str(s.number) for s in function.states] + [DONE]
    drawn = set()
    for group in svg.iter(f"{SVG}g"):
        if "edge" in group.get("class", "").split():
            assert group.findall(f"{SVG}path"), "an edge without a line"
            for source in group.get("data-from").split():
                drawn.add((source, group.get("data-to"), group.get("data-kind")))
    assert drawn == {(e.source, e.target, e.kind) for e in function.edges}


@pytest.mark.parametrize("path", GRAPH_FILES, ids=lambda path: path.stem)
def test_svg_nodes_are_inside_the_canvas_and_apart(path, inspected):
    for function in compiled_functions(inspected, path):
        check_geometry(function)


def check_geometry(function):
    svg = svg_of(function)
    width, height = float(svg.get("width")), float(svg.get("height"))
    boxes = []
    for rect in svg.iter(f"{SVG}rect"):
        x, y, w, h = (float(rect.get(a)) for a in ("x", "y", "width", "height"))
        assert 0 <= x and x + w <= width and 0 <= y and y + h <= height
        boxes.append((x, y, x + w, y + h))
    for first, second in zip(boxes, boxes[1:]):
        assert first[3] < second[1], "nodes overlap"
    for path in svg.iter(f"{SVG}path"):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d"))]
        assert all(-1 <= n <= max(width, height) + 1 for n in numbers)


def path_extent(path):
    """Width and height of the box around a path's coordinates (M, H, V, Q only)."""
    xs, ys, x, y = [], [], 0.0, 0.0
    for command, arguments in re.findall(r"([MHVQ])([^MHVQ]*)", path.get("d")):
        values = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", arguments)]
        if command == "H":
            x = values[-1]
        elif command == "V":
            y = values[-1]
        else:
            x, y = values[-2], values[-1]
        xs.append(x)
        ys.append(y)
    return max(xs) - min(xs), max(ys) - min(ys)


def test_self_loops_are_drawn_big_enough_to_see(crawler):
    worker = function_named(crawler, "worker")
    assert any(e.source == e.target == "3" for e in worker.edges)
    svg = svg_of(worker)
    loop = next(g for g in svg.iter(f"{SVG}g") if g.get("data-from") == "3" and g.get("data-to") == "3")
    width, height = path_extent(loop.find(f"{SVG}path"))
    assert width >= 12 and height >= 12


def test_thirty_states_stay_readable(inspected):
    module = inspected(PROGRAMS / "many_states.py")
    (function,) = module.functions
    assert len(function.states) == 31
    svg = svg_of(function)
    assert float(svg.get("width")) < 700  # one column, and few lanes beside it
    # Edges of one kind into one node share a lane: every state that may
    # raise reaches `done` along a single bus.
    raising = {e.source for e in function.edges if e.target == DONE and e.kind == "raise"}
    buses = [g for g in svg.iter(f"{SVG}g") if g.get("data-to") == DONE and g.get("data-kind") == "raise"]
    assert len(raising) > 25 and len(buses) <= 2
    assert set().union(*(g.get("data-from").split() for g in buses)) == raising


def test_node_tooltips_carry_the_full_expression(inspected):
    module = inspected(PROGRAMS / "tricky.py")
    function = function_named(module, "very_long")
    svg = svg_of(function)
    titles = [t.text for t in svg.iter(f"{SVG}title")]
    assert any(function.states[1].expression in title for title in titles)
    assert any("..." in t.text for t in svg.iter(f"{SVG}text"))  # node_label shortened it


# -- in the browser ------------------------------------------------------------------------


@pytest.fixture
def open_page(page_for, page_files):
    """Open one of the module's pages; afterwards, check it stayed offline and
    raised no script error."""
    opened = []

    def open_named(name, **options):
        loaded = page_for(page_files[name], ready="body[data-ready=true]", **options)
        opened.append(loaded)
        return loaded

    yield open_named
    for loaded in opened:
        assert loaded.remote_requests() == []
        assert loaded.errors == []
        assert loaded.dialogs == []


def classes(page, selector):
    return set(page.eval_on_selector(selector, "element => [...element.classList]"))


def lines_with(page, pane, css_class):
    return set(page.eval_on_selector_all(f"#{pane}-code .line.{css_class}",
                                         "lines => lines.map(line => Number(line.dataset.line))"))


def background(page, selector):
    return page.eval_on_selector(selector, "element => getComputedStyle(element).backgroundColor")


def selected_function(page):
    return page.eval_on_selector(".function-button[aria-pressed=true]", "b => Number(b.dataset.function)")


def visible_figure(page):
    return page.eval_on_selector("figure.graph:not([hidden])", "f => Number(f.dataset.function)")


def source_line(n):
    return f'#source-code .line[data-line="{n}"]'


def generated_line(n):
    return f'#generated-code .line[data-line="{n}"]'


def state_row(n):
    return f'#state-rows tr[data-state="{n}"]'


def graph_node(n):
    return f'figure.graph:not([hidden]) .node[data-state="{n}"]'


def test_hovering_an_await_line_lights_up_its_state(open_page, crawler):
    page = open_page("crawler").page
    fetch = function_named(crawler, "fetch")
    state = state_at_line(fetch, 74)  # await asyncio.sleep(0)
    plain = background(page, generated_line(state.generated[0]))

    page.hover(source_line(74))

    assert "is-focus" in classes(page, source_line(74))
    assert lines_with(page, "generated", "is-state") == span(state.generated)
    assert lines_with(page, "generated", "is-related") == generated_from(crawler, 74)
    assert lines_with(page, "generated", "is-resume") == {state.resume_line}
    assert "is-state" in classes(page, state_row(state.number))
    assert "is-state" in classes(page, graph_node(state.number))
    assert background(page, generated_line(state.generated[0])) != plain
    assert background(page, state_row(state.number)) != background(page, state_row(0))

    page.mouse.move(2, 2)  # away: a hover does not stick
    assert lines_with(page, "generated", "is-state") == set()
    assert "is-state" not in classes(page, state_row(state.number))


def test_hovering_a_generated_line_lights_up_its_source_line_and_state(open_page, crawler):
    page = open_page("crawler").page
    state = state_at_line(function_named(crawler, "fetch"), 74)
    inside_state = state.generated[0] + 2

    page.hover(generated_line(inside_state))

    assert lines_with(page, "source", "is-related") | lines_with(page, "source", "is-state") == {74}
    assert "is-state" in classes(page, state_row(state.number))
    assert "is-state" in classes(page, graph_node(state.number))
    assert lines_with(page, "generated", "is-state") == span(state.generated)


def test_hovering_a_row_or_a_node_lights_up_both_panes(open_page, crawler):
    page = open_page("crawler").page
    fetch = function_named(crawler, "fetch")
    for selector in (state_row(1), graph_node(1)):
        page.hover(selector)
        assert lines_with(page, "source", "is-state") == {fetch.states[1].line}
        assert lines_with(page, "generated", "is-state") == span(fetch.states[1].generated)
        assert "is-state" in classes(page, state_row(1)) and "is-state" in classes(page, graph_node(1))
        page.mouse.move(2, 2)
    edges = page.eval_on_selector_all("figure.graph:not([hidden]) .edge", "edges => edges.length")
    page.hover(graph_node(2))
    lit = page.eval_on_selector_all("figure.graph:not([hidden]) .edge.is-state", "edges => edges.length")
    assert 0 < lit < edges  # the node's own edges stand out


def in_view(page, scroller, selector):
    return page.evaluate(
        """([scroller, selector]) => {
            const box = document.getElementById(scroller).getBoundingClientRect();
            const line = document.querySelector(selector).getBoundingClientRect();
            return line.top >= box.top && line.bottom <= box.bottom;
        }""",
        [scroller, selector],
    )


def test_a_click_pins_the_highlight_and_scrolls_the_other_pane(open_page, crawler):
    page = open_page("crawler").page
    state = state_at_line(function_named(crawler, "worker"), 86)
    assert not in_view(page, "generated-scroller", generated_line(state.generated[0]))

    page.click(source_line(86))  # in worker, while fetch is selected
    page.mouse.move(2, 2)

    assert selected_function(page) == index_of(crawler, "worker")  # it follows the click
    assert lines_with(page, "generated", "is-state") == span(state.generated)
    assert in_view(page, "generated-scroller", generated_line(state.generated[0]))
    assert "source line 86" in page.text_content("#pin-status")

    page.keyboard.press("Escape")
    assert lines_with(page, "generated", "is-state") == set()
    assert page.text_content("#pin-status") == ""

    page.click(state_row(state.number))  # a row pins too; a second click lets go
    assert lines_with(page, "source", "is-state") == {86}
    page.click(state_row(state.number))
    page.mouse.move(2, 2)
    assert lines_with(page, "source", "is-state") == set()


def test_the_function_list_switches_table_and_graph(open_page, crawler):
    page = open_page("crawler").page
    assert selected_function(page) == 0 and visible_figure(page) == 0  # fetch: first compiled
    worker = index_of(crawler, "worker")
    states = function_named(crawler, "worker").states

    page.click(f'.function-button[data-function="{worker}"]')

    assert selected_function(page) == worker and visible_figure(page) == worker
    assert "_worker_StateMachine" in page.text_content("#states-title")
    numbers = page.eval_on_selector_all("#state-rows tr", "rows => rows.map(row => row.cells[0].textContent)")
    assert numbers == [str(s.number) for s in states]
    nodes = page.eval_on_selector_all("figure.graph:not([hidden]) .node", "nodes => nodes.length")
    assert nodes == len(states) + 1  # entry is state 0, plus done
    assert in_view(page, "source-scroller", source_line(82))  # worker's def is brought into view


def test_async_generator_handler_await_and_nested_function(open_page, tour):
    page = open_page("tour").page
    ticks = function_named(tour, "ticks")
    assert selected_function(page) == index_of(tour, "ticks")

    page.hover(source_line(17))  # yield f"tick ..."
    yielded = state_at_line(ticks, 17)
    assert yielded.kind == "yield"
    assert "is-state" in classes(page, state_row(yielded.number))
    assert "yield" in page.text_content(state_row(yielded.number))

    page.click(source_line(26))  # await in an except handler
    careful = function_named(tour, "careful")
    handler = state_at_line(careful, 26)
    assert selected_function(page) == index_of(tour, "careful")
    assert "is-state" in classes(page, state_row(handler.number))
    assert lines_with(page, "generated", "is-state") == span(handler.generated)
    assert "except TimeoutError" in page.text_content(state_row(handler.number))

    page.click(source_line(33))  # inside the nested async def
    assert selected_function(page) == index_of(tour, "outer.<locals>.shout")
    assert visible_figure(page) == index_of(tour, "outer.<locals>.shout")


def test_a_function_left_native_says_why(open_page, tour):
    page = open_page("tour").page
    native = index_of(tour, "introspective")
    button = f'.function-button[data-function="{native}"]'
    assert page.text_content(f"{button} .meta").startswith("left native: ")
    assert "locals()" in page.text_content(f"{button} .meta")

    page.click(button)

    assert page.is_visible("#native-note") and "locals()" in page.text_content("#native-note")
    assert page.query_selector("figure.graph:not([hidden])") is None
    assert page.is_visible("#graph-note")
    assert not page.is_visible("#state-table")


def test_hostile_source_text_shows_as_written(open_page, tour):
    loaded = open_page("tour")
    page = loaded.page
    source = TOUR.read_text(encoding="utf-8").splitlines()
    generated = tour.generated.splitlines()
    for number in (3, 4, 10, 17):  # </script>, <!--, a < b && c > d, café 状態 🚀
        assert page.text_content(f"{source_line(number)} .text") == source[number - 1]
    banner = next(n for n, text in enumerate(generated, 1) if "alert('no')" in text)
    assert page.text_content(f"{generated_line(banner)} .text") == generated[banner - 1]
    assert page.evaluate("document.scripts.length") == 3
    counts = page.evaluate("[...['source', 'generated']].map(pane => "
                           "document.querySelectorAll(`#${pane}-code .line`).length)")
    assert counts == [len(source), len(tour.line_map)]
    assert page.title() == "tests/inspect/programs/tour.py \u2014 movenext inspect"
    assert page.eval_on_selector_all(".line .text .k", "keywords => keywords.length") > 50  # highlighted


def test_the_page_never_touches_the_network(open_page, page_files):
    loaded = open_page("crawler")
    page = loaded.page
    page.hover(source_line(74))
    for button in page.query_selector_all(".function-button"):
        button.click()
    assert loaded.requests == [page_files["crawler"].resolve().as_uri()]
    assert loaded.remote_requests() == []


def test_it_fits_a_1280_by_800_window(open_page):
    page = open_page("crawler").page
    size = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    assert size == [1280, 800]  # no page scrollbars: the panes scroll
    for pane in ("source-scroller", "generated-scroller", "states-scroller", "graph-scroller"):
        box = page.eval_on_selector(f"#{pane}", "e => e.getBoundingClientRect().toJSON()")
        assert box["width"] > 400 and box["height"] > 200, pane
        assert box["right"] <= 1280 and box["bottom"] <= 800, pane
    header = page.eval_on_selector("#state-table th", "th => getComputedStyle(th).position")
    assert header == "sticky"
    # the state graph is drawn on the page, in view
    graph = page.eval_on_selector("figure.graph:not([hidden]) svg", "e => e.getBoundingClientRect().toJSON()")
    assert graph["width"] > 300 and graph["height"] > 300 and graph["top"] < 800
    assert page.is_visible(graph_node(0)) and page.is_visible(graph_node(1))


def test_a_file_without_async_functions(page_for, tmp_path):
    out = tmp_path / "plain.html"
    write_page(inspect_source("def f():\n    return 1\n", "plain.py"), str(out))
    loaded = page_for(out, ready="body[data-ready=true]")
    assert "no async functions" in loaded.page.text_content("#function-list")
    assert loaded.page.eval_on_selector_all("#source-code .line", "lines => lines.length") == 2
    assert loaded.errors == [] and loaded.remote_requests() == []


def test_the_command_writes_a_page_with_the_function_chosen(page_for, tmp_path, crawler):
    out = tmp_path / "worker.html"
    finished = subprocess.run(
        [sys.executable, "-m", "movenext", "inspect", f"{CRAWLER}:worker", "--html", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )
    assert finished.returncode == 0, finished.stderr
    assert f"wrote {out}" in finished.stderr
    loaded = page_for(out, ready="body[data-ready=true]")
    assert selected_function(loaded.page) == index_of(crawler, "worker")
    assert loaded.errors == [] and loaded.remote_requests() == []


def test_screenshots(open_page, artifact_dir):
    """Saved for a person to look at (the design is judged by eye)."""
    page = open_page("crawler").page
    page.click(source_line(74))
    page.mouse.move(2, 2)
    crawler_png = artifact_dir / "inspect-page-crawler.png"
    page.screenshot(path=str(crawler_png))
    page = open_page("tour").page
    page.hover(source_line(26))
    tour_png = artifact_dir / "inspect-page-tour.png"
    page.screenshot(path=str(tour_png))
    print(f"screenshots: {crawler_png} {tour_png}")
    assert crawler_png.stat().st_size > 10_000


@pytest.mark.parametrize("sample", sorted(path.name for path in SAMPLES.glob("*.py")))
def test_every_sample_page_loads_and_links(sample, page_for, inspected, tmp_path):
    """Each sample's page: no script error, no request, every function
    listed; hovering the source line of the first function's first and last
    states lights up that state."""
    module = inspected(SAMPLES / sample)
    out = tmp_path / f"{sample}.html"
    write_page(module, str(out))
    loaded = page_for(out, ready="body[data-ready=true]")
    page = loaded.page
    assert page.eval_on_selector_all(".function-button", "b => b.length") == len(module.functions)
    first = next(index for index, f in enumerate(module.functions) if f.is_compiled)
    function = module.functions[first]
    for state in {function.states[1].number: function.states[1], function.states[-1].number: function.states[-1]}.values():
        page.hover(source_line(state.line))
        assert "is-state" in classes(page, state_row(state.number)), (function.qualname, state.number)
        assert span(state.generated) <= lines_with(page, "generated", "is-state")
    assert loaded.errors == [] and loaded.remote_requests() == [] and loaded.dialogs == []
