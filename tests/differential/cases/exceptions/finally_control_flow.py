"""`return`, `break` and `continue` inside `finally` discard the in-flight
exception (and a pending return value), also when the finally block awaits
first. While the finally block still runs, the in-flight exception is the
__context__ of new exceptions (even inside awaited coroutines); once it has
been discarded it is nobody's __context__.

Python 3.14 warns about these (PEP 765); 3.11-3.13 accept them silently."""
import asyncio
from tracelib import describe, exc_info, suspend


async def return_discards_exception():
    try:
        await suspend()
        raise ValueError("discarded")
    finally:
        await suspend()
        return "finally's return wins"


async def return_overrides_return():
    try:
        await suspend()
        return "try's value"
    finally:
        await suspend()
        return "finally's value"


async def break_discards():
    log = []
    for i in range(3):
        try:
            await suspend()
            raise KeyError(i)
        finally:
            await suspend()
            log.append(f"finally {i}")
            break
    log.append(f"after loop {exc_info()}")
    try:
        raise IndexError("fresh")
    except IndexError as e:
        log.append(f"fresh error {describe(e)}")
    return log


async def continue_discards():
    log = []
    for i in range(3):
        try:
            await suspend()
            if i % 2 == 0:
                raise KeyError(i)
            log.append(f"body {i}")
        finally:
            await suspend()
            continue
    return log


async def break_discards_return():
    while True:
        try:
            await suspend()
            return "discarded return"
        finally:
            break
    await suspend()
    return "after the loop"


async def discarded_not_context_later():
    try:
        try:
            raise ValueError("gone")
        finally:
            return await later_error()
    except KeyError as e:
        return describe(e)


async def later_error():
    await suspend()
    try:
        raise KeyError("later")
    except KeyError as e:
        return describe(e)


async def finally_sees_exception_then_discards():
    try:
        raise OSError("seen")
    finally:
        await suspend()
        print("  inside finally:", exc_info())
        return "discarded after looking"


async def main():
    print("return discards exception:", await return_discards_exception())
    print("return overrides return:", await return_overrides_return())
    print("break discards:", await break_discards())
    print("continue discards:", await continue_discards())
    print("break discards return:", await break_discards_return())
    print("error raised while finally runs:", await discarded_not_context_later())
    print("finally looks first:")
    print("  ->", await finally_sees_exception_then_discards())


asyncio.run(main())
