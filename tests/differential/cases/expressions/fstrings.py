"""Await inside f-strings. Each replacement field is evaluated *and formatted*
(__format__/__repr__/__str__ called) before the next field is evaluated, so an
earlier `{x!r:>{w}}` is formatted before a later `{await y}` starts. Also
awaits in nested format specs, conversions, the `=` specifier and
concatenated literals. (Whether a `!r` conversion runs before or after a
nested format spec is evaluated differs between 3.11 and 3.12+; that order is
checked separately in fstring_conversion_order.py.)"""
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


async def get(value, tag=None):
    print("  eval", tag if tag is not None else value)
    await suspend()
    return value


def width():
    return 8


async def formatted_before_next():
    print("earlier field formatted before the later await")
    x = F("x")
    s = f"{x!r:>{width()}}|{await get('y')}|{x}"
    print("  ->", s)


async def format_spec_await():
    print("await in nested format spec")
    s = f"{F('a'):{await get('spec1', 'spec')}}{await get(F('b'), 'b')!s}"
    print("  ->", s)
    s = f"{await get(3.14159, 'num'):.{await get(2, 'prec')}f}"
    print("  ->", s)


async def conversions():
    print("conversions on awaited values")
    s = f"{await get(F('r'), 'r')!r} {await get(F('s'), 's')!s} {await get('é', 'a')!a}"
    print("  ->", s)


async def equals_specifier():
    print("= specifier keeps the source text")
    v = 5
    print("  ->", f"{await get(v, 'v') + 1=}")
    print("  ->", f"{(await get('t', 't'))=!s:>4}")


async def many_fields():
    print("many fields with suspensions between")
    parts = f"{await get(1)}-{await get(2)}-{'lit'}-{await get(F('z'), 'z')}-{3}"
    print("  ->", parts)


async def concatenated():
    print("implicitly concatenated f-strings")
    s = (f"{await get('a')}"
         "plain"
         f"{await get('b')!r}")
    print("  ->", s)


async def nested_fstring():
    print("nested f-string")
    s = f"outer[{f'inner[{await get(F(chr(110)), chr(110))}]'}]"
    print("  ->", s)


async def main():
    for case in (formatted_before_next, format_spec_await, conversions,
                 equals_specifier, many_fields, concatenated, nested_fstring):
        await case()


asyncio.run(main())
