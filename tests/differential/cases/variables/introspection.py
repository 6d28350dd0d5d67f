"""Introspection of coroutine functions: __name__, __qualname__, __doc__,
__module__, __annotations__, __defaults__/__kwdefaults__,
inspect.signature (parameters, defaults, annotations, return annotation),
inspect.iscoroutinefunction / asyncio.iscoroutinefunction, and the
coroutine objects' __name__/__qualname__ (also for methods and nested
functions), all printed without addresses.

NOTE: native output differs between versions: 3.13 strips the common leading
indentation from docstrings at compile time, so the multi-line __doc__ of
`documented` differs from 3.11's."""
import asyncio
import inspect
from tracelib import suspend


async def documented(a: int, b: "str" = "x", *args: float, c: bool = True, **kw) -> list:
    """Docstring of documented.

    Second paragraph."""
    await suspend()
    return [a, b, args, c, kw]


async def undocumented():
    return None


class Holder:
    async def method(self, value: int = 1) -> int:
        """Method doc."""
        return value

    @classmethod
    async def cmethod(cls) -> None:
        pass

    @staticmethod
    async def smethod(x, /, y, *, z):
        pass


def outer():
    async def nested(p=1):
        "nested doc"
        return p
    return nested


def show(fn):
    print(fn.__name__)
    print("  qualname", fn.__qualname__)
    print("  module", fn.__module__)
    print("  doc", repr(fn.__doc__))
    print("  signature", inspect.signature(fn))
    print("  annotations", {k: getattr(v, "__name__", v) for k, v in fn.__annotations__.items()})
    print("  iscoroutinefunction", inspect.iscoroutinefunction(fn),
          asyncio.iscoroutinefunction(fn), callable(fn))


async def main():
    nested = outer()
    for fn in (documented, undocumented, Holder.method, Holder().method, Holder.cmethod,
               Holder.smethod, nested):
        show(fn)
    print("defaults", documented.__defaults__, documented.__kwdefaults__)
    params = inspect.signature(documented).parameters
    print("parameter kinds", [(p.name, p.kind.name) for p in params.values()])
    print("bind", inspect.signature(documented).bind(1, c=False).arguments)
    for coro in (documented(1), Holder().method(), nested(), undocumented()):
        print("coroutine", coro.__name__, coro.__qualname__)
        coro.close()
    print("nested result", await nested())


asyncio.run(main())
