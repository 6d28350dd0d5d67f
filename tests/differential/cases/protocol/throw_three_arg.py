"""The legacy 3-argument throw(type, value, traceback) form (deprecated in
3.12+, so it runs under warnings.catch_warnings() with simplefilter("ignore")):
type + instance, type + args value, type + None, a traceback argument, and
CPython's TypeErrors for bad combinations (instance with a separate value,
a non-traceback third argument, a non-exception type)."""
import sys
import warnings
from tracelib import describe, suspend


async def catcher(log):
    while True:
        try:
            await suspend("ready")
        except Exception as e:
            log.append(f"caught {describe(e)} tb={'yes' if e.__traceback__ else 'no'}")


def get_traceback():
    try:
        raise OSError("for traceback")
    except OSError as e:
        return e.__traceback__


def attempt(label, *args):
    log = []
    coro = catcher(log)
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


main()
