"""Order of a conversion (`!r`/`!s`) relative to the evaluation of a nested
format spec inside one f-string field, with awaits in the spec.

NOTE: native output differs between versions. CPython 3.11 evaluates the
format spec first and then applies the conversion; 3.12+ (CONVERT_VALUE)
applies the conversion right after the value, before the spec."""
import asyncio
from tracelib import suspend


class F:
    def __init__(self, name):
        self.name = name

    def __format__(self, spec):
        print(f"  __format__({self.name}, {spec!r})")
        return f"<{self.name}:{spec}>"

    def __repr__(self):
        print(f"  __repr__({self.name})")
        return f"F({self.name})"

    def __str__(self):
        print(f"  __str__({self.name})")
        return f"str-{self.name}"


async def get(value, tag):
    print("  eval", tag)
    await suspend()
    return value


def width():
    print("  eval width")
    return 8


async def main():
    print("repr conversion with a plain nested spec")
    x = F("x")
    print("  ->", f"{x!r:>{width()}}|{await get('y', 'y')}")
    print("str conversion with an awaited nested spec")
    print("  ->", f"{await get(F('s'), 'value')!s:^{await get(9, 'spec')}}|")
    print("no conversion: __format__ gets the spec")
    print("  ->", f"{x:{await get('spec', 'spec')}}")


asyncio.run(main())
