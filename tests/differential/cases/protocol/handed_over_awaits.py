"""Awaits a compiled coroutine hands over to its driver (runtime/driving.py):
every `await` here is outside except clauses and finally blocks, and awaits
something native (a native coroutine, a @types.coroutine generator, a custom
awaitable), so the compiled side awaits it through the driver after the first
suspension. Checked: results and values sent in; exceptions from the awaited
object, caught at the await and left uncaught (chaining, sys.exc_info() in
the awaited code and after the handler, when the caller of send() is itself
handling an exception); throw() reaching the awaited object (caught there and
turned into a return or another yield, or raising something else), with
three arguments; close() closing the awaited object first, ignored
GeneratorExit; cr_running/cr_await while the awaited code runs; re-entering
the coroutine from the awaited code; a coroutine dropped while it waits
(finally blocks, promptly); awaiting what cannot be awaited, or what another
await drives."""
import gc
import sys
import types
import warnings

from tracelib import describe, exc_info, suspend

holder = {}


async def native_leaf(value):
    await suspend(f"leaf {value}")
    return value * 10


async def native_failing(message):
    await suspend("failing soon")
    try:
        raise KeyError("inner handled")
    except KeyError:
        raise ValueError(message)


@types.coroutine
def reports_exc_info(label):
    print(f"  {label}: awaited code sees", exc_info())
    sent = yield label
    print(f"  {label}: resumed with {sent!r}, sees", exc_info())
    return sent


class Custom:
    def __await__(self):
        sent = yield "custom"
        return f"custom got {sent!r}"


async def values():
    await suspend("start")  # the first suspension runs in the machine's frame
    a = await native_leaf(1)
    b = await reports_exc_info("plain")
    c = await Custom()
    return a, b, c


async def failures():
    await suspend("start")
    try:
        await native_failing("from the awaited coroutine")
    except ValueError as error:
        print("  caught", describe(error), "| sees", exc_info())
    print("  after the handler:", exc_info())
    await native_failing("uncaught")


async def throw_targets():
    await suspend("start")
    result = await catches_and_returns()
    print("  awaited returned", repr(result))
    result = await catches_and_yields()
    print("  awaited returned", repr(result))
    await raises_other()


@types.coroutine
def catches_and_returns():
    try:
        yield "waiting for a throw"
    except KeyError as error:
        return f"returned after {error!r}"


@types.coroutine
def catches_and_yields():
    try:
        yield "first"
    except KeyError:
        sent = yield "yielded again after the throw"
        return sent


@types.coroutine
def raises_other():
    try:
        yield "about to fail"
    except KeyError:
        raise LookupError("replaced")


@types.coroutine
def with_finally(label):
    try:
        yield label
    finally:
        print(f"  {label}: finally runs")


async def closing():
    await suspend("start")
    try:
        await with_finally("awaited generator")
    except GeneratorExit:
        print("  coroutine got GeneratorExit")
        raise


async def ignores_close():
    await suspend("start")
    try:
        await with_finally("first")
    except GeneratorExit:
        pass
    await with_finally("second")


@types.coroutine
def observes_outer():
    me = holder["me"]
    print("  inside the awaited code: running", me.cr_running, "| cr_await is the awaited:", me.cr_await is holder.get("awaited"))
    try:
        me.send(None)
    except ValueError as error:
        print("  re-entering:", describe(error))
    yield "observed"
    return "observer done"


async def observed():
    await suspend("start")
    awaited = observes_outer()
    holder["awaited"] = awaited
    return await awaited


async def dropped():
    await suspend("start")
    try:
        await with_finally("dropped's awaited generator")
    finally:
        print("  dropped coroutine: finally runs")


async def bad_awaits():
    await suspend("start")
    try:
        await 42
    except TypeError as error:
        print("  caught", describe(error))
    other = native_leaf(5)
    other.send(None)
    try:
        await other
    except RuntimeError as error:
        print("  caught", describe(error))
    other.close()
    return "bad awaits done"


def step(coro, how, *arguments):
    try:
        value = how(*arguments)
        print(f"  {how.__name__} ->", repr(value))
    except StopIteration as stop:
        print(f"  {how.__name__} -> returned", repr(stop.value))
    except BaseException as error:
        print(f"  {how.__name__} -> raised", describe(error))


def run_sends(coro, count, sent=None):
    for _ in range(count):
        step(coro, coro.send, sent)


def main():
    print("values")
    coro = values()
    step(coro, coro.send, None)
    run_sends(coro, 4, "sent in")

    print("failures, the caller of send() handling an exception")
    coro = failures()
    step(coro, coro.send, None)
    try:
        raise OSError("the caller's")
    except OSError:
        run_sends(coro, 3)

    print("throws")
    coro = throw_targets()
    step(coro, coro.send, None)
    step(coro, coro.send, None)
    step(coro, coro.throw, KeyError("thrown 1"))
    step(coro, coro.throw, KeyError("thrown 2"))
    step(coro, coro.send, "sent after the throw")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        step(coro, coro.throw, KeyError, KeyError("three arguments"), None)

    print("close")
    coro = closing()
    step(coro, coro.send, None)
    step(coro, coro.send, None)
    step(coro, coro.close)
    print("  closed again:", coro.close())

    print("ignored GeneratorExit")
    coro = ignores_close()
    step(coro, coro.send, None)
    step(coro, coro.send, None)
    step(coro, coro.close)
    print("  running", coro.cr_running, "suspended", coro.cr_suspended)
    step(coro, coro.send, None)

    print("observed")
    coro = observed()
    holder["me"] = coro
    step(coro, coro.send, None)
    run_sends(coro, 2)
    holder.clear()

    print("dropped while waiting")
    coro = dropped()
    step(coro, coro.send, None)
    step(coro, coro.send, None)
    del coro
    print("  (dropped)")
    gc.collect()

    print("bad awaits")
    coro = bad_awaits()
    step(coro, coro.send, None)
    run_sends(coro, 1)


main()
