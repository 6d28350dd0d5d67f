"""movenext's compiler: `async def` -> MoveNext state machines.

The pipeline, one module per pass:

    validate  CPython accepts the source (its own compiler decides)
    symbols   scopes and variables (Python's rules, over libcst)
    lower     desugar async with/for, with, loops, match, finally; spill awaits
    states    number the await sites (preorder ranges)
    hoist     liveness: which variables become fields
    rewrite   variables -> fields, super(), nonlocal
    emit      the state-machine class and the stub
    module    splice into the module, format with black, check it compiles
"""

from .module import ModuleResult, compile_module

__all__ = ["ModuleResult", "compile_module"]
