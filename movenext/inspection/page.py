"""`movenext inspect --html`: one self-contained page for a whole file.

The page is a template (assets/page.html) with its stylesheet and script
inlined, and three things filled in by Python:

* the documented JSON form (`model.to_json`, schema movenext.inspect/1) in a
  `<script type="application/json">` element: the page's script renders the
  code panes, the function list and the state tables from it, so the page is
  also a working consumer of that format;
* syntax highlighting: Pygments' tokens for every line of the source and of
  the generated module, as `[css class, text]` pairs in a second JSON element
  (the script checks they spell the JSON's text and falls back to plain text
  if they do not);
* one state graph per compiled function as inline SVG (svg.py).

Nothing on the page is fetched: no CDN, no web fonts, no images.
"""

from __future__ import annotations

import json
import re
from html import escape
from importlib import resources
from pathlib import Path

from pygments.lexers import PythonLexer
from pygments.token import Comment, Keyword, Name, Number, Operator, String, Token, _TokenType

from .. import __version__
from .model import FunctionView, ModuleView, to_json
from .svg import EDGE_STYLE, state_graph_svg

# The token types the stylesheet colours, most specific first; any other
# token takes the class of its nearest listed ancestor, or none.
_TOKEN_CLASSES: dict[_TokenType, str] = {
    Keyword.Constant: "kc",
    Keyword: "k",
    Name.Builtin.Pseudo: "bp",
    Name.Builtin: "nb",
    Name.Function: "nf",
    Name.Class: "nc",
    Name.Decorator: "nd",
    Name.Exception: "ne",
    String.Doc: "sd",
    String.Escape: "se",
    String.Interpol: "si",
    String.Affix: "sa",
    String: "s",
    Comment: "c",
    Number: "m",
    Operator.Word: "ow",
    Operator: "o",
}

_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the page's script splits lines the same way


def write_page(module: ModuleView, path: str, selected: FunctionView | None = None) -> None:
    """Write the page for `module` to `path`; `selected` (default: the first
    compiled function) is shown first."""
    Path(path).write_text(render_page(module, selected), encoding="utf-8")


def render_page(module: ModuleView, selected: FunctionView | None = None) -> str:
    """The page's HTML text."""
    values = {
        "title": escape(f"{module.path} \u2014 movenext inspect"),
        "file": escape(module.path),
        "version": escape(__version__),
        "style": _asset("page.css"),
        "script": _script_text(_asset("page.js")),
        "legend": _legend(),
        "graphs": _graphs(module),
        "inspect_json": _json_for_script(to_json(module)),
        "page_json": _json_for_script(_page_settings(module, selected)),
    }
    return re.sub(r"\{\{(\w+)\}\}", lambda match: values[match.group(1)], _asset("page.html"))


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


def _script_text(script: str) -> str:
    # Inline script ends at the first `</script`; ours must not contain one.
    if re.search(r"</script", script, re.IGNORECASE):
        raise ValueError("assets/page.js must not contain '</script'")
    return script


def _json_for_script(value) -> str:
    """JSON that can sit inside a <script> element whatever the strings in it
    say: `<`, `>` and `&` become \\u escapes (so no `</script>` or `<!--` can
    appear), and everything else non-ASCII too, so the text survives any
    decoding of the file (JSON.parse turns the escapes back)."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _page_settings(module: ModuleView, selected: FunctionView | None) -> dict:
    return {
        "selected": _selected_index(module, selected),
        "highlight": {
            "source": highlight_lines(module.source),
            "generated": highlight_lines(module.generated),
        },
    }


def _selected_index(module: ModuleView, selected: FunctionView | None) -> int | None:
    """Position of the function to show first in module.functions."""
    if selected is not None:
        for index, function in enumerate(module.functions):
            if function is selected:
                return index
    compiled = [index for index, function in enumerate(module.functions) if function.is_compiled]
    if compiled:
        return compiled[0]
    return 0 if module.functions else None


# -- highlighting --------------------------------------------------------------------


def highlight_lines(text: str) -> list[list[list[str]]]:
    """For each line of `text` (split at \\n, \\r\\n or \\r, as the page does),
    its `[css class, text]` pieces; adjacent pieces of one class are merged."""
    if not text:
        return []
    lines: list[list[list[str]]] = [[]]
    lexer = PythonLexer(stripnl=False, ensurenl=False, tabsize=0)
    for token_type, value in lexer.get_tokens(_normalise_line_breaks(text)):
        css_class = _token_class(token_type)
        for number, piece in enumerate(value.split("\n")):
            if number:
                lines.append([])
            if piece:
                _append_piece(lines[-1], css_class, piece)
    if text.endswith(("\n", "\r")):
        lines.pop()  # the page does not show the empty line after the last break
    return lines


def _normalise_line_breaks(text: str) -> str:
    # Pygments turns \r\n and \r into \n itself; doing it first keeps the
    # line count in step with the page's own split.
    return _LINE_BREAK.sub("\n", text)


def _token_class(token_type: _TokenType) -> str:
    while token_type is not Token:
        if token_type in _TOKEN_CLASSES:
            return _TOKEN_CLASSES[token_type]
        token_type = token_type.parent
    return ""


def _append_piece(line: list[list[str]], css_class: str, text: str) -> None:
    if line and line[-1][0] == css_class:
        line[-1][1] += text
    else:
        line.append([css_class, text])


# -- graphs and legend -----------------------------------------------------------------


def _graphs(module: ModuleView) -> str:
    """A <figure> per compiled function; the script shows the selected one."""
    figures = []
    for index, function in enumerate(module.functions):
        if not function.is_compiled:
            continue
        svg = state_graph_svg(function, id_prefix=f"graph-{index}")
        figures.append(f'<figure class="graph" data-function="{index}" hidden>\n{svg}\n</figure>')
    return "\n".join(figures)


def _legend() -> str:
    """A small sample of each edge style, drawn like the graph draws it."""
    items = []
    for kind, (colour, width, dash) in EDGE_STYLE.items():
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        items.append(
            f'<li><svg width="26" height="8" aria-hidden="true"><line x1="1" y1="4" x2="25" y2="4" '
            f'stroke="{colour}" stroke-width="{width}"{dashes}/></svg>{kind}</li>'
        )
    return '<ul class="legend" aria-label="Edge kinds">' + "".join(items) + "</ul>"
