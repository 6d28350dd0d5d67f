"""The expression in an `except` clause is evaluated lazily: only when an
exception reaches that clause, in order, and it may itself contain an await.
A non-exception-class expression causes a TypeError only when reached."""
import asyncio
from tracelib import describe, suspend


async def types(*ts, tag):
    print("  evaluating except clause", tag)
    await suspend()
    return ts


async def run(exc):
    try:
        await suspend()
        if exc is not None:
            raise exc
        print("  no exception: no clause evaluated")
    except await types(KeyError, tag="first"):
        print("  first clause matched")
    except (await types(ValueError, tag="second"))[0] as e:
        await suspend()
        print("  second clause matched", describe(e))
    except await types(TypeError, IndexError, tag="third") as e:
        print("  third clause matched", describe(e))


async def bad_clause():
    try:
        try:
            raise ValueError("original")
        except await types(tag="empty tuple"):
            print("  never: empty tuple matches nothing")
    except ValueError as e:
        print("  empty tuple let it through", describe(e))
    try:
        try:
            raise ValueError("original")
        except (await types("not a class", tag="bad")):
            print("  never")
    except TypeError as e:
        print("  caught", describe(e))


async def main():
    for exc in (None, KeyError("k"), ValueError("v"), IndexError("i"), OSError("o")):
        print("raising", describe(exc))
        try:
            await run(exc)
        except OSError as e:
            print("  escaped", describe(e))
    print("bad clauses")
    await bad_clause()


asyncio.run(main())
