"""Private name mangling inside async methods: `self.__x` becomes
`self._Class__x` (before and after suspensions), mangled names in nested
functions, comprehensions and nested async defs inside the method, mangling
in a class whose name starts with underscores (leading underscores are
stripped), a class named only with underscores (no mangling), and
`__dunder__` names that are never mangled."""
import asyncio
from tracelib import describe, suspend


class Account:
    def __init__(self):
        self.__balance = 0

    async def deposit(self, amount):
        current = self.__balance
        await suspend()
        self.__balance = current + amount
        return self.__balance

    async def nested_access(self):
        def helper():
            return self.__balance

        async def async_helper():
            await suspend()
            return self.__balance * 2

        await suspend()
        return helper(), await async_helper(), [self.__balance for _ in range(2)]

    async def local_mangled(self):
        __local = "locals are mangled too"
        await suspend()
        return __local

    async def dunder(self):
        await suspend()
        return self.__class__.__name__, self.__dict__.keys().__len__()


class __Hidden:
    async def set_it(self):
        self.__secret = "s"
        await suspend()
        return sorted(k for k in vars(self))


class ___:
    async def set_it(self):
        self.__x = 1
        await suspend()
        return sorted(vars(self))


class Child(Account):
    async def peek(self):
        await suspend()
        try:
            return self.__balance
        except AttributeError as e:
            return describe(e)


async def main():
    a = Account()
    print("deposit", await a.deposit(5), await a.deposit(7))
    print("attributes", sorted(vars(a)))
    print("nested", await a.nested_access())
    print("local", await a.local_mangled())
    print("dunder", await a.dunder())
    print("hidden", await __Hidden().set_it())
    print("underscores-only", await ___().set_it())
    c = Child()
    await c.deposit(1)
    print("child peek", await c.peek())


asyncio.run(main())
