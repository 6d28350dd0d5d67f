"""send() of a non-None value into a just-started coroutine raises TypeError
and leaves the coroutine unstarted (it can still be started with send(None));
send(None) afterwards works; throw() into an unstarted coroutine raises the
exception without running any of the body (finally blocks included) and the
coroutine is then finished."""
from tracelib import describe, drive, suspend


async def body(log):
    log.append("body started")
    try:
        value = await suspend("first")
        log.append(f"got {value!r}")
        return "done"
    finally:
        log.append("finally")


def main():
    log = []
    coro = body(log)
    try:
        coro.send("too early")
    except TypeError as e:
        print("send non-None:", describe(e))
    print("log after failed send:", log)
    print("now send(None) ->", repr(coro.send(None)))
    try:
        coro.send("value")
    except StopIteration as stop:
        print("finished with", stop.value)
    print("log:", log)

    log = []
    coro = body(log)
    try:
        coro.throw(ValueError("into unstarted"))
    except ValueError as e:
        print("throw into unstarted:", describe(e))
    print("log (body never ran):", log)
    try:
        coro.send(None)
    except RuntimeError as e:
        print("send afterwards:", describe(e))

    log = []
    coro = body(log)
    for value in (0, False, "", ()):
        try:
            coro.send(value)
        except TypeError as e:
            print(f"send {value!r}:", describe(e))
    drive(coro, sends=["finally"])
    print("log:", log)


main()
