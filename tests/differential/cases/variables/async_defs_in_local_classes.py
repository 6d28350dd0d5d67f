"""Async methods of classes defined inside functions and coroutines: they close
over the enclosing function's locals, use zero-argument super() and
__class__ of the local class, have qualnames with `<locals>`, and several
instances' coroutines interleave as tasks."""
import asyncio
from tracelib import suspend


def make_classes(tag):
    class Base:
        async def run(self, log):
            await suspend()
            log.append(f"Base.run tag={tag} class={__class__.__qualname__}")
            return tag

    class Child(Base):
        async def run(self, log):
            log.append(f"Child.run start ({type(self).__name__})")
            result = await super().run(log)
            await suspend()
            log.append(f"Child.run end, tag still {tag}")
            return result * 2

    return Base, Child


async def coroutine_defines_class():
    counter = 0

    class Worker:
        def __init__(self, name):
            self.name = name

        async def work(self, steps):
            nonlocal counter
            for _ in range(steps):
                await suspend()
                counter += 1
            return f"{self.name} did {steps}"

    results = await asyncio.gather(Worker("w1").work(2), Worker("w2").work(3))
    return results, counter, Worker.work.__qualname__


async def main():
    Base, Child = make_classes("t")
    log = []
    print("child result", await Child().run(log))
    for line in log:
        print("  ", line)
    print("qualname", Child.run.__qualname__)
    print("coroutine-defined", await coroutine_defines_class())


asyncio.run(main())
