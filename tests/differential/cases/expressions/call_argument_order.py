"""Await inside call arguments: positional, keyword, *args and **kwargs.

CPython evaluates the callee first, then every positional and starred argument
left to right, then keyword and ** arguments left to right, and only then
calls. Each argument logs when it is evaluated; a suspension sits between them.
"""
import asyncio
from tracelib import describe, suspend


async def val(tag, value=None):
    print("  eval", tag)
    await suspend()
    return tag if value is None else value


def show(*args, **kwargs):
    print("  call", args, sorted(kwargs.items()))
    return len(args) + len(kwargs)


def plain(tag, value=None):
    print("  eval", tag)
    return tag if value is None else value


async def positional():
    print("positional")
    r = show(plain("a"), await val("b"), plain("c"), await val("d"))
    print("  result", r)


async def keywords():
    print("keywords")
    r = show(x=await val("x"), y=plain("y"), z=await val("z"))
    print("  result", r)


async def mixed_positional_after_keyword():
    print("mixed: positional after keyword in source")
    # Starred positional written after a keyword is still evaluated first.
    r = show(plain("p1"), k1=await val("k1"), *await val("star", ["s1", "s2"]),
             k2=plain("k2"))
    print("  result", r)


async def double_star():
    print("double star")
    r = show(await val("p"), **await val("kw1", {"a": 1}), b=await val("b"),
             **{plain("key"): await val("kw2")})
    print("  result", r)


async def interleaved():
    print("interleaved stars")
    r = show(*[plain("l1")], await val("p2"), *await val("l3", (3, 4)),
             **await val("d1", {"m": 1}), n=await val("n"))
    print("  result", r)


async def duplicate_keyword():
    print("duplicate keyword after awaits")
    try:
        show(await val("first"), a=await val("a"), **await val("dict", {"a": 2}))
    except TypeError as e:
        print("  caught", describe(e))


async def bad_star():
    print("starred non-iterable")
    try:
        show(plain("before"), *await val("bad", 5), plain("after"))
    except TypeError as e:
        print("  caught", describe(e))


async def bad_double_star():
    print("double-starred non-mapping")
    try:
        show(**await val("bad", [1, 2]))
    except TypeError as e:
        print("  caught", describe(e))


async def nested_calls():
    print("nested calls")
    r = show(show(await val("inner1"), k=await val("inner2")), await val("outer"))
    print("  result", r)


async def main():
    for case in (positional, keywords, mixed_positional_after_keyword, double_star,
                 interleaved, duplicate_keyword, bad_star, bad_double_star,
                 nested_calls):
        await case()


asyncio.run(main())
