"""A coroutine that suspends again while handling GeneratorExit during close()
makes close() raise RuntimeError("coroutine ignored GeneratorExit"); the same
for a suspension inside a finally block during close; a coroutine that
swallows the first GeneratorExit and keeps looping (but lets the second one
through); and what state the coroutine is in
afterwards (it can still be closed/resumed)."""
from tracelib import describe, suspend


async def suspends_in_handler(log):
    try:
        await suspend("first")
    except GeneratorExit:
        log.append("handler: suspending again")
        await suspend("second")
        log.append("handler resumed")
    log.append("after try")
    return "end"


async def suspends_in_finally(log):
    try:
        await suspend("body")
    finally:
        log.append("finally: suspending")
        await suspend("in finally")
        log.append("finally resumed")


async def loops_swallowing_once(log):
    swallowed = 0
    while True:
        try:
            await suspend("tick")
        except GeneratorExit:
            swallowed += 1
            log.append(f"GeneratorExit #{swallowed}")
            if swallowed == 2:
                raise


def run(factory):
    log = []
    coro = factory(log)
    coro.send(None)
    try:
        coro.close()
        print("  close returned normally")
    except RuntimeError as e:
        print("  close raised", describe(e))
    print("  log", log)
    try:
        print("  resume ->", repr(coro.send(None)))
    except StopIteration as stop:
        print("  resume finished with", repr(stop.value))
    except BaseException as e:
        print("  resume raised", describe(e))
    print("  log", log)
    try:
        coro.close()
        print("  second close ok")
    except RuntimeError as e:
        print("  second close raised", describe(e))


def main():
    for factory in (suspends_in_handler, suspends_in_finally, loops_swallowing_once):
        print(factory.__name__)
        run(factory)


main()
