"""Driving coroutine objects by hand: send(), throw(), close() and introspection.

No event loop here. A coroutine is an object with `send()`, `throw()` and
`close()`; an event loop is just code that calls them. `Ask` is an awaitable
whose `__await__` yields a question *to whoever is driving the coroutine* and
returns the answer that driver sends back. The `drive()` function below is a
five-line "event loop" that answers questions from a dict.

Only behaviour that every Python coroutine shares is printed: names, the
values passing in and out, `cr_running`/`cr_suspended`, results and errors.
(The coroutine's type name and frame are implementation details and differ.)

What to look at in the compiled state machine:

* Every `send(value)` is one call of `move_next(value, None)`: it resumes at
  the stored `state`, the sent value becomes the result of the pending
  `await`, and it returns at the next await with the question as `yielded`.
* `throw(exc)` is `move_next(None, exc)`: the exception is raised at the
  pending await, so the `except ValueError` in `interview()` catches it.
* `close()` throws GeneratorExit in: the `finally:` clause runs, and a
  coroutine that awaits again instead is reported as ignoring GeneratorExit.
* When `outer()` awaits `interview()`, the outer machine forwards each
  `send()` to the inner one; `cr_await` points at the inner coroutine.
"""

import functools
import inspect


class Ask:
    """An awaitable: `answer = await Ask(question)`."""

    def __init__(self, question):
        self.question = question

    def __await__(self):
        answer = yield self.question  # suspends the whole chain of awaits
        return answer


async def interview(name):
    age = await Ask(f"how old is {name}?")
    try:
        city = await Ask("where do you live?")
    except ValueError as error:
        city = await Ask(f"({error}) then which country?")
    return f"{name}, {age}, from {city}"


async def outer():
    summary = await interview("grace")  # sends and throws pass straight through
    return summary.upper()


def drive(coro, answers):
    """A tiny event loop: answer every question the coroutine yields."""
    question = coro.send(None)  # start it: runs until the first await
    while True:
        print(f"    yielded {question!r}")
        try:
            question = coro.send(answers[question])
        except StopIteration as stop:  # the coroutine returned
            return stop.value


def drive_rest(coro, answers, first_answer):
    """Finish driving a coroutine that has already yielded its first question."""
    try:
        question = coro.send(first_answer)
        while True:
            question = coro.send(answers[question])
    except StopIteration as stop:
        return stop.value


class Robot:
    async def greet(self):
        return "beep"


def factory():
    async def inner():
        return 42

    return inner


async def introspective(holder):
    me = holder[0]  # the coroutine object that is running this very code
    print(f"    inside the body: cr_running={me.cr_running}, cr_suspended={me.cr_suspended}")
    await Ask("pause")
    print(f"    resumed: cr_running={me.cr_running}")
    return "done"


async def stubborn():
    try:
        await Ask("first")
    finally:
        print("    stubborn: finally runs, and awaits again (a bug)")
        await Ask("second")


def main():
    print("== what is a coroutine function?")
    for f in (interview, Robot().greet, factory(), functools.partial(interview, "x"), drive):
        print(f"    {getattr(f, '__qualname__', 'partial'):<22} {inspect.iscoroutinefunction(f)}")

    print("== driving interview() by hand")
    coro = interview("ada")
    print(f"    {coro.__name__=} {coro.__qualname__=} {inspect.isawaitable(coro)=}")
    print(f"    before start: cr_running={coro.cr_running} cr_await={coro.cr_await}")
    print(f"    send(None) -> {coro.send(None)!r}")
    print(f"    suspended: cr_suspended={coro.cr_suspended} awaiting={coro.cr_await is not None}")
    print(f"    send(36) -> {coro.send(36)!r}")
    print(f"    throw(ValueError) -> {coro.throw(ValueError('no such city'))!r}")
    try:
        coro.send("Wales")
    except StopIteration as stop:
        print(f"    send('Wales') -> StopIteration({stop.value!r})")
    try:
        coro.send(None)
    except RuntimeError as error:
        print(f"    sending again -> RuntimeError: {error}")

    print("== a chain of awaits: outer() -> interview() -> Ask")
    answers = {"how old is grace?": 85, "where do you live?": "Arlington"}
    chain = outer()
    print(f"    first question: {chain.send(None)!r}")
    print(f"    outer awaits {chain.cr_await.__qualname__}()")
    print(f"    result: {drive_rest(chain, answers, 85)!r}")
    print("    the same, driven by the drive() loop:")
    print(f"    result: {drive(outer(), answers)!r}")

    print("== cr_running is only true while the body runs")
    holder = []
    coro = introspective(holder)
    holder.append(coro)
    print(f"    -> yielded {coro.send(None)!r}; outside: cr_running={coro.cr_running}")
    try:
        coro.send(None)
    except StopIteration as stop:
        print(f"    -> returned {stop.value!r}")

    print("== close() and errors")
    coro = interview("alan")
    coro.send(None)
    coro.close()  # GeneratorExit at the pending await; nothing catches it
    print(f"    closed while suspended: cr_suspended={coro.cr_suspended}")
    coro = stubborn()
    coro.send(None)
    try:
        coro.close()
    except RuntimeError as error:
        print(f"    close() -> RuntimeError: {error}")
    coro.close()  # it is still suspended at Ask("second"): this close succeeds
    print(f"    second close(): cr_suspended={coro.cr_suspended}")
    coro = interview("linus")
    try:
        coro.send("too early")
    except TypeError as error:
        print(f"    send('too early') -> TypeError: {error}")
    coro.close()  # never started: close() just marks it finished


if __name__ == "__main__":
    main()
