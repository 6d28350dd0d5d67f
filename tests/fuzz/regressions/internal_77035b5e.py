# Fuzz regression (tests/fuzz): movenext fails to compile a valid program.
# Found on Python 3.11.7, seed 0; subprocess: reproduced.
# Fixed: a walrus binding a hoisted variable became `assign(this, 'x', ...)`,
# whose quotes clashed with the enclosing f-string's; now `assign(this, x=...)`.
#
# InternalCompilerError in transpile_source:
# Traceback (most recent call last):
#   File "/work/main/movenext/compiler/module.py", line 526, in _check_compiles
#     stub[0] = self._relead(stub[0], original.leading_lines)
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
#   File "fuzz_program.py", line 37
#     print("s1", len(f'{_movenext.assign(this, 'x', 0)}'))
#                                                ^
# SyntaxError: f-string: unmatched '('
#
# The above exception was the direct cause of the following exception:
#
# Traceback (most recent call last):
#   File "/work/main/tests/fuzz/runner.py", line 162, in check
#     compiled = transpile(source[len(prelude):])
#                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
#   File "/work/main/tests/fuzz/runner.py", line 141, in transpile
#     return movenext.transpile_source(source, FILENAME, format=False)
#            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
#   File "/work/main/movenext/__init__.py", line 24, in transpile_source
#     return compile_module(source, filename, format=format).code
#            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
#   File "/work/main/movenext/compiler/module.py", line 92, in compile_module
#     splicer.exact_lines = line_map and not format
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
#   File "/work/main/movenext/compiler/module.py", line 528, in _check_compiles
#     self.frames[-1].machines.extend(machine)
# movenext.errors.InternalCompilerError: generated code does not compile: f-string: unmatched '(' at line 37
#     1 import movenext.runtime as _movenext
#     2 
#     3 
#     4 class _g0_StateMachine(_movenext.AsyncGeneratorMachine):
#     5     """`g0` as a state machine; see move_next()."""
#     6 
#     7     __slots__ = ('state', 'awaiter', 'yielded', 'p', 'x')
#     8     local_variables = {'p': 'p', 'x': 'x'}
#     9     # Each state's source line, what it waits for and the variables
#    10     # live there (for tracebacks and movenext.runtime.describe()).
#    11     state_table = (
#    12         (1, 'start', ('p',)),
#    13         (3, 'yield 0', ('x',)),
#    14     )
#    15 
#    16     def __init__(this, p):
#    17         this.state = _movenext.CREATED
#    18         this.awaiter = None
#    19         this.p = p
#    20 
#    21     def move_next(this, sent, thrown):
#    22         # Jump table: the state says where this step resumes.
#    23         #   state 0: the start of the body
#    24         #   state 1: line 3, yield 0
#    25         resume = this.state
#    26         this.state = _movenext.RUNNING
#    27         if not resume:
#    28             this.x = this.p
#    29         # State 1. Line 3: yield 0
#    30         if resume == 1:
#    31             resume = 0
#    32             result = this.resume_yield(sent, thrown)
#    33         else:
#    34             this.yielded = 0
#    35             this.state = 1
#    36             return _movenext.YIELDED
#    37         print("s1", len(f'{_movenext.assign(this, 'x', 0)}'))
#    38 
#    39 
#    40 @_movenext.async_generator_function(_g0_StateMachine)
#    41 def g0(p):
#    42     return _g0_StateMachine(p)
#    43 
#    44 
#    45 class _main_StateMachine(_movenext.CoroutineMachine):
#    46     """`main` as a state machine; see move_next()."""
#    47 
#    48     __slots__ = ('state', 'awaiter', 'yielded', 'r2')
#    49     local_variables = {'r2': 'r2'}
#    50     # Each state's source line, what it waits for and the variables
#    51     # live there (for tracebacks and movenext.runtime.describe()).
#    52     state_table = (
import asyncio
import contextlib
import io
import sys


class E1(Exception):
    pass


class E2(E1):
    pass


def describe(exc, depth=0):
    """Type, args, __cause__/__context__ chain; no addresses."""
    if exc is None:
        return "None"
    text = f"{type(exc).__name__}{exc.args!r}"
    if depth > 6:
        return text + " ..."
    if exc.__cause__ is not None:
        text += f" from[{describe(exc.__cause__, depth + 1)}]"
    if exc.__context__ is not None and exc.__context__ is not exc.__cause__:
        hidden = "hidden " if exc.__suppress_context__ else ""
        text += f" {hidden}during[{describe(exc.__context__, depth + 1)}]"
    return text


def info():
    """sys.exc_info() right now."""
    return "exc_info=" + describe(sys.exc_info()[1])


def tick(tag, *args):
    """A traced call: prints its arguments (evaluation order), returns their sum."""
    print(tag, *args)
    return sum(args)


class Aw:
    """Awaitable: suspends `suspends` times (a value sent in replaces the
    result), then returns its value, or raises it if it is an exception."""

    def __init__(self, value, suspends=0):
        self.value = value
        self.suspends = suspends

    def __await__(self):
        value = self.value
        for _ in range(self.suspends):
            sent = yield
            if sent is not None:
                value = sent
        if isinstance(value, BaseException):
            raise value
        return value


class CM:
    def __init__(self, tag, suppress=False):
        self.tag = tag
        self.suppress = suppress

    def __enter__(self):
        print(self.tag, "enter")
        return 1

    def __exit__(self, typ, value, tb):
        print(self.tag, "exit", describe(value), info())
        return self.suppress


class ACM:
    def __init__(self, tag, suspends=0, suppress=False):
        self.tag = tag
        self.suspends = suspends
        self.suppress = suppress

    def __aenter__(self):
        print(self.tag, "aenter")
        return Aw(2, self.suspends)

    def __aexit__(self, typ, value, tb):
        print(self.tag, "aexit", describe(value), info())
        return Aw(self.suppress, self.suspends)


class ARange:
    """Async iterator over range(n); each step suspends `suspends` times."""

    def __init__(self, n, suspends=0):
        self.i = 0
        self.n = n
        self.suspends = suspends

    def __aiter__(self):
        return self

    def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        return Aw(self.i - 1, self.suspends)


class Report:
    """Await something and print its result or exception."""

    def __init__(self, label, awaitable):
        self.label = label
        self.awaitable = awaitable

    def __await__(self):
        try:
            value = yield from self.awaitable.__await__()
        except BaseException as exc:
            print(self.label, "raised", describe(exc), info())
            return None
        print(self.label, "->", repr(value), info())
        return value


class CancelAt:
    """Run a coroutine as a task, cancel it after `steps` loop iterations."""

    def __init__(self, label, coro, steps, *message):
        self.label = label
        self.coro = coro
        self.steps = steps
        self.message = message

    def __await__(self):
        task = asyncio.ensure_future(self.coro)
        for _ in range(self.steps):
            yield from asyncio.sleep(0).__await__()
        print(self.label, "cancel", task.cancel(*self.message))
        try:
            value = yield from task.__await__()
        except BaseException as exc:
            print(self.label, "raised", describe(exc), task.cancelled())
            return None
        print(self.label, "->", repr(value), task.cancelled())
        return value


def drive(label, coro, plan):
    """Step a coroutine (or an asend/athrow awaitable) by hand, then close it."""
    keep(coro)
    try:
        print(label, "yield", repr(coro.send(None)))
        for action, argument in plan:
            if action == "send":
                print(label, "yield", repr(coro.send(argument)))
            else:
                print(label, "yield", repr(coro.throw(argument)))
    except StopIteration as stop:
        print(label, "return", repr(stop.value))
    except BaseException as exc:
        print(label, "raised", describe(exc))
    try:
        print(label, "close", repr(coro.close()))
    except BaseException as exc:
        print(label, "close raised", describe(exc))


KEEP = []


def keep(obj):
    """Keep a coroutine or generator alive to the end: if it survives a
    close() (it ignored GeneratorExit), its finalizer must not run mid-trace
    at a moment that depends on garbage collection."""
    KEEP.append(obj)
    return obj


def run(main):
    try:
        asyncio.run(main())
    except BaseException as exc:
        print("main raised", describe(exc))
    print("done")
    # Finalizers that run at interpreter exit are not part of the trace.
    sys.stdout.flush()
    sys.stdout = io.StringIO()

async def g0(p):
    x = p
    yield 0
    print("s1", len(f'{(x := 0)}'))


async def main():
    r2 = keep(g0(0))
    await Report("r2.anext", r2.__anext__())
    await Report("r2.final-aclose", r2.aclose())


run(main)
