"""`{expr=}` prints the expression's text as written, then its value: also
when the variable lives in a machine field (the code says `this.x`), when the
expression holds an await (spilled into a temporary), and around pieces that
are formatted early because a later piece awaits."""

import asyncio


async def value(v):
    await asyncio.sleep(0)
    return v


async def main():
    x = 1
    y = {"k": [1, 2]}
    z = 2.5
    await asyncio.sleep(0)  # x, y and z now live in fields
    print(f"{x=} {x = } {x  =  } {x=!s} {x=!a} {x=:>4} {x=!r:>6}")
    print(f"{y['k']=} {y['k'][0] + x = :05d} {z=:.3f} {len(y) * 2=}")
    print(f"{(x := x + 1)=} then {x=}")
    print(f"{x=}|{await value('late')=}|{await value(3) + x = }")
    print(f"{await value(x)=} {x=} {(await value(y))['k']=}")
    print(f"{'quoted'=} {x!r:>3}{x=}")
    print(f"{{braces}} {x=} {{x=}}")
    await asyncio.sleep(0)
    print("x is now", x)


asyncio.run(main())
