"""Misusing coroutine objects: awaiting a coroutine that already finished
("cannot reuse already awaited coroutine"), awaiting the same coroutine twice
in one expression, awaiting a coroutine that another coroutine is currently
awaiting ("coroutine is being awaited already"), a coroutine awaiting
itself, and send() into a coroutine that is currently running ("coroutine
already executing", a ValueError)."""
from tracelib import describe, drive, suspend


async def work(tag):
    await suspend(f"{tag} working")
    return f"{tag} result"


async def await_twice():
    coro = work("once")
    first = await coro
    try:
        await coro
    except RuntimeError as e:
        return first, describe(e)


async def await_same_in_expression():
    coro = work("expr")
    try:
        return [await coro, await coro]
    except RuntimeError as e:
        return describe(e)


async def waiter(coro, log):
    log.append("waiter awaiting")
    result = await coro
    log.append(f"waiter got {result}")
    return result


def being_awaited():
    log = []
    shared = work("shared")
    first = waiter(shared, log)
    print("  first waiter ->", first.send(None))
    second = waiter(shared, log)
    try:
        second.send(None)
    except RuntimeError as e:
        print("  second waiter:", describe(e))
    try:
        shared.send(None)
    except StopIteration as stop:
        print("  direct send to the awaited coroutine is allowed; it finished:", stop.value)
    try:
        first.send(None)
    except BaseException as e:
        print("  first waiter resumed on a finished coroutine:", describe(e))
    print("  log", log)

    log = []
    shared = work("second shared")
    first = waiter(shared, log)
    first.send(None)
    try:
        first.send(None)
    except StopIteration as stop:
        print("  normal completion:", stop.value)
    print("  log", log)


async def awaits_itself(holder):
    await suspend("before self-await")
    return await holder[0]


async def sends_to_itself(holder):
    await suspend("before self-send")
    return holder[0].send(None)


async def closes_itself(holder):
    await suspend("before self-close")
    holder[0].close()


async def throws_into_itself(holder):
    await suspend("before self-throw")
    holder[0].throw(KeyError("self"))


def self_reference(factory):
    holder = []
    coro = factory(holder)
    holder.append(coro)
    drive(coro)


async def main_coroutine():
    print("await twice ->", await await_twice())
    print("same expression ->", await await_same_in_expression())


def main():
    drive(main_coroutine(), sends=[None] * 5)
    print("being awaited already")
    being_awaited()
    for factory in (awaits_itself, sends_to_itself, closes_itself, throws_into_itself):
        print(factory.__name__)
        self_reference(factory)


main()
