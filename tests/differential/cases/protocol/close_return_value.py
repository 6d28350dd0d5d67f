"""A coroutine that catches GeneratorExit during close() and then *returns*
(instead of re-raising): close() does not raise.

NOTE: native output differs between versions: on 3.13 close() returns the
coroutine's return value; on 3.11 it returns None."""
from tracelib import suspend


async def swallow_and_return(log):
    try:
        await suspend("waiting")
    except GeneratorExit:
        log.append("caught GeneratorExit, returning a value")
        return "value returned during close"


async def finally_returns():
    try:
        await suspend("waiting")
    finally:
        return "returned from finally during close"


async def returns_none():
    try:
        await suspend("waiting")
    except GeneratorExit:
        return None


def main():
    log = []
    coro = swallow_and_return(log)
    coro.send(None)
    print("close ->", repr(coro.close()))
    print("log", log)
    coro = finally_returns()
    coro.send(None)
    print("close ->", repr(coro.close()))
    coro = returns_none()
    coro.send(None)
    print("close ->", repr(coro.close()))
    coro = swallow_and_return([])
    print("close unstarted ->", repr(coro.close()))


main()
