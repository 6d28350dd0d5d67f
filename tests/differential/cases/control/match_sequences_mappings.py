"""Sequence and mapping patterns with awaited subjects and awaits in bodies:
star captures, nested patterns, `**rest`, mapping key lookups through a
logging Mapping (`get`/`__getitem__` calls are visible), and OR patterns that
bind the same names."""
import asyncio
import collections.abc
from tracelib import suspend


class LoggedMapping(collections.abc.Mapping):
    def __init__(self, data):
        self.data = data

    def __getitem__(self, key):
        print(f"  __getitem__({key!r})")
        return self.data[key]

    def __iter__(self):
        print("  __iter__")
        return iter(self.data)

    def __len__(self):
        print("  __len__")
        return len(self.data)

    def get(self, key, default=None):
        print(f"  get({key!r})")
        return self.data.get(key, default)


async def fetch(value):
    await suspend()
    return value


async def sequences(value):
    match await fetch(value):
        case []:
            return "empty"
        case [x]:
            await suspend()
            return f"one {x}"
        case [1, *rest]:
            await suspend()
            return f"starts with 1, rest {rest}"
        case [first, *_, last] if len(value) > 3:
            return f"long {first}..{last}"
        case [(a, b), [c, *d]]:
            await suspend()
            return f"nested {a} {b} {c} {d}"
        case (["x", n] | ["y", n]):
            await suspend()
            return f"or-pattern n={n}"
        case [*everything]:
            return f"other sequence {everything}"
        case "a string":
            return "strings are not sequences here"
        case _:
            return "not a sequence"


async def mappings(value):
    match await fetch(value):
        case {"type": "point", "x": x, "y": y}:
            await suspend()
            return f"point {x},{y}"
        case {"type": "user", **rest}:
            await suspend()
            return f"user rest={sorted(rest.items())}"
        case {"type": t} if t.startswith("z"):
            return f"z-type {t}"
        case {}:
            return "some mapping"
        case _:
            return "not a mapping"


async def main():
    for v in ([], [5], [1, 2, 3], [9, 8, 7, 6], [(1, 2), [3, 4, 5]], ["y", 7],
              ("a", "b"), "a string", 12):
        print("sequence", repr(v))
        print("  ->", await sequences(v))
    for v in ({"type": "point", "x": 1, "y": 2}, {"type": "user", "name": "n", "id": 3},
              {"type": "zebra"}, {"other": 1}, [1]):
        print("mapping", v)
        print("  ->", await mappings(v))
    print("logged mapping")
    print("  ->", await mappings(LoggedMapping({"type": "point", "x": 5, "y": 6})))
    print("  ->", await mappings(LoggedMapping({"type": "user", "a": 1})))


asyncio.run(main())
