"""Decorators on async defs: functools.wraps wrappers that are themselves
async (awaiting the wrapped coroutine and logging before/after, preserving
__name__/__qualname__/__doc__/__wrapped__), decorators with arguments,
stacked decorators applied bottom-up, a sync decorator returning the
coroutine unchanged, a class-based decorator, and a decorator replacing the
coroutine function with a plain function returning a coroutine."""
import asyncio
import functools
import inspect
from tracelib import describe, suspend


def logged(fn):
    @functools.wraps(fn)
    async def wrapper(*args, **kwargs):
        print(f"  -> {fn.__name__}{args}")
        await suspend()
        try:
            result = await fn(*args, **kwargs)
        except Exception as e:
            print(f"  !! {fn.__name__} raised {describe(e)}")
            raise
        print(f"  <- {fn.__name__} = {result!r}")
        return result
    return wrapper


def retry(times):
    def decorate(fn):
        @functools.wraps(fn)
        async def wrapper(*args):
            for attempt in range(1, times + 1):
                try:
                    return await fn(*args, attempt=attempt)
                except ValueError as e:
                    print(f"  retry: attempt {attempt} failed: {e}")
                    await suspend()
            raise RuntimeError(f"{fn.__name__} failed {times} times")
        return wrapper
    return decorate


def register(registry):
    def decorate(fn):
        registry.append(fn.__name__)
        return fn
    return decorate


class Counted:
    def __init__(self, fn):
        functools.update_wrapper(self, fn)
        self.fn, self.calls = fn, 0

    async def __call__(self, *args):
        self.calls += 1
        await suspend()
        return await self.fn(*args)


def as_plain(fn):
    def plain(*args):
        print("  plain wrapper creates the coroutine")
        return fn(*args)
    return plain


REGISTRY = []


@logged
async def add(a, b):
    """Add two numbers after a suspension."""
    await suspend()
    return a + b


@retry(3)
async def flaky(threshold, *, attempt):
    await suspend()
    if attempt < threshold:
        raise ValueError(f"too early ({attempt})")
    return f"ok on attempt {attempt}"


@register(REGISTRY)
@logged
@register(REGISTRY)
async def stacked(x):
    await suspend()
    return x * 2


@Counted
async def counted(x):
    await suspend()
    return -x


@as_plain
async def wrapped_plain(x):
    await suspend()
    return f"plain {x}"


@logged
async def fails():
    await suspend()
    raise KeyError("decorated failure")


async def main():
    print("add", await add(2, 3))
    print("meta", add.__name__, add.__qualname__, add.__doc__, add.__wrapped__.__name__)
    print("is coroutine function", inspect.iscoroutinefunction(add),
          inspect.iscoroutinefunction(add.__wrapped__))
    print("flaky", await flaky(2))
    try:
        await flaky(5)
    except RuntimeError as e:
        print("flaky", describe(e))
    print("stacked", await stacked(4), REGISTRY)
    print("counted", await counted(1), await counted(2), counted.calls, counted.__name__)
    print("plain", await wrapped_plain(1), inspect.iscoroutinefunction(wrapped_plain))
    try:
        await fails()
    except KeyError as e:
        print("fails", describe(e))


asyncio.run(main())
