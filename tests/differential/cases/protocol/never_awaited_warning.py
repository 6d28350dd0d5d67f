"""The "coroutine '...' was never awaited" RuntimeWarning: emitted (with the
coroutine's qualname) when an unstarted coroutine is garbage collected; not
emitted when it was closed first, started, or awaited. Captured with
warnings.catch_warnings(record=True) + gc.collect(); only the category and
message text are printed."""
import asyncio
import gc
import warnings
from tracelib import suspend


async def top_level():
    await suspend()


class Owner:
    async def method(self):
        pass


def collect(label, make):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        make()
        gc.collect()
    messages = [f"{w.category.__name__}: {w.message}" for w in caught]
    print(f"{label}: {messages}")


def dropped():
    top_level()


def dropped_method():
    Owner().method()


def dropped_nested():
    async def nested():
        pass
    coro = nested()
    del coro


def closed_first():
    top_level().close()


def started_then_dropped():
    coro = top_level()
    coro.send(None)


def in_a_cycle():
    coro = top_level()
    holder = [coro]
    holder.append(holder)


def awaited():
    async def runner():
        await asyncio.sleep(0)
    asyncio.run(runner())


def main():
    collect("dropped", dropped)
    collect("dropped method", dropped_method)
    collect("dropped nested", dropped_nested)
    collect("closed first", closed_first)
    collect("started then dropped", started_then_dropped)
    collect("unstarted in a reference cycle", in_a_cycle)
    collect("awaited", awaited)


main()
