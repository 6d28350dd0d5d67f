"""Every way out of a coroutine body: implicit `return None` (falling off the
end, after a loop, after an if without else), bare `return`, return from
inside while/else, for/else, match and nested ifs, and the returned value
being computed before any suspension-free exit."""
import asyncio
from tracelib import suspend


async def falls_off(flag):
    if flag:
        await suspend()
        print("  side effect")


async def bare_return(n):
    for i in range(n):
        await suspend()
        if i == 1:
            return
    print("  loop finished without return")


async def return_in_while_else(limit):
    i = 0
    while i < limit:
        i += 1
        await suspend()
        if i == 10:
            return "from body"
    else:
        await suspend()
        return f"from else after {i}"


async def return_in_for_else(items):
    for item in items:
        await suspend()
        if item < 0:
            return f"negative {item}"
    else:
        return "all non-negative"


async def return_in_match(x):
    match x:
        case int():
            await suspend()
            return "int"
        case str():
            return "str"
    await suspend()
    return "fell through match"


async def returns_early_before_await(x):
    if x:
        return "early, never suspended"
    await suspend()
    return "late"


async def return_tuple_and_none():
    await suspend()
    return 1, await asyncio.sleep(0, "two"), [3]


async def main():
    print("falls_off", await falls_off(True), await falls_off(False))
    print("bare_return", await bare_return(5), await bare_return(1))
    print("while/else", await return_in_while_else(3), await return_in_while_else(20))
    print("for/else", await return_in_for_else([1, -2, 3]), await return_in_for_else([1]))
    for v in (1, "s", 2.0):
        print("match", repr(v), await return_in_match(v))
    print("early", await returns_early_before_await(True), await returns_early_before_await(False))
    print("tuple", await return_tuple_and_none())


asyncio.run(main())
