"""The state graph as Graphviz DOT or Mermaid text.

Nodes: `entry` (the first move_next() call), one per state, `done`. Edges and
their kinds are computed in `flow.py`; both formats draw the kinds the same
way: exceptions dashed, loops bold, the way out to `done` in grey.
"""

from __future__ import annotations

from .flow import DONE, ENTRY
from .model import FunctionView

_DOT_STYLE = {
    "next": "",
    "loop": ', style=bold, color="#1f6feb"',
    "exception": ', style=dashed, color="#cf222e"',
    "finally": ', style=dashed, color="#9a6700"',
    "return": ', color="#57606a"',
    "raise": ', style=dashed, color="#57606a"',
}
_MERMAID_ARROW = {
    "next": "-->",
    "loop": "==>",
    "exception": "-.->",
    "finally": "-.->",
    "return": "-->",
    "raise": "-.->",
}


def node_label(function: FunctionView, node: str) -> list[str]:
    """The lines of a node's label."""
    if node == DONE:
        return ["done"]
    state = function.states[0 if node == ENTRY else int(node)]
    if node == ENTRY:
        return ["entry", f"line {state.line}: start"]
    what = f"{state.kind} {state.expression}".strip()
    if len(what) > 48:
        what = what[:45] + "..."
    return [f"state {state.number}", f"line {state.line}: {what}"]


def _nodes(function: FunctionView) -> list[str]:
    return [ENTRY, *(str(s.number) for s in function.states[1:]), DONE]


def _dot_text(text: str) -> str:
    """`text` inside a quoted DOT string, shown as written: Graphviz reads
    backslash escapes (\\n, \\l, ...) and HTML entities (`&lt;`) there."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")


def to_dot(function: FunctionView) -> str:
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    def identifier(node: str) -> str:
        return node if node in (ENTRY, DONE) else f"s{node}"

    lines = [
        f"digraph {quote(function.qualname)} {{",
        "  rankdir=TB;",
        '  node [shape=box, style="rounded", fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for node in _nodes(function):
        label = "\\n".join(_dot_text(part) for part in node_label(function, node))
        shape = ", shape=oval" if node in (ENTRY, DONE) else ""
        lines.append(f'  {identifier(node)} [label="{label}"{shape}];')
    for edge in function.edges:
        style = _DOT_STYLE[edge.kind]
        lines.append(f"  {identifier(edge.source)} -> {identifier(edge.target)} [label={quote(edge.kind)}{style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(function: FunctionView) -> str:
    def escape(text: str) -> str:
        # Mermaid's entity codes: the label stays one quoted string and shows
        # as written (Mermaid would read `&lt;` as an entity). `#` first: the
        # codes themselves start with it. Mermaid turns a backslash and an `n`
        # into a line break even when the backslash is an entity, so an
        # invisible word joiner (U+2060) goes between them.
        return (
            text.replace("#", "#35;")
            .replace('"', "#quot;")
            .replace("<", "#lt;")
            .replace(">", "#gt;")
            .replace("&", "#amp;")
            .replace("\\", "#92;")
            .replace("#92;n", "#92;#8288;n")
        )

    def identifier(node: str) -> str:
        return node if node in (ENTRY, DONE) else f"s{node}"

    lines = ["flowchart TD"]
    for node in _nodes(function):
        label = "<br/>".join(escape(part) for part in node_label(function, node))
        if node in (ENTRY, DONE):
            lines.append(f'  {identifier(node)}(["{label}"])')
        else:
            lines.append(f'  {identifier(node)}["{label}"]')
    for source, target, kinds in _mermaid_edges(function):
        arrow = _MERMAID_ARROW[kinds[0]]
        lines.append(f"  {identifier(source)} {arrow}|{', '.join(kinds)}| {identifier(target)}")
    return "\n".join(lines) + "\n"


def _mermaid_edges(function: FunctionView) -> list[tuple[str, str, list[str]]]:
    """(source, target, kinds) of each edge to draw. Mermaid draws only one
    self-loop per node (the others vanish), so the self-loops of a node
    become one edge naming all their kinds, drawn in the first kind's style."""
    drawn: list[tuple[str, str, list[str]]] = []
    self_loops: dict[str, list[str]] = {}
    for edge in function.edges:
        if edge.source != edge.target:
            drawn.append((edge.source, edge.target, [edge.kind]))
        elif edge.source in self_loops:
            self_loops[edge.source].append(edge.kind)
        else:
            self_loops[edge.source] = [edge.kind]
            drawn.append((edge.source, edge.target, self_loops[edge.source]))
    return drawn
