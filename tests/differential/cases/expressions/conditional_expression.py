"""Conditional expressions `a if cond else b` with awaits in the condition and
in the branches: only the chosen branch is evaluated, __bool__ of the
condition is called once, and nested conditionals evaluate lazily."""
import asyncio
from tracelib import suspend


class Flag:
    def __init__(self, truth):
        self.truth = truth

    def __bool__(self):
        print(f"  __bool__ -> {self.truth}")
        return self.truth


async def get(tag, value=None):
    print("  eval", tag)
    await suspend()
    return tag if value is None else value


async def basics():
    print("await in condition")
    print("  result", await get("yes") if await get("cond", Flag(True)) else await get("no"))
    print("  result", await get("yes") if await get("cond", Flag(False)) else await get("no"))


async def nested():
    print("nested conditionals")
    for a, b in ((True, True), (True, False), (False, True), (False, False)):
        r = (await get("A") if await get("b?", b) else await get("B")) \
            if await get("a?", a) else (await get("C") if await get("b2?", b) else "D")
        print("  ", a, b, "->", r)


async def in_arguments():
    print("conditional inside call args")
    values = [await get(str(i)) if i % 2 else -i for i in range(4)]
    print("  values", values)
    print("  joined", "-".join([await get("x"), await get("y") if values else "z", "w"]))


async def lazy_error():
    print("error only from the chosen branch")
    d = {}
    r = d["missing"] if await get("cond", False) else await get("safe")
    print("  result", r)
    try:
        r = d["missing"] if await get("cond", True) else await get("never")
    except KeyError as e:
        print("  caught KeyError", e)


async def main():
    for case in (basics, nested, in_arguments, lazy_error):
        await case()


asyncio.run(main())
