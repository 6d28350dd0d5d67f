"""The state graph as inline SVG, laid out here (no Graphviz or Mermaid needed
to build the page).

The layout is deliberately simple, so that a reader can predict it:

* the nodes form one column in state order: `entry` at the top, then states
  1, 2, ..., and `done` at the bottom;
* an edge between neighbours in that column is a short straight arrow;
* a longer edge going down (forward) runs in a lane on the right of the
  column, an edge going back up (a loop) in a lane on the left; a state that
  can follow itself gets a small loop on the left;
* edges of one kind into one node share a lane (a "bus"), so twenty states
  that may raise do not need twenty lanes to reach `done`;
* lanes are handed out shortest edge first, so short edges stay close to the
  column and long ones wrap around them instead of crossing them.

Styles follow graph.py: exceptions dashed red, loops bold blue, finally
dashed amber, the ways out (return, raise) grey. The SVG carries its own
styling as attributes, and classes and data-* attributes for the page's
script (`data-state` on nodes, `data-from`/`data-to` on edges).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from .flow import DONE, ENTRY
from .graph import node_label
from .model import FunctionView

# Sizes in px. Text is monospace, so its width can be estimated from its length.
FONT_SIZE = 11
LABEL_FONT_SIZE = 9.5
CHAR_WIDTH = 0.62  # of the font size: monospace advance, slightly generous
LINE_HEIGHT = 14
NODE_HEIGHT = 40
NODE_PADDING = 12  # text to node border
MIN_NODE_WIDTH = 120
ROW_GAP = 34  # between two nodes of the column
LANE_START = 16  # from the column to the first lane
LANE_GAP = 16  # between lanes
PORT_INSET = 7  # edges attach to a node's side this far from its corners
CORNER = 6  # radius of the bends
MARGIN = 10
NEIGHBOUR_SPREAD = 70  # between parallel arrows from a node to the next one

# kind: (colour, stroke width, dash pattern); see graph._DOT_STYLE.
EDGE_STYLE = {
    "next": ("#24292f", 1.3, ""),
    "loop": ("#1f6feb", 2.4, ""),
    "exception": ("#cf222e", 1.4, "5 3"),
    "finally": ("#9a6700", 1.4, "5 3"),
    "return": ("#57606a", 1.3, ""),
    "raise": ("#57606a", 1.3, "5 3"),
}
UNLABELLED_KINDS = {"next"}  # the plain arrow; the legend says what it means


@dataclass
class _Node:
    name: str  # ENTRY, a state number or DONE
    index: int  # position in the column
    lines: list[str]
    title: str  # the tooltip: the label without truncation
    x: float = 0.0
    y: float = 0.0  # top
    width: float = 0.0

    @property
    def bottom(self) -> float:
        return self.y + NODE_HEIGHT

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass
class _Bundle:
    """Edges of one kind into one node that travel along one lane."""

    side: str  # "left" (going up) or "right" (going down)
    target: str
    kind: str
    sources: list[str]
    lane: int = 0
    source_ports: dict[str, float] = field(default_factory=dict)  # source -> y
    target_port: float = 0.0

    @property
    def is_self_loop(self) -> bool:
        return self.sources == [self.target]

    def extent(self) -> tuple[float, float]:
        """The y range its lane is busy."""
        ys = [*self.source_ports.values(), self.target_port]
        return min(ys), max(ys)


@dataclass
class _Layout:
    nodes: dict[str, _Node]
    neighbour_edges: list[tuple[str, str, str, float]]  # source, target, kind, x
    bundles: list[_Bundle]
    width: float
    height: float


# -- entry point -----------------------------------------------------------------


def state_graph_svg(function: FunctionView, id_prefix: str) -> str:
    """The state graph of a compiled function as an `<svg>` element.
    `id_prefix` keeps the ids of its arrowheads unique within a page."""
    layout = _lay_out(function)
    return _render(function, layout, id_prefix)


# -- layout ------------------------------------------------------------------------


def _lay_out(function: FunctionView) -> _Layout:
    nodes = _column(function)
    order = {name: node.index for name, node in nodes.items()}
    neighbours, bundles = _route_edges(function, order)
    _assign_ports(bundles, order)
    left_lanes = _assign_lanes([b for b in bundles if b.side == "left"], nodes)
    right_lanes = _assign_lanes([b for b in bundles if b.side == "right"], nodes)
    left_room = _lane_room(left_lanes, [b for b in bundles if b.side == "left"])
    right_room = _lane_room(right_lanes, [b for b in bundles if b.side == "right"])
    node_width = max(MIN_NODE_WIDTH, max(_text_width(line, FONT_SIZE) for n in nodes.values() for line in n.lines)
                     + 2 * NODE_PADDING)
    for node in nodes.values():
        node.x = MARGIN + left_room
        node.width = node_width
    # The port offsets computed above are relative to each node's top.
    for bundle in bundles:
        bundle.target_port += nodes[bundle.target].y
        bundle.source_ports = {s: y + nodes[s].y for s, y in bundle.source_ports.items()}
    neighbour_edges = _spread_neighbour_edges(neighbours, nodes)
    width = MARGIN + left_room + node_width + right_room + MARGIN
    height = 2 * MARGIN + len(nodes) * NODE_HEIGHT + (len(nodes) - 1) * ROW_GAP
    return _Layout(nodes, neighbour_edges, bundles, width, height)


def _column(function: FunctionView) -> dict[str, _Node]:
    names = [ENTRY, *(str(state.number) for state in function.states[1:]), DONE]
    nodes = {}
    for index, name in enumerate(names):
        lines = node_label(function, name)
        y = MARGIN + index * (NODE_HEIGHT + ROW_GAP)
        nodes[name] = _Node(name, index, lines, _node_title(function, name), y=y)
    return nodes


def _node_title(function: FunctionView, name: str) -> str:
    if name == DONE:
        return "done: the coroutine has returned or raised"
    state = function.states[0 if name == ENTRY else int(name)]
    if name == ENTRY:
        heading = f"entry (state 0): the first move_next() call, line {state.line}"
    else:
        heading = f"state {state.number}, line {state.line}: {state.kind} {state.expression}".rstrip()
    saved = ", ".join(state.saved) or "nothing"
    return f"{heading}\nsaved: {saved}"


def _route_edges(function: FunctionView, order: dict[str, int]):
    """Split the edges into arrows between neighbours and lane bundles."""
    neighbours: list[tuple[str, str, str]] = []
    bundles: dict[tuple, _Bundle] = {}
    for edge in function.edges:
        source, target = order[edge.source], order[edge.target]
        if target == source + 1:
            neighbours.append((edge.source, edge.target, edge.kind))
            continue
        if target == source:
            key = ("self", edge.source, edge.kind)  # a self-loop never shares its lane
            side = "left"
        else:
            side = "right" if target > source else "left"
            key = (side, edge.target, edge.kind)
        bundle = bundles.setdefault(key, _Bundle(side, edge.target, edge.kind, []))
        bundle.sources.append(edge.source)
    return neighbours, list(bundles.values())


def _assign_ports(bundles: list[_Bundle], order: dict[str, int]) -> None:
    """Where each bundle meets each node's side, as an offset from the node's
    top. Along a side, edges to nodes above come first (nearest first), a
    self-loop sits in the middle, edges to nodes below come last (nearest
    last): that way a lane's horizontal run never cuts through a lane nearer
    the column."""
    sides: dict[tuple[str, str], list[tuple]] = {}
    for bundle in bundles:
        if bundle.is_self_loop:
            attach = sides.setdefault((bundle.target, bundle.side), [])
            attach.append(((1, 0), bundle, "target"))
            attach.append(((1, 1), bundle, bundle.target))  # leaves below, enters above
            continue
        far = max(abs(order[s] - order[bundle.target]) for s in bundle.sources)
        target_above = order[bundle.sources[0]] < order[bundle.target]  # the others are above it
        attach = sides.setdefault((bundle.target, bundle.side), [])
        attach.append(((0, far) if target_above else (2, -far), bundle, "target"))
        for source in bundle.sources:
            span = abs(order[source] - order[bundle.target])
            above = order[bundle.target] < order[source]
            attach = sides.setdefault((source, bundle.side), [])
            attach.append(((0, span) if above else (2, -span), bundle, source))
    for attachments in sides.values():
        attachments.sort(key=lambda item: (item[0], item[1].kind, item[1].target, str(item[2])))
        for (_, bundle, role), y in zip(attachments, _port_offsets(len(attachments))):
            if role == "target":
                bundle.target_port = y
            else:
                bundle.source_ports[role] = y


def _port_offsets(count: int) -> list[float]:
    """`count` evenly spaced offsets along a node's side, as far apart as the
    corners allow (a lone edge meets the middle)."""
    if count == 1:
        return [NODE_HEIGHT / 2]
    usable = NODE_HEIGHT - 2 * PORT_INSET
    return [PORT_INSET + usable * position / (count - 1) for position in range(count)]


def _assign_lanes(bundles: list[_Bundle], nodes: dict[str, _Node]) -> int:
    """Give each bundle the lane nearest the column that is free along its
    whole extent, shortest bundles first. Returns the number of lanes."""

    def absolute_extent(bundle: _Bundle) -> tuple[float, float]:
        ys = [nodes[s].y + y for s, y in bundle.source_ports.items()]
        ys.append(nodes[bundle.target].y + bundle.target_port)
        return min(ys), max(ys)

    busy: list[list[tuple[float, float]]] = []
    for bundle in sorted(bundles, key=lambda b: (_length(absolute_extent(b)), b.kind, b.target)):
        low, high = absolute_extent(bundle)
        for lane, taken in enumerate(busy):
            if all(high + CORNER < start or low - CORNER > end for start, end in taken):
                bundle.lane = lane
                taken.append((low, high))
                break
        else:
            bundle.lane = len(busy)
            busy.append([(low, high)])
    return len(busy)


def _length(extent: tuple[float, float]) -> float:
    return extent[1] - extent[0]


def _lane_room(lanes: int, bundles: list[_Bundle]) -> float:
    """Width beside the column for `lanes` lanes and the labels outside them."""
    if not lanes:
        return 0.0
    widest_label = max((_text_width(b.kind, LABEL_FONT_SIZE) for b in bundles if b.kind not in UNLABELLED_KINDS),
                       default=0.0)
    return LANE_START + (lanes - 1) * LANE_GAP + 4 + widest_label


def _spread_neighbour_edges(neighbours, nodes: dict[str, _Node]) -> list[tuple[str, str, str, float]]:
    """Parallel arrows between the same two neighbours, side by side."""
    by_pair: dict[tuple[str, str], list[str]] = {}
    for source, target, kind in neighbours:
        by_pair.setdefault((source, target), []).append(kind)
    placed = []
    for (source, target), kinds in by_pair.items():
        centre = nodes[source].centre
        for position, kind in enumerate(kinds):
            offset = (position - (len(kinds) - 1) / 2) * NEIGHBOUR_SPREAD
            placed.append((source, target, kind, centre + offset))
    return placed


def _text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR_WIDTH


# -- drawing -----------------------------------------------------------------------


def _render(function: FunctionView, layout: _Layout, prefix: str) -> str:
    width, height = round(layout.width), round(layout.height)
    label = f"State graph of {function.qualname}"
    parts = [
        f'<svg class="state-graph" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" '
        f'font-family="ui-monospace, \'DejaVu Sans Mono\', Menlo, Consolas, monospace">',
        _markers(prefix),
    ]
    labels = _LabelPlacer(layout.nodes.values())
    edges = [_bundle_svg(b, layout, prefix, labels) for b in layout.bundles]
    edges += [_neighbour_svg(edge, layout.nodes, prefix, labels) for edge in layout.neighbour_edges]
    parts.append('<g class="edges">' + "".join(edges) + "</g>")
    parts.append('<g class="nodes">' + "".join(_node_svg(n) for n in layout.nodes.values()) + "</g>")
    parts.append('<g class="edge-labels">' + "".join(labels.svg) + "</g>")
    parts.append("</svg>")
    return "\n".join(parts)


def _markers(prefix: str) -> str:
    """One arrowhead per edge kind (a marker cannot take its path's colour
    in every browser, so each colour gets its own)."""
    markers = []
    for kind, (colour, _, _) in EDGE_STYLE.items():
        markers.append(
            f'<marker id="{prefix}-arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" '
            f'markerHeight="8" markerUnits="userSpaceOnUse" orient="auto">'
            f'<path d="M0,1 L10,5 L0,9 z" fill="{colour}"/></marker>'
        )
    return "<defs>" + "".join(markers) + "</defs>"


def _stroke(kind: str) -> str:
    colour, width, dash = EDGE_STYLE[kind]
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return f'fill="none" stroke="{colour}" stroke-width="{width}"{dashes}'


def _edge_group(kind: str, sources: list[str], target: str, title: str, body: str) -> str:
    return (
        f'<g class="edge kind-{kind}" data-kind="{kind}" data-from="{" ".join(sources)}" data-to="{target}">'
        f"<title>{escape(title)}</title>{body}</g>"
    )


def _edge_title(sources: list[str], target: str, kind: str) -> str:
    names = ", ".join(_node_name(s) for s in sources)
    return f"{names} \u2192 {_node_name(target)} ({kind})"


def _node_name(name: str) -> str:
    return name if name in (ENTRY, DONE) else f"state {name}"


def _neighbour_svg(edge, nodes: dict[str, _Node], prefix: str, labels: _LabelPlacer) -> str:
    source, target, kind, x = edge
    top, bottom = nodes[source].bottom, nodes[target].y
    path = f'<path d="M{x:.1f},{top:.1f} V{bottom - 1:.1f}" {_stroke(kind)} marker-end="url(#{prefix}-arrow-{kind})"/>'
    if kind not in UNLABELLED_KINDS:
        labels.place(kind, x + 4, (top + bottom) / 2, "start", low=top + 6, high=bottom - 6,
                     sources=[source], target=target)
    return _edge_group(kind, [source], target, _edge_title([source], target, kind), path)


def _lane_x(bundle: _Bundle, layout: _Layout) -> float:
    node = next(iter(layout.nodes.values()))
    distance = LANE_START + bundle.lane * LANE_GAP
    return node.x - distance if bundle.side == "left" else node.x + node.width + distance


def _bundle_svg(bundle: _Bundle, layout: _Layout, prefix: str, labels: _LabelPlacer) -> str:
    x = _lane_x(bundle, layout)
    any_node = next(iter(layout.nodes.values()))
    side_x = any_node.x if bundle.side == "left" else any_node.x + any_node.width
    arrow = f'marker-end="url(#{prefix}-arrow-{bundle.kind})"'
    if bundle.is_self_loop:
        body = f'<path d="{_self_loop_path(side_x, x, bundle)}" {_stroke(bundle.kind)} {arrow}/>'
        low, high = bundle.extent()
        labels.place(bundle.kind, x - 3, (low + high) / 2, "end", low=low, high=high,
                     sources=bundle.sources, target=bundle.target)
        return _edge_group(bundle.kind, bundle.sources, bundle.target,
                           _edge_title(bundle.sources, bundle.target, bundle.kind), body)
    going_down = bundle.side == "right"
    target_y = bundle.target_port
    # The trunk: from the farthest source's bend to the target.
    far_y = max(bundle.source_ports.values()) if not going_down else min(bundle.source_ports.values())
    step = CORNER if going_down else -CORNER
    outward = 1 if bundle.side == "right" else -1
    trunk = (
        f"M{x:.1f},{far_y + step:.1f} V{target_y - step:.1f} "
        f"Q{x:.1f},{target_y:.1f} {x - outward * CORNER:.1f},{target_y:.1f} H{side_x + outward * 1:.1f}"
    )
    paths = [f'<path d="{trunk}" {_stroke(bundle.kind)} {arrow}/>']
    for source_y in bundle.source_ports.values():
        stub = (
            f"M{side_x:.1f},{source_y:.1f} H{x - outward * CORNER:.1f} "
            f"Q{x:.1f},{source_y:.1f} {x:.1f},{source_y + step:.1f}"
        )
        paths.append(f'<path d="{stub}" {_stroke(bundle.kind)}/>')
    if bundle.kind not in UNLABELLED_KINDS:
        low, high = bundle.extent()
        anchor, label_x = ("start", x + 3) if going_down else ("end", x - 3)
        labels.place(bundle.kind, label_x, (low + high) / 2, anchor, low=low + CORNER, high=high - CORNER,
                     sources=bundle.sources, target=bundle.target)
    return _edge_group(bundle.kind, bundle.sources, bundle.target,
                       _edge_title(bundle.sources, bundle.target, bundle.kind), "".join(paths))


def _self_loop_path(side_x: float, lane_x: float, bundle: _Bundle) -> str:
    """Out of the node's left side at the lower port, round the lane, back
    in at the upper port: visible even when the ports are close together."""
    upper = bundle.target_port
    lower = bundle.source_ports[bundle.target]
    bend = min(CORNER, (lower - upper) / 2)
    return (
        f"M{side_x:.1f},{lower:.1f} H{lane_x + bend:.1f} "
        f"Q{lane_x:.1f},{lower:.1f} {lane_x:.1f},{lower - bend:.1f} "
        f"V{upper + bend:.1f} Q{lane_x:.1f},{upper:.1f} {lane_x + bend:.1f},{upper:.1f} H{side_x - 1:.1f}"
    )


def _node_svg(node: _Node) -> str:
    terminal = node.name in (ENTRY, DONE)
    state = "0" if node.name == ENTRY else node.name
    kind = "terminal" if terminal else "state"
    radius = 12 if terminal else 5
    box = (
        f'<rect x="{node.x:.1f}" y="{node.y:.1f}" width="{node.width:.1f}" height="{NODE_HEIGHT}" '
        f'rx="{radius:.1f}" fill="{"#f6f8fa" if terminal else "#ffffff"}" stroke="#8c959f" stroke-width="1.2"/>'
    )
    first_baseline = node.y + NODE_HEIGHT / 2 - (len(node.lines) - 1) * LINE_HEIGHT / 2 + FONT_SIZE * 0.35
    texts = []
    for number, line in enumerate(node.lines):
        weight = ' font-weight="bold"' if number == 0 else ""
        colour = "#1f2328" if number == 0 else "#424a53"
        texts.append(
            f'<text x="{node.centre:.1f}" y="{first_baseline + number * LINE_HEIGHT:.1f}" text-anchor="middle" '
            f'font-size="{FONT_SIZE}" fill="{colour}"{weight}>{escape(line)}</text>'
        )
    return (
        f'<g class="node {kind}" data-state="{state}" tabindex="0">'
        f"<title>{escape(node.title)}</title>{box}{''.join(texts)}</g>"
    )


class _LabelPlacer:
    """Puts edge labels where they overlap neither nodes nor other labels,
    trying positions along the edge outward from its middle."""

    def __init__(self, nodes) -> None:
        self.taken = [(n.x, n.y, n.x + n.width, n.bottom) for n in nodes]
        self.svg: list[str] = []

    def place(self, text: str, x: float, y: float, anchor: str, *, low: float, high: float,
              sources: list[str], target: str) -> None:
        width = _text_width(text, LABEL_FONT_SIZE) + 2
        height = LABEL_FONT_SIZE + 2
        chosen = y
        for offset in _offsets():
            candidate = y + offset
            if candidate < low or candidate > high:
                if abs(offset) > high - low:
                    break
                continue
            box = self._box(x, candidate, width, height, anchor)
            if not any(_overlap(box, other) for other in self.taken):
                chosen = candidate
                break
        box = self._box(x, chosen, width, height, anchor)
        self.taken.append(box)
        colour = EDGE_STYLE[text][0]
        self.svg.append(
            f'<text class="edge-label" data-from="{" ".join(sources)}" data-to="{target}" x="{x:.1f}" y="{chosen + LABEL_FONT_SIZE * 0.35:.1f}" text-anchor="{anchor}" '
            f'font-size="{LABEL_FONT_SIZE}" fill="{colour}" stroke="#ffffff" stroke-width="3" '
            f'paint-order="stroke">{escape(text)}</text>'
        )

    @staticmethod
    def _box(x: float, y: float, width: float, height: float, anchor: str):
        left = x if anchor == "start" else x - width
        return (left, y - height / 2, left + width, y + height / 2)


def _offsets():
    yield 0
    for step in range(1, 60):
        yield step * 6
        yield -step * 6


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
