"""Attribute access and method calls on awaited values: `(await x).attr`,
`(await x).method(await y)`, `getattr`-logging objects, and the attribute being
looked up on the object obtained *before* a later argument suspends."""
import asyncio
from tracelib import describe, suspend


class Logged:
    def __init__(self, name):
        self.name = name

    def __getattr__(self, attr):
        print(f"  {self.name}.__getattr__({attr!r})")
        if attr == "missing":
            raise AttributeError(f"{self.name} has no {attr}")
        return Logged(f"{self.name}.{attr}")

    def __call__(self, *args):
        print(f"  call {self.name}{args}")
        return Logged(f"{self.name}()")

    def __repr__(self):
        return f"<{self.name}>"


async def get(value):
    print("  eval", value)
    await suspend()
    return value


async def on_awaited():
    print("attribute on awaited value")
    print("  ->", (await get(Logged("a"))).x.y)
    print("  ->", (await get(Logged("b"))).method(await get(1)).other)


async def chain_with_args():
    print("method chain with awaited args")
    obj = Logged("o")
    r = obj.first(await get(1)).second(await get(2), await get(3)).third
    print("  ->", r)


class Point:
    def __init__(self):
        self.x = 1


async def attribute_swapped_object():
    print("object captured before arg await")
    p = Point()
    other = Point()
    other.x = 99

    async def swap():
        nonlocal p
        await suspend()
        p = other
        print("  local p swapped")
        return 5

    print("  ->", p.x + await swap(), "then", p.x)


async def builtins_on_awaited():
    print("builtin methods")
    print("  ->", (await get("Hello")).upper(), (await get([3, 1, 2])).index(await get(2)))
    d = await get({"k": "v"})
    print("  ->", d.get(await get("k")), d.get(await get("nope"), await get("default")))


async def missing():
    print("missing attribute")
    try:
        (await get(Logged("m"))).missing
    except AttributeError as e:
        print("  caught", describe(e))
    try:
        (await get(3)).nope
    except AttributeError as e:
        print("  caught", describe(e))


class Prop:
    def __repr__(self):
        return "Prop()"

    @property
    def value(self):
        print("  property getter")
        return 42


async def properties():
    print("property on awaited object")
    print("  ->", (await get(Prop())).value)


async def main():
    for case in (on_awaited, chain_with_args, attribute_swapped_object,
                 builtins_on_awaited, missing, properties):
        await case()


asyncio.run(main())
