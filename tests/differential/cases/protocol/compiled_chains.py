"""Compiled coroutines awaiting each other while suspended: each resumption
goes down the chain of machines (resume_await, level by level) to the
innermost await. Checked: values sent in reach the innermost await and
results go up level by level; a level that awaits again; an exception from
the innermost caught two levels up, left uncaught (tracebacks list every
level, in order), raised while the caller of send() handles another;
StopIteration escaping a level (PEP 479); the outer levels are running while
the innermost runs (cr_running, re-entering one of them); a level in the
middle driven directly by someone else (then a driver of its own awaits for
it), or finished early; throw() and close() while the chain waits; a level
awaiting inside an except clause (sys.exc_info()); a pre-made coroutine
object awaited, bound methods; results freed as soon as the awaiting
expression is done with them; a chain 300 deep."""
import gc
import traceback

from tracelib import describe, exc_info, suspend

holder = {}
freed = []


class Resource:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        freed.append(self.name)


async def leaf(label):
    sent = await suspend(f"{label}: leaf waits")
    return f"{label}: leaf got {sent!r}"


async def middle(label):
    first = await leaf(label + "/1")
    second = await leaf(label + "/2")  # the middle level suspends again
    return [first, second]


async def top(label):
    parts = await middle(label)
    parts.append(await suspend(f"{label}: top waits itself"))
    return parts


class Service:
    """Awaits of bound methods: each is a coroutine object by the time it is awaited."""

    async def outer(self):
        result = await self.inner()
        return f"outer got {result!r}"

    async def inner(self):
        return await leaf("method")


async def failing_leaf(message):
    await suspend("failing leaf waits")
    raise ValueError(message)


async def passes_on(message):
    return await failing_leaf(message)


async def catches_two_up():
    try:
        await passes_on("caught two levels up")
    except ValueError as error:
        print("  caught", describe(error), "| sees", exc_info())
    return "catches_two_up done"


async def uncaught():
    return await passes_on("uncaught")


async def raises_stop_iteration():
    await suspend("about to raise StopIteration")
    raise StopIteration("escaping")


async def pep_479():
    try:
        await raises_stop_iteration()
    except RuntimeError as error:
        print("  caught", describe(error))
    return "pep_479 done"


async def observing_leaf():
    await suspend("observing leaf waits")
    outer = holder["outer"]
    print("  outer running:", outer.cr_running, "| middle running:", holder["middle"].cr_running)
    try:
        outer.send(None)
    except ValueError as error:
        print("  re-entering the outer level:", describe(error))
    return "observed"


async def observing_middle():
    return await observing_leaf()


async def observing_outer():
    inner = observing_middle()
    holder["middle"] = inner
    return await inner


async def with_finally(label):
    try:
        await suspend(f"{label} waits")
        await suspend(f"{label} waits again")
    finally:
        print(f"  {label}: finally runs")
    return f"{label} done"


async def catches_throw():
    try:
        await suspend("waiting for a throw")
    except KeyError as error:
        print("  innermost caught", describe(error))
    return await suspend("after the throw")


async def throw_target():
    value = await catches_throw()
    return f"throw_target got {value!r}"


async def outer_of(inner):
    return await middle_of(inner)


async def middle_of(inner):
    return await inner


async def in_handler():
    try:
        raise KeyError("handled by the outer level")
    except KeyError:
        return await chain_in_handler()


async def chain_in_handler():
    return await sees_exc_info()


async def sees_exc_info():
    print("  before suspending, sees", exc_info())
    await suspend("in a handler, waits")
    print("  after resuming, sees", exc_info())
    return "in_handler done"


async def make(name):
    await suspend(f"make {name} waits")
    return Resource(name)


async def lifetimes():
    size = len((await make("A")).name)
    print("  statement done, freed:", sorted(freed))
    freed.clear()
    name = (await make("B")).name
    print("  statement done, freed:", sorted(freed), name)
    freed.clear()
    return size


async def deep(depth):
    if depth == 0:
        return await suspend("deepest waits")
    return 1 + await deep(depth - 1)


def tb_names(error):
    return [frame.name for frame in traceback.extract_tb(error.__traceback__) if frame.filename == __file__]


def step(coro, how, *arguments):
    try:
        value = how(*arguments)
        print(f"  {how.__name__} ->", repr(value))
    except StopIteration as stop:
        print(f"  {how.__name__} -> returned", repr(stop.value))
    except BaseException as error:
        print(f"  {how.__name__} -> raised", describe(error), "| frames:", tb_names(error))


def main():
    print("values down, results up")
    coro = top("t")
    step(coro, coro.send, None)
    for sent in ("one", "two", "three"):
        step(coro, coro.send, sent)

    print("bound methods awaiting each other")
    coro = Service().outer()
    step(coro, coro.send, None)
    step(coro, coro.send, "to the method")

    print("an exception caught two levels up")
    coro = catches_two_up()
    step(coro, coro.send, None)
    step(coro, coro.send, None)

    print("an exception left uncaught, the caller of send() handling another")
    coro = uncaught()
    step(coro, coro.send, None)
    try:
        raise OSError("the caller's")
    except OSError:
        step(coro, coro.send, None)

    print("StopIteration escaping a level")
    coro = pep_479()
    step(coro, coro.send, None)
    step(coro, coro.send, None)

    print("the outer levels run while the innermost does")
    coro = observing_outer()
    holder["outer"] = coro
    step(coro, coro.send, None)
    step(coro, coro.send, None)

    print("a level in the middle driven directly")
    inner = with_finally("inner")
    coro = outer_of(inner)
    step(coro, coro.send, None)
    step(inner, inner.send, None)  # someone else resumes the innermost
    step(coro, coro.send, None)

    print("a level in the middle finished early")
    inner = with_finally("early")
    coro = outer_of(inner)
    step(coro, coro.send, None)
    step(inner, inner.close)
    step(coro, coro.send, None)

    print("throw() while the chain waits")
    coro = outer_of(throw_target())
    step(coro, coro.send, None)
    step(coro, coro.throw, KeyError("thrown in"))
    step(coro, coro.send, "sent after the throw")

    print("close() while the chain waits")
    coro = outer_of(with_finally("closed"))
    step(coro, coro.send, None)
    step(coro, coro.close)
    print("  closed:", coro.cr_frame is None)

    print("a chain dropped while it waits")
    coro = outer_of(with_finally("dropped"))
    step(coro, coro.send, None)
    del coro
    gc.collect()

    print("a chain under an await in an except clause")
    coro = in_handler()
    step(coro, coro.send, None)
    step(coro, coro.send, None)

    print("results freed when the expression is done")
    coro = lifetimes()
    for _ in range(3):
        step(coro, coro.send, None)

    print("a chain 300 deep")
    coro = deep(300)
    step(coro, coro.send, None)
    step(coro, coro.send, 5)


main()
