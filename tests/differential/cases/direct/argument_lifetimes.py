"""A coroutine's arguments live as long as its local variables, as natively.

The first step of a compiled coroutine runs its body directly with the
arguments its machine stored (direct.py): the machine must let go of them,
so that `del argument` frees an object at once (ResourceWarnings, __del__,
weak references), whoever starts the coroutine: a Task, a bare send(), a
compiled or a native await.
"""

import asyncio
import gc
import weakref


class Resource:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print(f"    {self.name} freed")


async def drops_its_argument(resource, *more, **named):
    print("    body starts")
    del resource
    gc.collect()
    print("    after del resource")
    more = named = None
    gc.collect()
    print("    after dropping *more and **named")
    await asyncio.sleep(0)
    print("    body ends")
    return "done"


async def keeps_its_argument(resource):
    probe = weakref.ref(resource)
    await asyncio.sleep(0)
    gc.collect()
    print("    still alive after the suspension:", probe() is not None)
    return resource.name


async def native_awaiter(make):
    return await make()


async def main():
    print("as a task:")
    print("  ->", await asyncio.create_task(drops_its_argument(Resource("A"), Resource("B"), c=Resource("C"))))
    print("awaited (compiled caller):")
    print("  ->", await drops_its_argument(Resource("D")))
    print("awaited (gathered):")
    print("  ->", await asyncio.gather(drops_its_argument(Resource("E"))))
    print("kept across a suspension:")
    print("  ->", await asyncio.create_task(keeps_its_argument(Resource("F"))))
    gc.collect()


print("driven by send():")
coroutine = drops_its_argument(Resource("G"))
coroutine.send(None)
print("  suspended")
try:
    coroutine.send(None)
except StopIteration as stop:
    print("  ->", stop.value)
asyncio.run(main())


async def echo_arguments(a, /, b, *more, c, **named):
    await asyncio.sleep(0)
    return f"a={a} b={b} more={more} c={c} named={named}"


async def arguments_of_every_shape():
    """The first step passes every kind of argument on unchanged, whatever
    the number of extra positional arguments and the extra keyword names
    (including names that cannot be written as keywords, and more shapes
    than the runtime compiles calls for)."""
    print("argument shapes:")
    print("  ", await asyncio.create_task(echo_arguments(1, 2, c=3)))
    print("  ", await asyncio.create_task(echo_arguments(1, 2, 3, 4, c=5, d=6, e=7)))
    print("  ", await asyncio.create_task(echo_arguments(1, b=2, c=3, a=4)))
    print("  ", await asyncio.create_task(echo_arguments(1, 2, c=3, **{"not a name": 4, "class": 5})))
    results = []
    for count in range(40):
        extra = tuple(range(count))
        names = {f"k{index}": index for index in range(count % 7)}
        results.append(await asyncio.create_task(echo_arguments("a", "b", *extra, c="c", **names)))
    print("   40 shapes, last:", results[-1])
    print("   all distinct:", len(set(results)) == 40)


asyncio.run(arguments_of_every_shape())
