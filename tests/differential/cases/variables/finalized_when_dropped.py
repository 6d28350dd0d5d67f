"""A coroutine dropped while suspended is finalized at once (its `finally`
runs when the last reference goes), as natively -- also when something keeps
an exception it caught, or a closure of its variables. A native coroutine's
frame does not reference the coroutine; neither may the compiled code's
frames (a kept traceback keeps them) nor its closures. The garbage collector
is off: only reference counting may finalize anything here."""
import gc
import types
import weakref

from tracelib import suspend

KEPT = []


class Boom(Exception):
    pass


@types.coroutine
def fail(message):
    raise Boom(message)
    yield


class Handed:
    """Not a generator: an await of it is handed to the runtime's driver."""

    def __await__(self):
        return iter(["handed"])


async def suspended_in_handler():
    try:
        await fail("in handler")
    except Boom:
        try:
            await suspend("in the handler")
        finally:
            print("  suspended_in_handler: finally")


async def error_kept_elsewhere():
    try:
        await fail("kept elsewhere")
    except Boom as error:
        KEPT.append(error)
    try:
        await suspend("after")
    finally:
        print("  error_kept_elsewhere: finally")


async def error_kept_in_a_variable():
    try:
        await fail("kept in a variable")
    except Boom as error:
        kept = error
    try:
        await Handed()
    finally:
        print("  error_kept_in_a_variable: finally", kept)


async def closure_over_variables(p):
    x = [p]

    def read():
        return x[0] + p

    try:
        await suspend("closure")
    finally:
        print("  closure_over_variables: finally", read())


async def thrown_and_caught():
    try:
        await suspend("first")
    except Boom as error:
        kept = error
    try:
        await suspend("second")
    finally:
        print("  thrown_and_caught: finally", kept)


async def inner_keeps_error():
    try:
        await fail("inner")
    except Boom as error:
        kept = error
        try:
            await Handed()
            await suspend("inner waits")
        finally:
            print("  inner_keeps_error: finally", kept)


async def outer_awaits_inner():
    try:
        await inner_keeps_error()
    finally:
        print("  outer_awaits_inner: finally")


async def nested_coroutine_and_closure():
    count = 0

    async def helper():
        nonlocal count
        count += 1
        await suspend("helper")
        return count

    try:
        return await helper()
    finally:
        print("  nested_coroutine_and_closure: finally", count)


async def generator_in_handler():
    try:
        await fail("generator")
    except Boom:
        try:
            yield 1
        finally:
            print("  generator_in_handler: finally")


async def inner_run_directly():
    try:
        await fail("directly")
    except Boom as error:
        kept = error
        try:
            await suspend("inner, first step")
        finally:
            print("  inner_run_directly: finally", kept)


async def outer_of_direct_inner():
    try:
        await inner_run_directly()
    finally:
        print("  outer_of_direct_inner: finally")


def drop_chain():
    """The inner coroutine's first step runs as part of the outer's (its
    body run directly): once both are dropped, neither is alive."""
    print("chain, inner body run directly")
    coroutine = outer_of_direct_inner()
    print("  yielded", coroutine.send(None))
    inner = weakref.ref(coroutine.cr_await)
    del coroutine
    print("  dropped; inner alive:", inner() is not None)


def drop(label, coroutine, *steps):
    print(label)
    for step in steps:
        if step == "send":
            print("  yielded", coroutine.send(None))
        else:
            print("  yielded", coroutine.throw(Boom(step)))
    del coroutine
    print("  dropped")


def main():
    gc.disable()
    try:
        drop("suspended in a handler", suspended_in_handler(), "send")
        drop("error kept elsewhere", error_kept_elsewhere(), "send")
        drop("error kept in a variable, driver", error_kept_in_a_variable(), "send")
        drop("closure", closure_over_variables(2), "send")
        drop("thrown and caught", thrown_and_caught(), "send", "thrown")
        drop("chain", outer_awaits_inner(), "send", "send")
        drop("nested coroutine", nested_coroutine_and_closure(), "send")
        drop_chain()
        generator = generator_in_handler()
        print("async generator")
        step = generator.asend(None)
        try:
            step.send(None)
        except StopIteration as stop:
            print("  yielded", stop.value)
        del step, generator
        print("  dropped")
    finally:
        gc.enable()
    KEPT.clear()


main()
