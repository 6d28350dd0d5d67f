"""Class-based async context managers, suppression, and contextvars across tasks.

(No `@contextlib.asynccontextmanager` here: it needs async generators.)

* `Resource` and `Transaction` show the order of `__aenter__`/`__aexit__`
  calls, what `__aexit__` receives when the body raises, and how a true return
  value from `__aexit__` suppresses the exception (`Suppress`).
* `AsyncExitStack` enters a run-time number of managers and unwinds them in
  reverse order, calling an async callback too.
* `RequestScope` sets a `ContextVar` in `__aenter__` and resets it in
  `__aexit__`. Tasks copy the current context when they are created, so a
  child task sees its parent's request id, while a value a child sets never
  leaks back to its parent.

What to look at in the compiled state machine:

* Each `async with` becomes two await sites (`__aenter__` before the body and
  `__aexit__` after it); with `async with a, b:` that is four, and `__aexit__`
  of `b` runs before that of `a`. The machine keeps the first manager's
  `__aexit__` in a field while it awaits the second one's `__aenter__`.
* In `Suppress`, `__aexit__` returning True makes the machine continue after
  the `async with` block as if the exception never happened.
* `contextvars` work unchanged: a compiled coroutine runs inside whatever
  context the task's `send()` runs it in, exactly like a native one.
"""

import asyncio
import contextlib
import contextvars

request_id = contextvars.ContextVar("request_id", default="-")


def log(message):
    print(f"  [{request_id.get()}] {message}")


class Resource:
    def __init__(self, name):
        self.name = name

    async def __aenter__(self):
        await asyncio.sleep(0)  # e.g. open a connection
        log(f"open {self.name}")
        return self.name.upper()  # what `as` binds: need not be self

    async def __aexit__(self, exc_type, exc, tb):
        await asyncio.sleep(0)  # e.g. close it
        outcome = "cleanly" if exc_type is None else f"after {exc_type.__name__}: {exc}"
        log(f"close {self.name} {outcome}")
        return False


class Transaction(Resource):
    async def __aexit__(self, exc_type, exc, tb):
        action = "COMMIT" if exc_type is None else "ROLLBACK"
        log(f"{action} {self.name}")
        return await super().__aexit__(exc_type, exc, tb)


class Suppress:
    """Like contextlib.suppress, but asynchronous."""

    def __init__(self, *exceptions):
        self.exceptions = exceptions

    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        swallowed = exc_type is not None and issubclass(exc_type, self.exceptions)
        if swallowed:
            log(f"suppressed {exc_type.__name__}: {exc}")
        return swallowed  # True: the exception stops here


class RequestScope:
    def __init__(self, rid):
        self.rid = rid

    async def __aenter__(self):
        self.token = request_id.set(self.rid)
        return self.rid

    async def __aexit__(self, *exc_info):
        request_id.reset(self.token)  # restore whatever was there before


async def demo_managers():
    print("== nested managers and exceptions")
    async with Resource("db") as db, Transaction("tx-1") as tx:
        log(f"working with {db} and {tx}")
    try:
        async with Transaction("tx-2"):
            raise ValueError("constraint violated")
    except ValueError as error:
        log(f"caller still sees ValueError: {error}")
    async with Suppress(KeyError, IndexError):
        {}["missing"]
    log("execution continues after the suppressed KeyError")
    try:
        async with Suppress(KeyError):
            raise LookupError("not a KeyError")
    except LookupError:
        log("LookupError was not suppressed")


async def demo_exit_stack():
    print("== AsyncExitStack")

    async def flush(name):
        await asyncio.sleep(0)
        log(f"async callback: flush {name}")

    async with contextlib.AsyncExitStack() as stack:
        names = [await stack.enter_async_context(Resource(f"file{i}")) for i in range(3)]
        stack.push_async_callback(flush, "buffers")
        log(f"entered {names}")
    log("stack unwound in reverse order")


async def child(label, log_lines):
    log_lines.append(f"{label} starts with request_id={request_id.get()}")
    request_id.set(f"{label}-override")  # only changes this task's copy
    await asyncio.sleep(0)
    log_lines.append(f"{label} ends with request_id={request_id.get()}")
    return label


async def demo_contextvars():
    print("== contextvars")
    log("outside any request")
    async with RequestScope("req-7") as rid:
        log(f"inside RequestScope({rid!r})")
        lines = []
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("child-a", lines))  # copies the context now
            tg.create_task(child("child-b", lines))
            isolated = contextvars.Context()  # an empty context: only the default
            tg.create_task(child("child-c", lines), context=isolated)
        for line in lines:
            log(line)
        log(f"parent still has request_id={request_id.get()}")
        log(f"child-c's context kept its override: {isolated[request_id]}")
    log("RequestScope reset the variable on exit")


async def main():
    await demo_managers()
    await demo_exit_stack()
    await demo_contextvars()


if __name__ == "__main__":
    asyncio.run(main())
