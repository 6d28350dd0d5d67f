"""Number the await sites: the states of the machine.

States are numbered 1, 2, ... in preorder (source order), so every compound
node owns a contiguous range `first_state..last_state`. That is what lets the
emitted code find its way back to a state without a goto: at each compound
statement it asks whether the state to resume lies inside, and in which part.
"""

from __future__ import annotations

from . import ir


def number_states(body: list[ir.Node]) -> list[ir.Await | ir.Yield]:
    """Assign state numbers and ranges in place; return the suspension points
    (awaits and, in async generators, yields) in order."""
    sites: list = []
    _number_block(body, sites)
    return sites


def _number_block(block: list[ir.Node], sites: list[ir.Await]) -> None:
    for node in block:
        _number(node, sites)


def _number(node: ir.Node, sites: list[ir.Await]) -> None:
    first = len(sites) + 1
    if isinstance(node, (ir.Await, ir.Yield)):
        sites.append(node)
        node.state = len(sites)
    elif isinstance(node, ir.Try):
        _number_block(node.body, sites)
        for handler in node.handlers:
            handler_first = len(sites) + 1
            _number_block(handler.body, sites)
            handler.first_state, handler.last_state = handler_first, len(sites)
        _number_block(node.orelse, sites)
        if node.finalbody is not None:
            _number_block(node.finalbody, sites)
    else:
        for block in node.blocks():
            _number_block(block, sites)
    node.first_state, node.last_state = first, len(sites)


def block_range(block: list[ir.Node]) -> tuple[int, int]:
    """(first, last) state of a statement list; last < first when it has none."""
    with_states = [node for node in block if node.has_states]
    if not with_states:
        return 0, -1
    return with_states[0].first_state, with_states[-1].last_state
