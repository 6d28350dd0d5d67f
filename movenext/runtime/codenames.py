"""Give the code of `move_next()` the names of the function it came from.

Python computes qualified names when it compiles: a function defined inside
`move_next` would be called `_f_StateMachine.move_next.<locals>.helper`, and
tracebacks would say `in move_next`. Natively they say `f.<locals>.helper` and
`in f`. When a compiled function is defined, `retitle` rewrites the names
recorded in the code objects (and the `__qualname__` strings of class bodies
nested in it) so that everything the program can observe carries the
original names. The bytecode itself is untouched.
"""

from __future__ import annotations

import types


def retitle(code: types.CodeType, old: str, new: str, name: str) -> types.CodeType:
    """`code` is move_next's code with qualname `old`; give it qualname `new`
    and name `name`, and fix the names nested inside it."""
    if not _has_nested(code):
        # Nothing inside names the old qualname (the common case: no nested
        # functions, lambdas, comprehensions or classes, whose code objects
        # hold those names).
        return code.replace(co_name=name, co_qualname=new)
    return _replace(code, old, new).replace(co_name=name, co_qualname=new)


def _replace(code: types.CodeType, old: str, new: str) -> types.CodeType:
    prefix = old + ".<locals>."
    changed = False
    constants = []
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            replaced = _replace(constant, old, new)
            changed |= replaced is not constant
            constant = replaced
        elif isinstance(constant, str) and constant.startswith(prefix):
            constant = new + constant[len(old):]  # a class body's __qualname__
            changed = True
        constants.append(constant)
    qualname = code.co_qualname
    if qualname.startswith(prefix):
        qualname = new + qualname[len(old):]
    if not changed and qualname == code.co_qualname:
        return code
    return code.replace(co_consts=tuple(constants), co_qualname=qualname)


def _has_nested(code: types.CodeType) -> bool:
    """Whether `code` holds the code of nested functions (class bodies
    included: their `__qualname__` strings only occur with one)."""
    for constant in code.co_consts:
        if type(constant) is types.CodeType:
            return True
    return False
