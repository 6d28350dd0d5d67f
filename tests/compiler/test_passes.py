"""Unit tests of single passes, on the IR dump (`ir.dump`) and on decisions."""

from __future__ import annotations

import libcst as cst

from movenext.compiler import ir, names
from movenext.compiler.function import FunctionEnvironment
from movenext.compiler.hoist import variables_to_hoist
from movenext.compiler.lower import Lowerer, LoweringContext
from movenext.compiler.states import block_range, number_states
from movenext.compiler.symbols import analyze
from movenext.compiler.syntax import IdentityMap


def _lower(source: str):
    module = cst.parse_module(source)
    function = module.body[0]
    table = analyze(cst.Module([function]))
    scope = table.scope_for(function)
    fresh = names.Fresh(table.identifiers)
    lowerer = Lowerer(
        LoweringContext(
            scope=scope,
            runtime="_movenext",
            fresh=fresh,
            line_of={},
            function_line=1,
            table=table,
            captured=scope.deferred_captures(),
        )
    )
    lowered = lowerer.function_body(function.body.body)
    sites = number_states(lowered.body)
    return lowered, scope, sites


def _dump(source: str) -> list[str]:
    lowered, _, _ = _lower(source)
    return [line.strip() for line in ir.dump(lowered.body).splitlines()]


# -- spill: awaits leave expressions, in CPython's evaluation order -----------


def test_await_as_statement_and_assignment_need_no_temporaries():
    lines = _dump("async def f(a):\n    await a()\n    x = await a()\n    return x\n")
    assert lines[0].endswith("await a()  [state 1]")
    assert lines[1].endswith("x = await a()  [state 2]")


def test_callee_and_earlier_arguments_are_kept_before_a_later_await():
    lines = _dump("async def f(g, h):\n    print(g(), await h())\n")
    joined = "\n".join(lines)
    assert "tmp_1 = print" in joined  # the callee is looked up first
    assert "tmp_2 = g()" in joined
    assert joined.index("tmp_2 = g()") < joined.index("await h()")
    # The awaited value goes straight into the call: the statement after the
    # await is its only reader, so it reads the await's `result`.
    assert lines[-2].endswith("tmp_1(tmp_2, result)")
    # ... and then let go of, as natively the stack is popped.
    assert lines[-1].endswith("tmp_1 = tmp_2 = result = None")


def test_stable_locals_are_not_copied():
    lines = _dump("async def f(x, h):\n    return x + await h()\n")
    assert not any("tmp" in line for line in lines)


def test_and_with_await_on_the_right_becomes_a_branch():
    lines = _dump("async def f(a, b):\n    return a() and await b()\n")
    joined = "\n".join(lines)
    assert "operand_1 = a()" in joined
    assert "if operand_1:" in joined
    assert joined.index("if operand_1:") < joined.index("await b()")


def test_chained_comparison_evaluates_the_middle_operand_once():
    lines = _dump("async def f(a, b, c):\n    return a < await b() < c\n")
    joined = "\n".join(lines)
    assert joined.count("await b()") == 1
    assert "< c" in joined


def test_augmented_assignment_reads_the_old_value_first():
    lines = _dump("async def f(o, g):\n    o.x += await g()\n")
    joined = "\n".join(lines)
    assert joined.index("old_1 = o.x") < joined.index("await g()")
    assert lines[-2].endswith("o.x = old_1")
    assert lines[-1].endswith("old_1 = result = None")


def test_a_temporary_read_later_than_the_next_statement_stays():
    # `awaited_1` is read by the call, two statements after its await (the
    # second await comes between): it must stay; `b`'s result is read at once.
    lines = _dump("async def f(show, a, b):\n    show(await a(), await b())\n")
    joined = "\n".join(lines)
    assert "awaited_1 = await a()" in joined
    assert lines[-2].endswith("show(awaited_1, result)")
    assert lines[-1].endswith("awaited_1 = result = None")


# -- desugaring ------------------------------------------------------------------


def test_async_for_becomes_a_loop_over_anext():
    joined = "\n".join(_dump("async def f(it):\n    async for x in it:\n        print(x)\n"))
    assert "_movenext.async_iterator(it)" in joined
    assert "await _movenext.next_awaitable(async_iterator_1)" in joined
    assert "except _movenext.StopAsyncIteration:" in joined


def test_try_whose_finally_awaits_nests_its_handlers():
    lowered, _, _ = _lower(
        "async def f(a):\n    try:\n        a()\n    except E:\n        pass\n    finally:\n        await a()\n"
    )
    outer = lowered.body[0]
    assert isinstance(outer, ir.Try) and outer.finalbody and not outer.handlers
    inner = outer.body[0]
    assert isinstance(inner, ir.Try) and len(inner.handlers) == 1 and inner.finalbody is None


def test_match_with_awaiting_guard_selects_a_case_number_first():
    joined = "\n".join(
        _dump(
            "async def f(p, g):\n"
            "    match p:\n"
            "        case 1 if await g():\n"
            "            return 1\n"
            "        case _:\n"
            "            return 2\n"
        )
    )
    assert "case_1 = 0" in joined
    assert "if case_1 == 1:" in joined


# -- states ------------------------------------------------------------------------


def test_states_are_numbered_in_preorder_with_contiguous_ranges():
    lowered, _, sites = _lower(
        "async def f(a):\n"
        "    await a()\n"
        "    for x in a():\n"
        "        await a()\n"
        "        await a()\n"
        "    await a()\n"
    )
    assert [site.state for site in sites] == [1, 2, 3, 4]
    loop = next(node for node in lowered.body if isinstance(node, ir.For))
    assert (loop.first_state, loop.last_state) == (2, 3)
    assert block_range(lowered.body) == (1, 4)


# -- hoisting ---------------------------------------------------------------------


def test_variables_bound_at_an_await_are_hoisted_read_again_or_not():
    lowered, scope, _ = _lower(
        "async def f(a):\n"
        "    kept = a()\n"
        "    unread = a()\n"  # natively its value lives on across the await
        "    print(unread)\n"
        "    await a()\n"
        "    print(kept)\n"
        "    after = a()\n"  # bound at no await
        "    print(after)\n"
    )
    hoisted = variables_to_hoist(lowered.body, scope, lowered.temps, scope.deferred_captures())
    assert {"kept", "unread"} <= hoisted and "after" not in hoisted
    assert "a" in hoisted  # parameters always are


def test_a_loop_binds_at_every_await_inside_it():
    lowered, scope, _ = _lower(
        "async def f(items):\n"
        "    for item in items:\n"
        "        await g()\n"
        "        last = item\n"  # bound at the await of the next iteration
        "    done = 1\n"
    )
    hoisted = variables_to_hoist(lowered.body, scope, lowered.temps, scope.deferred_captures())
    assert {"item", "last"} <= hoisted and "done" not in hoisted


def test_variables_used_by_closures_are_hoisted():
    lowered, scope, _ = _lower(
        "async def f(a):\n    x = 1\n    g = lambda: x\n    print(g())\n"
    )
    hoisted = variables_to_hoist(lowered.body, scope, lowered.temps, scope.deferred_captures())
    assert "x" in hoisted


def test_loop_variables_are_hoisted_though_reassigned_every_iteration():
    # Natively the value of `i` lives across the await, until the next
    # iteration rebinds it (or the function ends).
    lowered, scope, _ = _lower(
        "async def f(a):\n    for i in a:\n        await a(i)\n"
    )
    hoisted = variables_to_hoist(lowered.body, scope, lowered.temps, scope.deferred_captures())
    assert "i" in hoisted


# -- names ---------------------------------------------------------------------------


def test_generated_names_avoid_the_users_names():
    fresh = names.Fresh({"this", "this_", "resume"})
    assert fresh.clean("this") == "this__"
    assert fresh.clean("resume") == "resume_"
    assert fresh.unique("_f_StateMachine") == "_f_StateMachine"
    assert fresh.unique("_f_StateMachine") == "_f_StateMachine_2"


def test_fields_never_shadow_machine_attributes_or_get_mangled():
    used: set[str] = set()
    assert names.field_name("send", used) == "send_"
    assert names.field_name("state", used) == "state_"
    assert names.field_name("__secret", used) == "private__secret"


def test_identity_map_does_not_confuse_recycled_ids():
    mapping = IdentityMap()
    node = cst.Name("x")
    mapping[node] = 1
    assert mapping.get(node) == 1
    assert mapping.get(cst.Name("x")) is None


def test_function_environment_defaults():
    env = FunctionEnvironment(
        fresh=names.Fresh(set()), runtime="_movenext", line_of={}, line=1, qualname="f",
        enclosing_class=None, mangling_class=None, async_depth=0,
    )
    assert env.exact_lines is False


def test_contains_await_reads_fields_not_layout():
    """contains_await walks node fields itself (syntax.child_nodes): it must
    find suspensions anywhere code can be, and none in nested bodies."""
    from movenext.compiler.syntax import contains_await

    def expression(text):
        return cst.parse_expression(text)

    def statement(text):
        return cst.parse_statement(text)

    assert contains_await(expression("f(a, *[await b], k=c)"))
    assert contains_await(expression("{k: (await v) for k in x}"))
    assert contains_await(expression("[x async for x in y]"))
    assert contains_await(expression("(x for x in await y)"))  # the outermost iterable runs here
    assert not contains_await(expression("(await x for x in y)"))  # its body runs later
    assert not contains_await(expression("lambda: (yield)"))
    assert contains_await(expression("lambda a=(await d): a"))
    assert contains_await(expression("f'{await x!r:>{await w}}'"))
    assert contains_await(statement("async with a: pass"))
    assert contains_await(statement("if x:\n    pass\nelse:\n    await y\n"))
    assert contains_await(statement("@deco(await d)\ndef f(): pass\n"))
    assert not contains_await(statement("def f():\n    await x\n"))
    assert contains_await(statement("def f(a: (await t) = 1): pass\n"))
    assert contains_await(statement("class C(await base):\n    pass\n"))
    assert not contains_await(statement("class C:\n    x = 1\n"))
    assert contains_await(statement("match x:\n    case [1] if await g:\n        pass\n"))
    assert contains_await(statement("x = yield"))
