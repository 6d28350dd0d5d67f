"""throw() with an exception instance into a suspended coroutine: caught
inside (the coroutine continues and yields/returns the next value), not
caught (it propagates out of throw() after finally blocks run), thrown into
a nested await chain (delivered at the innermost suspension), throw of an
exception class, a throw landing inside a handler (chained to the handled
exception), and throw into finished coroutines (closed, returned, raised)."""
from tracelib import describe, drive, suspend


async def catcher(log):
    while True:
        try:
            value = await suspend("waiting")
            log.append(f"sent {value!r}")
        except ValueError as e:
            log.append(f"caught {describe(e)}")
            await suspend("after catch")
        except KeyError:
            log.append("KeyError: returning")
            return "returned after KeyError"


async def not_caught(log):
    try:
        await suspend("suspended")
    finally:
        log.append("finally ran")
        await suspend("finally suspends")
        log.append("finally resumed")


async def inner(log):
    try:
        await suspend("inner")
    except LookupError as e:
        log.append(f"inner caught {describe(e)}")
        raise IndexError("re-raised by inner") from e


async def outer(log):
    try:
        await inner(log)
    except IndexError as e:
        log.append(f"outer caught {describe(e)}")
        return "outer done"


def main():
    log = []
    coro = catcher(log)
    print("start ->", coro.send(None))
    print("throw ValueError ->", coro.throw(ValueError("first")))
    print("send ->", coro.send("x"))
    try:
        coro.throw(KeyError("stop"))
    except StopIteration as stop:
        print("throw KeyError finished with", repr(stop.value))
    print("log:", log)

    log = []
    coro = not_caught(log)
    coro.send(None)
    print("throw uncaught ->", coro.throw(OSError("boom")))
    try:
        coro.send(None)
    except OSError as e:
        print("propagated after finally:", describe(e))
    print("log:", log)

    log = []
    coro = outer(log)
    coro.send(None)
    try:
        coro.throw(KeyError("deep"))
    except StopIteration as stop:
        print("nested throw result:", stop.value)
    print("log:", log)

    print("throw a class")
    drive(catcher([]), throws=[ValueError, KeyError])

    print("throw into finished coroutines")
    closed = catcher([])
    closed.send(None)
    closed.close()
    returned = catcher([])
    returned.send(None)
    try:
        returned.throw(KeyError("finish"))
    except StopIteration:
        pass
    failed = not_caught([])
    failed.send(None)
    try:
        failed.throw(OSError("fail"))
        failed.send(None)
    except OSError:
        pass
    for label, coro in (("closed", closed), ("returned", returned), ("raised", failed)):
        try:
            coro.throw(ValueError("after the end"))
        except BaseException as e:
            print(f"  {label}:", describe(e))


main()
