"""Async methods of every kind: instance methods, classmethods, staticmethods,
properties returning coroutines (awaited by the caller), async methods
assigned to instances, __call__ defined as async, bound method identity of
the coroutine function, and async methods looked up through the class."""
import asyncio
import collections.abc
import inspect
from tracelib import suspend


class Service:
    prefix = "svc"

    def __init__(self, name):
        self.name = name

    async def instance(self, x):
        await suspend()
        return f"{self.prefix}:{self.name}:{x}"

    @classmethod
    async def klass(cls, x):
        await suspend()
        return f"{cls.__name__}.klass({x})"

    @staticmethod
    async def static(x):
        await suspend()
        return f"static({x})"

    @property
    def prop(self):
        async def compute():
            await suspend()
            return f"prop of {self.name}"
        return compute()

    async def __call__(self, arg):
        await suspend()
        return f"called {self.name} with {arg}"


class Sub(Service):
    prefix = "sub"


async def main():
    s = Service("a")
    print(await s.instance(1))
    print(await Service.instance(s, 2))
    print(await s.klass(3), await Sub.klass(4))
    print(await s.static(5), await Service.static(6))
    print(await s.prop)
    print(await s("x"))
    print(await Sub("b").instance(7))

    async def attached(value):
        await suspend()
        return f"instance attribute coroutine function {value}"

    s.extra = attached
    print(await s.extra(8))
    print("iscoroutinefunction:",
          [inspect.iscoroutinefunction(f) for f in (s.instance, Service.klass, s.static,
                                                    Service.__call__, attached)])
    print("bound method self is s:", s.instance.__self__ is s,
          "func name:", s.instance.__func__.__name__)
    coro = s.instance(9)
    print("coroutine object:", isinstance(coro, collections.abc.Coroutine),
          inspect.isawaitable(coro))
    print(await coro)


asyncio.run(main())
