"""Assignment expressions with awaits: `(x := await f())` binds in the
coroutine, a later part of the same expression sees the new value, an earlier
read in the same expression sees the old one, and walrus inside
comprehensions binds in the enclosing coroutine scope."""
import asyncio
from tracelib import suspend


async def get(value):
    print("  eval", value)
    await suspend()
    return value


async def basic():
    print("basic walrus")
    if (x := await get(5)) > 3:
        print("  x", x)
    await suspend()
    print("  x after suspension", x)


async def read_before_and_after():
    print("read before and after a walrus in one expression")
    x = "old"
    r = [x, (x := await get("new")), x, await get("later"), x]
    print("  ->", r, x)


async def chained_walrus():
    print("walrus chains")
    r = (a := await get(1)) + (b := a + await get(10)) + (c := await get(b * 2))
    print("  ->", r, a, b, c)


async def in_while():
    print("walrus in while condition")
    items = [3, 2, 1, 0]
    total = 0
    while (n := await get(items.pop(0))):
        total += n
    print("  total", total, "last n", n)


async def in_comprehension():
    print("walrus in a comprehension binds in the coroutine")
    values = [last := await get(i) * 2 for i in range(3)]
    print("  ->", values, "last", last)
    found = any((hit := v) > 2 for v in values)
    print("  found", found, "hit", hit)


async def in_args():
    print("walrus in call arguments")
    print("  ->", max((m := await get(4)), m + 1, (m := 0)), m)


async def closure_sees_walrus():
    print("closure over a walrus-bound name")
    get_y = lambda: y  # noqa: E731
    (y := await get("first"))
    print("  closure", get_y())
    await suspend()
    (y := await get("second"))
    print("  closure", get_y())


async def in_fstrings():
    print("walrus inside f-strings (the field's name must not need quotes)")
    total = 0
    print(f'  single {(total := total + await get(1))} then {total}')
    await suspend()
    print(f"  double {(total := total + await get(2))!r:>4} then {total}")
    print(f"""  triple {f'{(total := total * 10)}'} then {total}""")


async def main():
    for case in (basic, read_before_and_after, chained_walrus, in_while,
                 in_comprehension, in_args, closure_sees_walrus, in_fstrings):
        await case()


asyncio.run(main())
