"""throw() and close() on a coroutine suspended in `await` on a custom
awaitable are delegated to the awaited iterator: its throw() method is called
(and may handle the exception and yield again, or return a value that becomes
the await's result), its close() method is called on close(); iterators
without throw/close get the exception raised at the await site instead;
GeneratorExit is delivered to a delegate's close(), not throw()."""
from tracelib import describe, suspend


class Delegate:
    def __init__(self, log, handle=False, finish=False):
        self.log, self.handle, self.finish = log, handle, finish

    def __iter__(self):
        return self

    def __next__(self):
        self.log.append("delegate __next__")
        return "delegate yielded"

    def send(self, value):
        self.log.append(f"delegate send({value!r})")
        return "delegate yielded after send"

    def throw(self, *args):
        exc = args[0] if len(args) == 1 else args[1]
        self.log.append(f"delegate throw({describe(exc) if isinstance(exc, BaseException) else exc})")
        if self.finish:
            raise StopIteration("delegate returned from throw")
        if self.handle:
            return "delegate handled and yielded"
        raise exc if isinstance(exc, BaseException) else exc()

    def close(self):
        self.log.append("delegate close()")


class Bare:
    """An iterator without send/throw/close."""

    def __init__(self, log):
        self.log = log

    def __iter__(self):
        return self

    def __next__(self):
        self.log.append("bare __next__")
        return "bare yielded"


class Awaitable:
    def __init__(self, it):
        self.it = it

    def __await__(self):
        return self.it


async def waiter(log, it):
    try:
        result = await Awaitable(it)
        log.append(f"await result {result!r}")
        return result
    except Exception as e:
        log.append(f"coroutine caught {describe(e)}")
        return "coroutine handled"
    finally:
        log.append("coroutine finally")


def run(label, make_it, action):
    log = []
    coro = waiter(log, make_it(log))
    coro.send(None)
    try:
        r = action(coro)
        print(f"{label}: returned {r!r}")
    except StopIteration as stop:
        print(f"{label}: finished {stop.value!r}")
    except BaseException as e:
        print(f"{label}: raised {describe(e)}")
    print("   log", log)
    coro.close()


def main():
    run("send delegated", lambda log: Delegate(log), lambda c: c.send("value"))
    run("send to bare iterator", lambda log: Bare(log), lambda c: c.send(None))
    run("send non-None to bare iterator", lambda log: Bare(log), lambda c: c.send("x"))
    run("throw handled by delegate", lambda log: Delegate(log, handle=True),
        lambda c: c.throw(KeyError("k")))
    run("throw re-raised by delegate", lambda log: Delegate(log),
        lambda c: c.throw(KeyError("k")))
    run("delegate returns from throw", lambda log: Delegate(log, finish=True),
        lambda c: c.throw(KeyError("k")))
    run("throw at bare iterator", lambda log: Bare(log), lambda c: c.throw(KeyError("k")))
    run("close delegated", lambda log: Delegate(log), lambda c: c.close())
    run("close with bare iterator", lambda log: Bare(log), lambda c: c.close())


main()
