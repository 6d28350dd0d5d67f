"""The legacy 3-argument throw(type, value, traceback) form (deprecated in
3.12+, so it runs under warnings.catch_warnings() with simplefilter("ignore")):
type + instance, type + args value, type + None, a traceback argument, and
CPython's TypeErrors for bad combinations (instance with a separate value,
a non-traceback third argument, a non-exception type).

The arguments travel down the await chain: when the coroutine is suspended in
`await suspend()` (a generator with a throw() method) the innermost generator
validates them, so CPython's TypeError is raised *at the await* and the
coroutine's own handler catches it. When the innermost awaitable's iterator
has no throw() method, the exception is raised at the await directly."""
import sys
import warnings
from tracelib import describe, suspend


async def catcher(log):
    while True:
        try:
            await suspend("ready")
        except Exception as e:
            log.append(f"caught {describe(e)} tb={'yes' if e.__traceback__ else 'no'}")


class NoThrowIterator:
    def __iter__(self):
        return self

    def __next__(self):
        return "ready (no throw method)"


class NoThrowAwaitable:
    def __await__(self):
        return NoThrowIterator()


async def catcher_without_throw(log):
    while True:
        try:
            await NoThrowAwaitable()
        except Exception as e:
            log.append(f"caught {describe(e)}")


def get_traceback():
    try:
        raise OSError("for traceback")
    except OSError as e:
        return e.__traceback__


def attempt(label, *args, factory=catcher):
    log = []
    coro = factory(log)
    coro.send(None)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = coro.throw(*args)
        print(f"{label}: yielded {result!r}; {log}")
    except BaseException as e:
        print(f"{label}: raised {describe(e)}; {log}")
    coro.close()


def main():
    attempt("type only", ValueError)
    attempt("type + instance", ValueError, ValueError("inst"))
    attempt("type + args tuple", KeyError, ("a", "b"))
    attempt("type + single value", IndexError, "value")
    attempt("type + None", TypeError, None)
    attempt("type + None + traceback", LookupError, None, get_traceback())
    attempt("subclass instance for base type", Exception, KeyError("sub"))
    attempt("instance + separate value", ValueError("x"), "extra")
    attempt("bad traceback", ValueError, None, "not a traceback")
    attempt("not an exception", int)
    attempt("not an exception instance", "string")
    print("awaiting an iterator without throw()")
    attempt("type + args tuple", KeyError, ("a", "b"), factory=catcher_without_throw)
    attempt("instance + separate value", ValueError("x"), "extra",
            factory=catcher_without_throw)
    attempt("bad traceback", ValueError, None, "not a traceback", factory=catcher_without_throw)


main()
