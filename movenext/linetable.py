"""Give chosen instructions of a code object *no* source location.

The state machine's resume bookkeeping (`resume = this.state`, the `if not
resume:` guards that skip finished statements) has no source line of its own.
If it carried one, every resumption would report `line` events for it, and a
pdb breakpoint there would stop on every resumption. CPython has a location
kind for exactly this ("no location", used for its own artificial
instructions: no line event, no breakpoint), but the `ast` cannot express it.
So the compiler maps those lines to line 0, and `without_line_zero()`
rewrites the compiled code's location table (format: CPython's
Objects/locations.md, the same in 3.11-3.13) so that line 0 becomes "no
location".
"""

from __future__ import annotations

import types

_NO_LOCATION = 15
_LONG = 14
_NO_COLUMNS = 13
_MAX_ENTRY = 8  # code units per table entry


def without_line_zero(code: types.CodeType) -> types.CodeType:
    """`code` (and the code objects nested in it) with every instruction
    located at line 0 given no location."""
    constants = tuple(
        without_line_zero(constant) if isinstance(constant, types.CodeType) else constant
        for constant in code.co_consts
    )
    positions = list(code.co_positions())
    if any(position[0] == 0 for position in positions):
        cleared = [(None, None, None, None) if p[0] == 0 else p for p in positions]
        code = code.replace(co_linetable=encode(cleared, code.co_firstlineno))
    if constants != code.co_consts:
        code = code.replace(co_consts=constants)
    return code


def encode(positions: list[tuple], first_line: int) -> bytes:
    """A location table for one (line, end_line, column, end_column) per code
    unit. Entries use the long form (or "no location"); CPython reads any
    mix of forms."""
    table = bytearray()
    line = first_line  # the decoder's running line: deltas are relative to it
    index = 0
    while index < len(positions):
        position = positions[index]
        length = 1
        while index + length < len(positions) and positions[index + length] == position and length < _MAX_ENTRY:
            length += 1
        start, end, column, end_column = position
        if start is None:
            table.append(0x80 | (_NO_LOCATION << 3) | (length - 1))
        elif column is None and end_column is None and (end is None or end == start):
            table.append(0x80 | (_NO_COLUMNS << 3) | (length - 1))
            _signed_varint(table, start - line)
            line = start
        else:
            table.append(0x80 | (_LONG << 3) | (length - 1))
            _signed_varint(table, start - line)
            _varint(table, (end if end is not None else start) - start)
            _varint(table, 0 if column is None else column + 1)
            _varint(table, 0 if end_column is None else end_column + 1)
            line = start
        index += length
    return bytes(table)


def _varint(table: bytearray, value: int) -> None:
    # 6-bit chunks, least significant first; bit 6 says "more follows".
    while value >= 64:
        table.append(0x40 | (value & 63))
        value >>= 6
    table.append(value)


def _signed_varint(table: bytearray, value: int) -> None:
    _varint(table, ((-value) << 1) | 1 if value < 0 else value << 1)
