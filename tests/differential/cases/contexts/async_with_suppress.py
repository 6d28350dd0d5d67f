"""Suppression by `async with`: a truthy value returned (after awaiting) by
__aexit__ swallows the body's exception, a falsy one lets it propagate; the
truth test calls __bool__ once; suppression works with return values,
inside loops, and when the exception was raised before the body's first
suspension."""
import asyncio
from tracelib import describe, exc_info, suspend


class Verdict:
    def __init__(self, value):
        self.value = value

    def __bool__(self):
        print(f"  bool(verdict) -> {self.value}")
        return self.value


class Suppressor:
    def __init__(self, result):
        self.result = result

    async def __aenter__(self):
        await suspend()
        return self

    async def __aexit__(self, typ, val, tb):
        print(f"  __aexit__ sees {val!r}")
        await suspend()
        return self.result


async def body_raises(result, before_suspend=False):
    async with Suppressor(result):
        if not before_suspend:
            await suspend()
        raise ValueError("body error")
    await suspend()
    print("  continued after async with; exc_info:", exc_info())
    return "suppressed"


async def suppress_in_loop():
    log = []
    for i in range(3):
        async with Suppressor(i != 2):
            await suspend()
            raise IndexError(i)
        log.append(f"continued {i}")
    return log


async def no_exception_result_ignored():
    async with Suppressor(False):
        await suspend()
    return "normal exit with falsy result is fine"


async def main():
    for result in (True, Verdict(True), "non-empty", False, None, Verdict(False)):
        label = f"Verdict({result.value})" if isinstance(result, Verdict) else repr(result)
        print("result", label)
        try:
            print("  ->", await body_raises(result))
        except ValueError as e:
            print("  propagated", describe(e))
    print("raised before the first suspension")
    print("  ->", await body_raises(True, before_suspend=True))
    print("in loop")
    try:
        await suppress_in_loop()
    except IndexError as e:
        print("  propagated", describe(e))
    print(await no_exception_result_ignored())


asyncio.run(main())
