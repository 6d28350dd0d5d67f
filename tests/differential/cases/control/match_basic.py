"""match/case with an awaited subject and awaits in case bodies: literal,
value (dotted name) patterns, OR patterns, captures and wildcards; captured
names are still bound after a suspension in the body; the subject is
evaluated exactly once."""
import asyncio
from tracelib import suspend


class Color:
    RED = "red"
    GREEN = "green"


async def subject(value):
    print("  subject evaluated:", repr(value))
    await suspend()
    return value


async def classify(value):
    match await subject(value):
        case 0 | 1:
            await suspend()
            return "zero or one"
        case Color.RED:
            return "the red value"
        case "green" as g:
            await suspend()
            return f"green literal bound {g!r}"
        case None:
            return "None"
        case True:
            return "True (identity)"
        case str() as text if len(text) > 3:
            await suspend()
            return f"long text {text}"
        case captured:
            await suspend()
            return f"captured {captured!r}"


async def no_match():
    print("no case matches: nothing bound")
    match await subject(5):
        case 1:
            print("  one")
        case "x":
            print("  x")
    print("  after match")


async def wildcard_binds_nothing():
    print("wildcard")
    match await subject("any"):
        case _:
            await suspend()
            print("  wildcard body")
    try:
        print(_)  # noqa: F821
    except NameError as e:
        print("  _ is not bound:", type(e).__name__)


async def capture_survives():
    print("captures survive suspensions")
    match await subject([1, 2]):
        case [first, second]:
            await suspend()
            await suspend()
            print("  first", first, "second", second)
    print("  still bound after the match:", first, second)


async def main():
    for v in (0, 1, "red", "green", None, True, 1.0, "text", "hi", [1]):
        print("classify", repr(v))
        print("  ->", await classify(v))
    await no_match()
    await wildcard_binds_nothing()
    await capture_survives()


asyncio.run(main())
