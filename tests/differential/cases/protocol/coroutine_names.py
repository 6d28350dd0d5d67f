"""Names of coroutine objects: __name__ and __qualname__ for module-level,
nested, method, classmethod, staticmethod and lambda-returned coroutines;
they are writable on the coroutine object (without affecting the function),
must be str, and a function renamed before the call gives coroutines the
new name."""
import asyncio
from tracelib import describe, suspend


async def top():
    await suspend()


class K:
    async def meth(self):
        pass

    @classmethod
    async def cm(cls):
        pass

    @staticmethod
    async def sm():
        pass

    class Inner:
        async def deep(self):
            pass


def factory():
    async def made():
        pass
    return made


def show(coro):
    print(f"  {coro.__name__} | {coro.__qualname__}")
    coro.close()


def main():
    for coro in (top(), K().meth(), K.cm(), K.sm(), K.Inner().deep(), factory()()):
        show(coro)
    c = top()
    c.__name__ = "renamed"
    c.__qualname__ = "Renamed.qualname"
    print("renamed coroutine:", c.__name__, c.__qualname__, "function still:", top.__name__)
    for attr, value in (("__name__", 1), ("__qualname__", None)):
        try:
            setattr(c, attr, value)
        except TypeError as e:
            print(f"  setting {attr} to {value!r}:", describe(e))
    try:
        del c.__name__
    except TypeError as e:
        print("  deleting __name__:", describe(e))
    c.close()

    async def original():
        pass

    original.__name__ = "changed_name"
    original.__qualname__ = "changed.qualname"
    show(original())
    print("inside asyncio, task name is not the coroutine name; coroutine name:")

    async def named():
        await suspend()
        return asyncio.current_task().get_coro().__qualname__

    print("  ", asyncio.run(named()))


main()
