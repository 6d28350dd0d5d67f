"""close() in every state: on an unstarted coroutine (body never runs, no
warning, later send raises "cannot reuse"), on a suspended one (GeneratorExit
delivered at the await: finally blocks and `except GeneratorExit` run, in
nested awaits innermost first), on a finished one (no-op), twice, and a
coroutine that catches GeneratorExit and raises a different exception (that
exception propagates out of close())."""
from tracelib import describe, suspend


async def resource(log, name):
    log.append(f"{name} start")
    try:
        await suspend(f"{name} holding")
        log.append(f"{name} resumed (wrong)")
    except GeneratorExit:
        log.append(f"{name} got GeneratorExit")
        raise
    finally:
        log.append(f"{name} finally")


async def nested(log):
    try:
        await resource(log, "inner")
    finally:
        log.append("outer finally")


async def converts(log):
    try:
        await suspend("converting")
    except GeneratorExit:
        log.append("converting GeneratorExit to ValueError")
        raise ValueError("raised while closing")


async def quick():
    return "quick result"


def show(label, log, coro):
    print(f"{label}: {log}")


def main():
    log = []
    coro = resource(log, "unstarted")
    print("close unstarted ->", coro.close())
    print("  log", log)
    try:
        coro.send(None)
    except RuntimeError as e:
        print("  send after close:", describe(e))

    log = []
    coro = resource(log, "suspended")
    coro.send(None)
    print("close suspended ->", coro.close())
    print("  log", log)
    print("close again ->", coro.close())

    log = []
    coro = nested(log)
    coro.send(None)
    coro.close()
    print("close nested:", log)

    coro = quick()
    try:
        coro.send(None)
    except StopIteration as stop:
        print("finished with", stop.value)
    print("close finished ->", coro.close())

    log = []
    coro = converts(log)
    coro.send(None)
    try:
        coro.close()
    except ValueError as e:
        print("close raised", describe(e))
    print("  log", log)
    print("  close after that ->", coro.close())


main()
