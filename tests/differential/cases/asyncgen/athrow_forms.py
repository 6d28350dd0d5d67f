"""athrow() in its forms: an exception instance, an exception class, the
legacy 3-argument form (type, value, traceback) and 2-argument form
(under warnings.catch_warnings + simplefilter("ignore"), since 3.12
deprecates them), invalid arguments (checked when the awaitable first runs:
the TypeError is printed; a no-argument athrow() is tried on a spare
generator, which CPython leaves marked running afterwards), athrow caught by the generator which then yields
(the awaitable returns that value) or finishes (StopAsyncIteration), athrow
not caught (propagates, generator finished), athrow at a yield inside an
except block (the new exception is chained to the handled one), and athrow
stepped by hand with .throw() while the generator awaits inside its handler."""
import asyncio
import warnings
from tracelib import describe, drive, suspend


async def tolerant():
    message = "waiting"
    while True:
        try:
            yield message
        except ValueError as e:
            print(f"  tolerant caught {describe(e)}")
            await suspend()
            message = f"handled {describe(e)}"
        except KeyError:
            print("  tolerant: KeyError, stopping")
            await asyncio.sleep(0)
            return


async def in_handler():
    try:
        raise OSError("being handled")
    except OSError:
        yield "inside handler"


async def awaiting_handler(tags):
    try:
        yield "start"
    except ValueError:
        got = await suspend("handler awaits" if tags else None)
        print(f"  handler resumed with {got!r}")
        yield "handler done"


async def attempt(label, make):
    try:
        print(f"  {label} ->", repr(await make()))
    except BaseException as e:
        print(f"  {label} raised {describe(e)}")


async def main():
    g = tolerant()
    await g.__anext__()
    print("instance / class / legacy forms")
    await attempt("athrow(ValueError('one'))", lambda: g.athrow(ValueError("one")))
    await attempt("athrow(ValueError)", lambda: g.athrow(ValueError))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        await attempt("athrow(ValueError, 'two')", lambda: g.athrow(ValueError, "two"))
        await attempt("athrow(ValueError, ValueError('three'), None)",
                      lambda: g.athrow(ValueError, ValueError("three"), None))
        await attempt("athrow(ValueError, None, None)", lambda: g.athrow(ValueError, None, None))
    print("invalid arguments")
    await attempt("athrow(42)", lambda: g.athrow(42))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        await attempt("athrow(ValueError('x'), 'value')", lambda: g.athrow(ValueError("x"), "value"))
        await attempt("athrow(ValueError, 1, 'tb')", lambda: g.athrow(ValueError, 1, "tb"))
    print("  generator still usable:", await g.__anext__())
    spare = tolerant()
    await spare.__anext__()
    await attempt("athrow() on another generator", lambda: spare.athrow())
    print("caught and finished")
    await attempt("athrow(KeyError)", lambda: g.athrow(KeyError("stop")))
    await attempt("__anext__ afterwards", lambda: g.__anext__())
    print("not caught")
    g = tolerant()
    await g.__anext__()
    await attempt("athrow(OSError)", lambda: g.athrow(OSError("uncaught")))
    await attempt("__anext__ afterwards", lambda: g.__anext__())
    print("athrow at a yield inside a handler")
    g = in_handler()
    await g.__anext__()
    await attempt("athrow(RuntimeError)", lambda: g.athrow(RuntimeError("new")))
    print("stepped by hand")
    g = awaiting_handler(True)
    drive(g.__anext__())
    drive(g.athrow(ValueError("v")), sends=["resume value"])
    g = awaiting_handler(True)
    drive(g.__anext__())
    drive(g.athrow(ValueError("v")), throws=[KeyError("thrown into the handler's await")])
    print("under asyncio")
    g = awaiting_handler(False)
    await g.__anext__()
    await attempt("athrow(ValueError)", lambda: g.athrow(ValueError("v")))


asyncio.run(main())
