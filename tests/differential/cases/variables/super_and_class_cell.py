"""Zero-argument super() and __class__ inside async methods, used before and
after suspensions: a three-level hierarchy whose async methods chain through
super(), super() in async classmethods, __class__ referring to the defining
class (not type(self)), explicit super() inside a lambda of an async method,
and super() in a loop. (super() inside a comprehension is avoided: it only
works on 3.12+, where comprehensions are inlined.)"""
import asyncio
from tracelib import suspend


class Base:
    async def greet(self, log):
        await suspend()
        log.append(f"Base.greet (__class__={__class__.__name__}, self={type(self).__name__})")
        return "base"

    @classmethod
    async def create(cls, log):
        await suspend()
        log.append(f"Base.create cls={cls.__name__}")
        return cls()


class Middle(Base):
    async def greet(self, log):
        log.append("Middle.greet before")
        await suspend()
        r = await super().greet(log)
        await suspend()
        log.append(f"Middle.greet after (__class__={__class__.__name__})")
        return f"middle+{r}"

    @classmethod
    async def create(cls, log):
        log.append(f"Middle.create cls={cls.__name__}")
        obj = await super().create(log)
        await suspend()
        obj.tag = __class__.__name__
        return obj


class Leaf(Middle):
    async def greet(self, log):
        await suspend()
        parts = [await super().greet(log)]
        await suspend()
        sup = super()
        parts.append(type(sup).__name__)
        parts.append(await sup.greet(log))
        return "leaf+" + "|".join(parts)

    async def via_lambda(self):
        fetch = lambda: super(Leaf, self).greet  # noqa: E731
        await suspend()
        return await fetch()([])

    async def in_loop(self, log):
        results = []
        for _ in range(2):
            await suspend()
            results.append(await super().greet(log))
        return results

    async def in_nested_code(self):
        """super() in a nested function (its own first argument), a class
        cell read after the coroutine suspended, and super() in a generator
        expression (natively its hidden first argument is the iterator, so
        it fails, naming it)."""
        def nested(obj):
            return super().__init__ is not None, __class__.__name__

        lazily = (super().greet for _ in range(1))
        await suspend()
        try:
            list(lazily)
        except TypeError as error:
            print("  generator expression:", error)
        try:
            # Before 3.12 a comprehension is a function: the same failure;
            # since, it is inlined and super() works.
            print("  comprehension:", [super().greet is not None for _ in range(1)])
        except TypeError as error:
            print("  comprehension:", error)
        return nested(self)


async def main():
    log = []
    print("greet ->", await Leaf().greet(log))
    for line in log:
        print("  ", line)
    log = []
    obj = await Leaf.create(log)
    print("create ->", type(obj).__name__, obj.tag)
    for line in log:
        print("  ", line)
    print("via lambda ->", await Leaf().via_lambda())
    log = []
    print("in loop ->", await Leaf().in_loop(log))
    print("   log length", len(log))
    print("in nested code ->", await Leaf().in_nested_code())


asyncio.run(main())
