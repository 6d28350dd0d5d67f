"""Await in less common expression positions inside a coroutine: default
values of nested lambdas/defs (evaluated once, at definition time, in order:
positional defaults, keyword-only defaults, then annotations), decorator
expressions, class bases and metaclass keywords, and local variable
annotations (which CPython does NOT evaluate inside a function body)."""
import asyncio
from tracelib import suspend


async def get(value, tag):
    print("  eval", tag)
    await suspend()
    return value


async def defaults():
    print("defaults evaluated once at definition")
    f = lambda x=await get(1, "lambda default"): x  # noqa: E731
    print("  calls", f(), f(), f(10))

    def inner(a=await get(2, "a default"), *, b=await get(3, "b default")) -> await get(
            "ret", "return annotation"):
        return a, b

    print("  calls", inner(), inner(0, b=0), inner.__annotations__)
    print("  defaults", inner.__defaults__, inner.__kwdefaults__)


async def decorators():
    print("decorator expressions")

    def deco(tag):
        def apply(fn):
            print("  applying", tag)
            fn.tag = tag
            return fn
        return apply

    @(await get(deco("outer"), "outer decorator"))
    @deco(await get("inner", "inner decorator arg"))
    def decorated():
        return "body"

    print("  ->", decorated(), decorated.tag)


class Meta(type):
    def __new__(mcls, name, bases, ns, **kw):
        print("  Meta.__new__", name, [b.__name__ for b in bases], sorted(kw))
        return super().__new__(mcls, name, bases, ns)

    def __init__(cls, name, bases, ns, **kw):
        super().__init__(name, bases, ns)


class Base:
    def __init_subclass__(cls, **kw):
        print("  __init_subclass__", cls.__name__, kw)


async def class_statements():
    print("class bases and keywords")

    class C(await get(Base, "base"), metaclass=await get(Meta, "metaclass"),
            flavour=await get("sweet", "keyword")):
        print("  class body runs after bases and keywords")
        value = 1

    print("  ->", C.__name__, C.value, type(C).__name__)


async def annotations():
    print("local annotations are not evaluated")
    x: await get(int, "annotation x") = await get(5, "value x")
    print("  x", x)

    class Holder:
        pass

    h = Holder()
    h.attr: await get(str, "annotation attr") = await get("v", "value attr")
    print("  attr", h.attr)
    y: await get(int, "bare annotation")
    try:
        print(y)
    except UnboundLocalError as e:
        print("  y unbound:", e)


async def main():
    for case in (defaults, decorators, class_statements, annotations):
        await case()


asyncio.run(main())
