"""if/elif/else with awaits in conditions (including `elif await ...`) and in
bodies: conditions are tested in order, each at most once, __bool__ is called
on the awaited value, and only one body runs."""
import asyncio
from tracelib import suspend


class Truth:
    def __init__(self, name, value):
        self.name, self.value = name, value

    def __bool__(self):
        print(f"  bool({self.name}) -> {self.value}")
        return self.value


async def cond(name, value):
    print("  test", name)
    await suspend()
    return Truth(name, value)


async def body(name):
    print("  body", name, "start")
    await suspend()
    print("  body", name, "end")
    return name


async def choose(a, b, c):
    if await cond("if", a):
        r = await body("if")
    elif await cond("elif1", b):
        r = await body("elif1")
    elif await cond("elif2", c):
        r = await body("elif2")
    else:
        r = await body("else")
    return r


async def no_else(flag):
    result = "unchanged"
    if await cond("only", flag):
        await suspend()
        result = "changed"
    return result


async def nested(a, b):
    if await cond("outer", a):
        if await cond("inner", b):
            return "both"
        else:
            await suspend()
            return "outer only"
    elif not await cond("negated", b):
        return "neither"
    return "inner only"


async def values_not_truth():
    out = []
    for v in (0, 1, "", "x", [], [0], None):
        async def get():
            await suspend()
            return v
        if await get():
            out.append(f"{v!r}:T")
        elif v is None:
            out.append("None")
        else:
            out.append(f"{v!r}:F")
    return out


async def main():
    for combo in ((True, False, False), (False, True, True), (False, False, True),
                  (False, False, False)):
        print("choose", combo)
        print("  ->", await choose(*combo))
    for flag in (True, False):
        print("no_else", flag)
        print("  ->", await no_else(flag))
    for a in (True, False):
        for b in (True, False):
            print("nested", a, b)
            print("  ->", await nested(a, b))
    print("plain values", await values_not_truth())


asyncio.run(main())
