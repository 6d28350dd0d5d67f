"""The values a state machine's `state` field takes, and the suspension marker.

A compiled coroutine's `state` field works like the `<>1__state` field of a C#
async state machine:

* ``CREATED`` (0): the coroutine object exists; its body has not started.
* a positive number *k*: suspended at await site *k* (see the machine's jump
  table); the next `move_next()` resumes there.
* ``RUNNING``: `move_next()` is on the stack right now.
* ``DONE``: finished by returning, raising, or being closed.

`move_next()` returns the coroutine's result when the body finishes, or the
``SUSPENDED`` marker when it stops at an await; the value to hand to the event
loop is then in the machine's ``yielded`` field.
"""

CREATED = 0
RUNNING = -1
DONE = -2


class _Marker:
    """A unique, self-describing sentinel."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return self._name

    def __reduce__(self) -> str:
        return self._name


#: Returned by `move_next()` when the machine stopped at an await.
SUSPENDED = _Marker("SUSPENDED")

#: Returned by a coroutine's `move_next()` at an await it hands over: the
#: awaitable is in the machine's ``awaiter`` field, not started; whoever runs
#: the machine awaits it (natively, in runtime/driving.py) and calls
#: `move_next(result, DELIVERED)` when it completes.
DELEGATE = _Marker("DELEGATE")

#: The `thrown` argument of `move_next(result, DELIVERED)`: the await the
#: machine handed over completed, and `sent` is its result.
DELIVERED = _Marker("DELIVERED")

#: Returned by an async generator's `move_next()` at a `yield`.
YIELDED = _Marker("YIELDED")

#: Pending exits of a `try` whose `finally` block can suspend: after the
#: `finally` block runs, the machine replays the exit recorded here.
RETURN = _Marker("RETURN")
BREAK = _Marker("BREAK")
CONTINUE = _Marker("CONTINUE")

#: `next(iterator, EXHAUSTED)` in a `for` loop whose body can suspend.
EXHAUSTED = _Marker("EXHAUSTED")
