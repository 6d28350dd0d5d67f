"""compiler/unbound.py: which machine classes need the `__getattr__` that
turns an unset field into UnboundLocalError. A wrong "safe" would turn an
unbound read into an AttributeError, so the cases lean on that side; the
differential tests run the programs."""

from __future__ import annotations

import textwrap

import pytest

from movenext.compiler.hoist import variables_to_hoist
from movenext.compiler.unbound import may_read_unassigned

from .test_passes import _lower


def _decide(source: str) -> bool:
    lowered, scope, _ = _lower(textwrap.dedent(source))
    hoisted = variables_to_hoist(lowered.body, scope, lowered.temps, scope.deferred_captures())
    user = {name for name in hoisted if name not in lowered.temps and name not in lowered.fields}
    return may_read_unassigned(lowered.body, user, set(scope.params))


SAFE = {
    "parameters only": """
        async def f(a, b):
            await g()
            return a + b
    """,
    "assigned before the await": """
        async def f(a):
            x = a + 1
            await g()
            return x
    """,
    "assigned on both branches": """
        async def f(c):
            if c:
                x = 1
            else:
                x = 2
            await g()
            return x
    """,
    "loop target read in the body": """
        async def f(items):
            for item in items:
                await g()
                print(item)
    """,
    "await target": """
        async def f():
            x = await g()
            await g()
            return x
    """,
}

UNSAFE = {
    "assigned on one branch": """
        async def f(c):
            if c:
                x = 1
            await g()
            return x
    """,
    "deleted": """
        async def f(a):
            x = 1
            await g()
            del x
            await g()
            return x
    """,
    "deleted parameter": """
        async def f(a):
            del a
            await g()
            return a
    """,
    "assigned in a loop body, read after the loop": """
        async def f(items):
            for item in items:
                x = item
                await g()
            return x
    """,
    "assigned in the try body, read in the handler": """
        async def f():
            try:
                x = await g()
            except ValueError:
                await g()
                return x
    """,
    "loop else skipped by break": """
        async def f(items):
            for item in items:
                await g()
                if item:
                    break
            else:
                x = 1
            await g()
            return x
    """,
    "except-as name read after its handler": """
        async def f():
            try:
                await g()
            except ValueError as e:
                pass
            await g()
            return e
    """,
}


@pytest.mark.parametrize("name", sorted(SAFE))
def test_safe(name):
    assert not _decide(SAFE[name])


@pytest.mark.parametrize("name", sorted(UNSAFE))
def test_unsafe(name):
    assert _decide(UNSAFE[name])
