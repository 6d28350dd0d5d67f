"""`yield` and `await` inside `match` statements of an async generator:
in the case bodies of literal, sequence, mapping, class and or-patterns
with guards that await, a capture variable used after a yield, a match whose
subject is an awaited value, and a match inside a loop driven by asend()."""
import asyncio
from dataclasses import dataclass
from tracelib import suspend


@dataclass
class Point:
    x: int
    y: int


async def fetch(value):
    await suspend()
    return value


async def classify(items):
    for item in items:
        match await fetch(item):
            case 0 | "zero":
                yield "zero-ish"
            case [first, *rest] if await fetch(len(rest)) > 1:
                yield f"long seq starting {first!r}"
                await asyncio.sleep(0)
                yield f"rest {rest}"
            case [single]:
                await suspend()
                yield f"single {single!r}"
            case {"kind": "user", "name": name}:
                yield "user"
                yield f"name was {name}"
            case Point(x=0, y=y):
                yield f"on y axis at {y}"
            case Point(x, y) if x == y:
                yield f"diagonal {x}"
            case str() as text:
                await suspend()
                yield f"text {text.upper()}"
            case _:
                yield f"other {item!r}"
        print(f"  done with {item!r}")


async def interpreter():
    result = None
    while True:
        command = yield result
        match command:
            case ("add", a, b):
                await suspend()
                result = a + b
            case ("echo", *words):
                result = " ".join(words)
            case "stop":
                yield "stopping"
                return
            case _:
                result = f"unknown {command!r}"


async def main():
    items = [0, "zero", [1, 2, 3], [1, 2], ["solo"], {"kind": "user", "name": "ada"},
             Point(0, 4), Point(2, 2), Point(1, 3), "word", 3.5]
    async for v in classify(items):
        print(f"  {v}")
    print("interpreter")
    g = interpreter()
    print("  start:", await g.asend(None))
    for command in (("add", 2, 3), ("echo", "a", "b"), ("mul", 1), "stop"):
        print(f"  {command!r} ->", await g.asend(command))
    try:
        await g.asend("more")
    except StopAsyncIteration:
        print("  interpreter finished")


asyncio.run(main())
