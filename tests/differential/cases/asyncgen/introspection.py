"""What an async generator object tells about itself: __name__ and
__qualname__ (module level, nested, method, writable), ag_running,
ag_await (None when not suspended at an await; the native future /
iterator it waits on otherwise (type name printed: a native FutureIter), or
the compiled/native coroutine object it awaits (compared by identity)), ag_frame (present until the generator finishes, None after,
also after aclose of an unstarted one), inspect.isasyncgenfunction /
isasyncgen / iscoroutinefunction, collections.abc.AsyncGenerator /
AsyncIterator / AsyncIterable / Awaitable isinstance checks, and
__aiter__ returning the generator itself."""
import asyncio
import collections.abc
import inspect
from tracelib import suspend


async def top(fut_box):
    fut = asyncio.get_running_loop().create_future()
    fut_box.append(fut)
    yield "before future"
    got = await fut
    yield f"future gave {got}"


def factory():
    async def inner():
        yield 1
    return inner


class Service:
    async def stream(self):
        yield self

    @staticmethod
    async def static_stream():
        yield "static"

    @classmethod
    async def class_stream(cls):
        yield cls.__name__


async def short():
    yield "only"


def show(label, g):
    frame = "None" if g.ag_frame is None else "present"
    awaiting = "None" if g.ag_await is None else type(g.ag_await).__name__
    print(f"  {label}: running={g.ag_running} ag_await={awaiting} ag_frame={frame}")


async def main():
    print("functions")
    for f in (top, factory(), Service.stream, Service.static_stream, Service.class_stream, short):
        print(f"  {f.__qualname__}: isasyncgenfunction={inspect.isasyncgenfunction(f)} "
              f"iscoroutinefunction={inspect.iscoroutinefunction(f)} "
              f"isgeneratorfunction={inspect.isgeneratorfunction(f)}")
    print("objects")
    box = []
    g = top(box)
    for obj in (g, factory()(), Service().stream(), Service.static_stream(), Service.class_stream()):
        print(f"  name={obj.__name__} qualname={obj.__qualname__}")
    print("  isasyncgen:", inspect.isasyncgen(g), "| iscoroutine:", inspect.iscoroutine(g),
          "| isawaitable:", inspect.isawaitable(g))
    for abc in (collections.abc.AsyncGenerator, collections.abc.AsyncIterator,
                collections.abc.AsyncIterable, collections.abc.Awaitable,
                collections.abc.Generator, collections.abc.Coroutine):
        print(f"  isinstance {abc.__name__}: {isinstance(g, abc)}")
    print("  __aiter__ returns itself:", g.__aiter__() is g, "| aiter():", aiter(g) is g)
    print("  type name:", type(g).__name__)

    print("states")
    show("created", g)
    print("  ->", await g.__anext__())
    show("at a yield", g)
    task = asyncio.ensure_future(g.__anext__())
    await asyncio.sleep(0)
    show("awaiting a future", g)
    print("  ag_await is the future:", g.ag_await is box[0])
    box[0].set_result(42)
    print("  ->", await task)
    show("after the future", g)
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("  StopAsyncIteration")
    show("exhausted", g)

    print("awaiting a coroutine")

    async def sub():
        await suspend()
        return "sub done"

    holder = {}

    async def outer():
        holder["sub"] = sub()
        yield await holder["sub"]

    g = outer()
    aw = g.__anext__()
    aw.send(None)
    print("  inside sub(): running", g.ag_running, "| ag_await is the sub() object:",
          g.ag_await is holder["sub"])
    try:
        aw.send(None)
    except StopIteration as stop:
        print("  ->", stop.value)

    print("names are writable")
    g = short()
    g.__name__ = "renamed"
    g.__qualname__ = "Some.renamed"
    print(f"  {g.__name__} {g.__qualname__} (function still {short.__name__})")
    try:
        g.__name__ = 5
    except TypeError as e:
        print("  TypeError:", e)

    print("aclose of an unstarted generator")
    g = short()
    show("unstarted", g)
    print("  aclose ->", await g.aclose())
    show("after aclose", g)
    print("  anext ->", await anext(g, "default"))


asyncio.run(main())
