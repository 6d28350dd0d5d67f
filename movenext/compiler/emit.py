"""Emission: print the state-machine class and the stub of one function.

The emitted `move_next()` keeps the function's own `if`/`while`/`for`/`try`
structure and resumes by *descending* into it (the hierarchical seek of
DESIGN.md section 3). A local `resume` holds the state to resume at; each
statement that contains states asks whether `resume` lies in its range, and
the await site that owns the state clears it. So on the normal path every
guard is one falsy test, and nothing outside the way down runs on resume:

    if not resume:            # statements before the next state: skipped on resume
        ...
    if resume <= 3:           # this statement holds states ..3: enter it
        ...
    while resume or cond:     # a loop holding the state: re-enter its body
    if resume == 2:           # the await site itself
        resume = 0            # arrived: from here on, normal execution
        result = this.resume_await(sent, thrown)

Two places need more than a test, because Python has no goto:

* resuming inside an `except` block re-raises the exception that block was
  handling (kept in a field) inside the re-entered `try`, so the block runs as
  a real handler again: `sys.exc_info()`, bare `raise` and `__context__` are
  right. The raise changes the exception's traceback and context; the handler
  restores both first.
* a `finally` block must not run when the machine merely suspends (which is a
  `return` from move_next): it runs only while `this.state == RUNNING`. A
  `finally` that itself awaits records why it was entered (exception, return,
  break, continue) in a field so it can finish the same way after resuming.
"""

from __future__ import annotations

import copy
import dataclasses
from contextlib import contextmanager
from dataclasses import dataclass, field

import libcst as cst

from . import ir
from .linemaps import offset_lines
from .names import type_alias
from .rewrite import RewriteContext, rewrite_expression, rewrite_statement
from .states import block_range
from .syntax import string_continuation_rows
from .unbound import may_read_unassigned

_EMPTY = cst.Module([])
# Source line of generated lines that only steer resumption (`resume`
# guards, re-entry bookkeeping): none. The import hook gives their
# instructions no location at all, so resuming reports no line events for
# statements it skips and pdb breakpoints there stop only when they run.
NO_LINE = -1
_TIGHT = (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.Integer, cst.SimpleString, cst.Comparison)


@dataclass
class FunctionPlan:
    """Everything the emitter needs about one function (built by `function.py`)."""

    name: str
    qualname: str
    line: int
    machine: str  # state-machine class name
    machine_statement_name: str  # name in the class statement (see mangling)
    runtime: str
    receiver: str
    resume: str
    sent: str
    thrown: str
    result: str
    params: list[str]
    stub_header: list[tuple[str, int]]  # decorators, then `def name(params) -> returns:`, with lines
    docstring: str | None
    body: list[ir.Node]
    sites: list[ir.Await]
    hoisted: dict[str, str]  # variable -> field
    user_variables: list[str]  # hoisted user variables in order
    generated_fields: list[str]
    rewrite: RewriteContext
    class_field: str | None
    name_temp: "callable"  # allocates a new local name
    name_field: "callable"  # allocates a new field
    extra_fields: list[str] = field(default_factory=list)
    line_maps: object = None  # IdentityMap: generated statement -> its source lines
    line_of: dict | None = None  # id(original node) -> line, when lines must be exact
    base_class: str = "CoroutineMachine"
    decorator: str = "coroutine_function"
    # (source line, what it waits for, live user variables) of each state.
    state_table: list[tuple[int, str, list[str]]] = field(default_factory=list)
    # The machine's field holding its Cells, if nested code shares variables
    # (`rewrite.holder` is move_next's local for it, `rewrite.cell_fields` the
    # fields that live there).
    holder_field: str | None = None
    temps: frozenset = frozenset()  # generated local variables (see lower)
    parameters: cst.Parameters | None = None  # the function's, for the `direct` body
    callee: str = ""  # temporary holding an awaited call's callee (direct calls)
    copies_variables: bool = True  # direct body: has variables its machine keeps
    handed_to_machine: list[str] = field(default_factory=list)  # direct body: those variables


@dataclass
class _Exit:
    """A `finally` that awaits, between a jump and its target."""

    pending: str
    loop_depth: int  # loops enclosing the try


class Emitter:
    def __init__(self, plan: FunctionPlan, direct: bool = False) -> None:
        self.plan = plan
        # Emitting the `direct` body (runtime/direct.py): the same code with
        # plain variables, no resumption, and a machine made on suspension.
        self.direct = direct
        self.guarded = False  # direct: `finally` code asks whether it became a machine
        self.lines: list[tuple[int, str, int]] = []  # (indent, text, source line)
        self.level = 0
        self.exits: list[_Exit] = []
        self.loop_depth = 0
        # Inside an except clause or a finally block: there the awaited object
        # must run inside move_next's frame, which is handling an exception
        # (sys.exc_info(), implicit chaining), so the await is not delegated.
        self.handling = 0
        self.return_field: str | None = None
        self.last_line = 0  # source line of the last line emitted that has one

    # -- output helpers ---------------------------------------------------

    def line(self, text: str, source_line: int = 0) -> None:
        self.lines.append((self.level, text, source_line))
        if source_line > 0:
            self.last_line = source_line

    def steering(self, next_line: int) -> int:
        """Source line for a resume guard before a statement of `next_line`:
        none, unless the code just before is on that same line too (then a
        line without location in between would report the line twice)."""
        return next_line if self.last_line == next_line else NO_LINE

    @contextmanager
    def handling_exception(self):
        self.handling += 1
        try:
            yield
        finally:
            self.handling -= 1

    @contextmanager
    def indented(self):
        self.level += 1
        try:
            yield
        finally:
            self.level -= 1

    def block_lines(self, text: str, source_line: int) -> None:
        """Add code, indented to the current level, except the lines that
        continue a multi-line string (their text is the string's content)."""
        rows = text.rstrip("\n").split("\n")
        inside = string_continuation_rows(text) if len(rows) > 1 else set()
        for number, row in enumerate(rows, start=1):
            self.lines.append((-1 if number in inside else self.level, row, source_line))
        if source_line > 0:
            self.last_line = source_line

    def expr(self, node: cst.CSTNode) -> str:
        text = _EMPTY.code_for_node(rewrite_expression(node, self.plan.rewrite))
        if "\n" in text and not (text.startswith("(") and text.endswith(")")):
            text = f"({text})"  # line breaks from the user's brackets stay legal
        return text

    def grouped(self, node: cst.CSTNode) -> str:
        text = self.expr(node)
        return text if isinstance(node, _TIGHT) else f"({text})"

    def rt(self, name: str) -> str:
        return f"{self.plan.runtime}.{name}"

    def this(self, field_name: str) -> str:
        if self.direct:
            return field_name  # the variable itself: no machine yet
        return f"{self.plan.rewrite.owner(field_name)}.{field_name}"

    def field_path(self, field_name: str) -> str:
        """How the runtime finds a field from the machine: `x`, or `cells.x`
        for one in the holder (local_variables)."""
        if field_name in self.plan.rewrite.cell_fields:
            return f"{self.plan.holder_field}.{field_name}"
        return field_name

    def running(self) -> str:
        """True while the body runs on (a `return` out of it is not a
        suspension): the guard of `finally` code."""
        if self.direct:
            return f"{self.plan.receiver} is None"
        return f"{self.this('state')} == {self.rt('RUNNING')}"

    def render(self) -> tuple[str, list[int]]:
        text_lines, line_map = [], []
        for level, text, source_line in self.lines:
            text_lines.append(("    " * level + text) if text and level >= 0 else text)
            line_map.append(source_line)
        return "\n".join(text_lines) + "\n", line_map

    # -- the class ------------------------------------------------------------

    def emit(self) -> tuple[str, list[int]]:
        plan = self.plan
        body_emitter = Emitter(plan)
        body_emitter.level = 2
        body_emitter.function_body()
        direct_emitter = None
        if runs_directly(plan):
            direct_emitter = Emitter(direct_plan(plan), direct=True)
            direct_emitter.level = 2
            direct_emitter.return_field = body_emitter.return_field  # one field for both bodies
            direct_emitter.direct_body()
        fields = [
            "state",
            "awaiter",
            "yielded",
            *[plan.hoisted[v] for v in plan.user_variables],
            *plan.generated_fields,
            *plan.extra_fields,
            *([plan.class_field] if plan.class_field else []),
            *([plan.holder_field] if plan.holder_field else []),
        ]
        shared = [f for f in dict.fromkeys(fields) if f in plan.rewrite.cell_fields]
        fields = [f for f in fields if f not in plan.rewrite.cell_fields]
        p = plan.receiver
        self.line(f"class {plan.machine_statement_name}({self.rt(plan.base_class)}):", plan.line)
        with self.indented():
            self.line(f'"""`{plan.qualname}` as a state machine; see move_next()."""', plan.line)
            self.line("")
            self.line(f"__slots__ = ({', '.join(repr(f) for f in dict.fromkeys(fields))})", plan.line)
            variables = ", ".join(f"{self.field_path(plan.hoisted[v])!r}: {v!r}" for v in plan.user_variables)
            self.line(f"local_variables = {{{variables}}}", plan.line)
            self.state_table()
            own_variables = {v for v in plan.user_variables if plan.hoisted[v] not in plan.rewrite.cell_fields}
            if own_variables and may_read_unassigned(plan.body, own_variables, set(plan.params)):
                self.line("# A variable may be read before it is assigned: reading its unset", plan.line)
                self.line("# field raises UnboundLocalError (NameError in a nested function).", plan.line)
                self.line(f"__getattr__ = {self.rt('unassigned_read')}", plan.line)
            if plan.rewrite.cell_fields:
                self.line("", plan.line)
                self.line(f"class Cells({self.rt('Cells')}):", plan.line)
                with self.indented():
                    self.line('"""The variables nested functions share with the body. As', plan.line)
                    self.line("CPython's cells, they live apart from the coroutine: a closure", plan.line)
                    self.line('does not keep it alive."""', plan.line)
                    self.line("")
                    self.line(f"__slots__ = ({', '.join(repr(f) for f in shared)},)", plan.line)
            self.line("")
            init_params = ", ".join([p, *plan.params, *(["defining_class"] if plan.class_field else [])])
            self.line(f"def __init__({init_params}):", plan.line)
            with self.indented():
                self.line(f"{p}.state = {self.rt('CREATED')}", plan.line)
                if plan.base_class == "AsyncGeneratorMachine":
                    self.line(f"{p}.awaiter = None", plan.line)
                if plan.rewrite.holder:
                    self.line(f"{p}.{plan.holder_field} = {plan.rewrite.holder} = {p}.Cells()", plan.line)
                for param in plan.params:
                    self.line(f"{self.this(plan.hoisted[param])} = {param}", plan.line)
                if plan.class_field:
                    self.line(f"{self.this(plan.class_field)} = defining_class", plan.line)
            self.line("")
            self.line(f"def move_next({p}, {plan.sent}, {plan.thrown}):", plan.line)
        self.lines.extend(body_emitter.lines)
        if direct_emitter is not None:
            with self.indented():
                self.line("")
                self.line("@staticmethod", plan.line)
                self.line(f"def direct({direct_parameters(plan.parameters)}):", plan.line)
            self.lines.extend(direct_emitter.lines)
        return self.render()

    def state_table(self) -> None:
        plan = self.plan
        self.line("# Each state's source line, what it waits for and the variables", plan.line)
        self.line("# live there (for tracebacks and movenext.runtime.describe()).", plan.line)
        self.line("state_table = (", plan.line)
        with self.indented():
            for line, what, live in plan.state_table:
                names = ", ".join(repr(name) for name in live) + ("," if len(live) == 1 else "")
                self.line(f"({line}, {what!r}, ({names})),", line)
        self.line(")", plan.line)

    def stub(self) -> tuple[str, list[int]]:
        plan = self.plan
        self.lines = []
        self.level = 0
        *decorators, (definition, def_line) = plan.stub_header
        for text, line in decorators:
            self.block_lines(text, line)
        self.line(f"@{self.rt(plan.decorator)}({plan.machine})", def_line)
        self.block_lines(definition, def_line)
        with self.indented():
            if plan.docstring is not None:
                self.block_lines(plan.docstring, plan.line)
            args = list(plan.params) + (["__class__"] if plan.class_field else [])
            self.line(f"return {plan.machine}({', '.join(args)})", plan.line)
        return self.render()

    # -- move_next ---------------------------------------------------------------

    def function_body(self) -> None:
        plan = self.plan
        self.jump_table()
        self.line(f"{plan.resume} = {self.this('state')}", NO_LINE)
        self.line(f"{self.this('state')} = {self.rt('RUNNING')}", NO_LINE)
        if plan.rewrite.holder:
            self.line(f"{plan.rewrite.holder} = {self.this(plan.holder_field)}", NO_LINE)
        self.line("try:", NO_LINE)
        with self.indented():
            self.block(plan.body, may_resume=bool(plan.sites))
        self.line("finally:", NO_LINE)
        with self.indented():
            self.line("# A traceback may keep this frame: it must not keep the machine", NO_LINE)
            self.line("# (a native coroutine's frame does not keep the coroutine).", NO_LINE)
            self.line(f"{plan.receiver} = {plan.sent} = {plan.thrown} = None", NO_LINE)

    def direct_body(self) -> None:
        """The `direct` static method's body (runtime/direct.py)."""
        plan = self.plan
        self.line(f"# `{plan.name}`'s body again, for a compiled `await {plan.name}(...)`: it runs", plan.line)
        self.line("# right there, with plain variables, and becomes a machine only if", plan.line)
        self.line("# it suspends. (Defaults: the function's own.)", plan.line)
        self.guarded = bool(plan.sites) and _guards_finally(plan.body)
        if self.guarded:
            self.line(f"{plan.receiver} = None  # the machine, once it suspends", NO_LINE)
        error = plan.name_temp("error")
        self.line("try:", NO_LINE)
        with self.indented():
            self.block(plan.body, False)
        self.line(f"except {self.rt('StopIteration')} as {error}:  # PEP 479", NO_LINE)
        with self.indented():
            self.line(f'raise {self.rt("RuntimeError")}("coroutine raised StopIteration") from {error}', plan.line)
        if self.guarded:
            self.line("finally:", NO_LINE)
            with self.indented():
                self.line(f"{plan.receiver} = None  # a frame a traceback keeps must not keep the machine", NO_LINE)

    def jump_table(self) -> None:
        plan = self.plan
        self.line("# Jump table: the state says where this step resumes.", plan.line)
        self.line("#   state 0: the start of the body", plan.line)
        for site in plan.sites:
            text = " ".join(site.text.split())
            if len(text) > 60:
                text = text[:57] + "..."
            keyword = "yield" if isinstance(site, ir.Yield) else "await"
            self.line(f"#   state {site.state}: line {site.line}, {keyword} {text}".rstrip(), site.line)

    def _return_awaited_directly(self, nodes: list[ir.Node]) -> list[ir.Node]:
        """`return await x` is spilled to `t = await x; return t`: emit it as
        `return result` (t is a temporary kept in no field)."""
        result = list(nodes)
        for index, (first, second) in enumerate(zip(nodes, nodes[1:])):
            if (
                isinstance(first, ir.Await)
                and isinstance(first.target, cst.Name)
                and first.target.value in self.plan.temps
                and first.target.value not in self.plan.hoisted
                and isinstance(second, ir.Return)
                and isinstance(second.value, cst.Name)
                and second.value.value == first.target.value
            ):
                direct = copy.copy(first)  # keeps its state numbers
                direct.target = None
                result[index : index + 2] = [direct, ir.Return(second.line, cst.Name(self.plan.result))]
        return result

    def block(self, nodes: list[ir.Node], may_resume: bool) -> None:
        """Emit a statement list. With `may_resume`, `resume` may be nonzero
        here: statements before the state to resume at must be skipped."""
        if not nodes:
            self.line("pass")
            return
        nodes = self._return_awaited_directly(nodes)
        i = 0
        while i < len(nodes):
            node = nodes[i]
            later = any(n.has_states for n in nodes[i + 1 :])
            if not (may_resume and later):
                self.node(node, may_resume and node.has_states)
                i += 1
                continue
            if node.has_states:
                self.line(f"if {self.plan.resume} <= {node.last_state}:", NO_LINE)
                with self.indented():
                    self.node(node, True)
                i += 1
                continue
            group = []
            while i < len(nodes) and not nodes[i].has_states:
                group.append(nodes[i])
                i += 1
            self.line(f"if not {self.plan.resume}:", NO_LINE)
            with self.indented():
                for plain in group:
                    self.node(plain, False)

    def node(self, node: ir.Node, may_resume: bool) -> None:
        getattr(self, "emit_" + type(node).__name__)(node, may_resume)

    # -- simple statements --------------------------------------------------------

    def emit_Code(self, node: ir.Code, may_resume: bool) -> None:
        module = rewrite_statement(node.statement, self.plan.rewrite)
        known = self.plan.line_maps.get(node.statement)
        if not known and self.plan.line_of is not None and "\n" in module.code.rstrip("\n"):
            # A statement of several lines (a nested def, a call over lines):
            # map each line, not all of them to the first.
            lines = offset_lines(node.statement, module.code, self.plan.line_of, node.line)
            start = len(self.lines)
            self.block_lines(module.code, node.line)
            for offset in range(start, len(self.lines)):
                level, text, _ = self.lines[offset]
                self.lines[offset] = (level, text, lines[min(offset - start, len(lines) - 1)])
            return
        if not known:
            self.block_lines(module.code, node.line)
            return
        # Code generated for a nested function: keep its own line map.
        start = len(self.lines) + len(getattr(node.statement, "leading_lines", ()))
        self.block_lines(module.code, node.line)
        for offset in range(start, len(self.lines)):
            level, text, _ = self.lines[offset]
            index = min(offset - start, len(known) - 1)
            self.lines[offset] = (level, text, known[index])

    def emit_Await(self, node: ir.Await, may_resume: bool) -> None:
        plan = self.plan
        text = " ".join(node.text.split())
        if self.direct:
            self.line(f"# Line {node.line}: await {text} (state {node.state} if it suspends)", node.line)
        else:
            self.line(f"# State {node.state}. Line {node.line}: await {text}", node.line)
        purpose = "" if node.purpose == "AWAIT" else f", {self.rt(node.purpose)}"
        call = node.value if _direct_call(node, plan.runtime) else None
        if self.direct:
            start = f"{self.rt('await_direct')}({{}}{purpose})"
        else:
            start = f"{self.this('start_await')}({{}}{purpose})"
        iterator = _anext_of(node, plan.runtime)
        if iterator is not None:
            # `async for`: a compiled async generator gives its next item
            # without the awaitable its __anext__() would return.
            start = f"{self.rt('anext_direct')}({{}})" if self.direct else f"{self.this('start_anext')}({{}})"
            node = copy.copy(node)
            node.value = iterator
        # Handed over (runtime/driving.py): the driver awaits it natively and
        # resumes this machine with the result. Not inside an except clause
        # or finally block: there it must run in this frame (sys.exc_info()).
        delegated = (
            not self.direct
            and not self.handling
            and node.purpose == "AWAIT"
            and iterator is None
            and plan.base_class == "CoroutineMachine"
        )

        def begin(awaitable: str, callee: str | None = None) -> None:
            """Start the await here, or hand it over."""
            if delegated:
                self._hand_over(awaitable, node, callee)
                return
            self.line(f"{plan.result} = {start.format(awaitable)}", node.line)
            if callee is not None:
                self.line(f"{callee} = None", node.line)  # no reference kept (e.g. a bound method's object)

        keyword = "if"
        if may_resume:
            steering = self.steering(node.line)
            self.line(f"if {plan.resume} == {node.state}:", steering)
            with self.indented():
                self.line(f"{plan.resume} = 0", steering)
                resumed = f"{plan.result} = {self.this('resume_await')}({plan.sent}, {plan.thrown})"
                if delegated:
                    self.line(f"if {plan.thrown} is {self.rt('DELIVERED')}:  # the driver awaited it", node.line)
                    with self.indented():
                        self.line(f"{plan.result} = {plan.sent}", node.line)
                        # (As natively, the result lives only as long as the
                        # expression's temporary does.)
                        self.line(f"{plan.sent} = None", node.line)
                    self.line("else:", node.line)
                    with self.indented():
                        self.line(resumed, node.line)
                else:
                    self.line(resumed, node.line)
            keyword = "elif"
        if call is not None:
            # `await f(...)` of a compiled `f`: run its body here, no coroutine object.
            plan.callee = plan.callee or plan.name_temp("callee")
            callee = plan.callee
            arguments = self.expr(call.with_changes(func=cst.Name(callee)))
            direct_call = self.expr(call.with_changes(func=cst.Attribute(cst.Name(callee), cst.Name("_movenext_direct"))))
            self.line(
                f"{keyword} {type_alias(plan.runtime)}({callee} := {self.grouped(call.func)}) is {self.rt('Compiled')}:",
                node.line,
            )
            with self.indented():
                if not self.direct:
                    self.line("# Compiled too: its body runs right here (runtime/direct.py).", node.line)
                self.line(f"{plan.result} = {direct_call}", node.line)
                if not self.direct:
                    self.line(f"if {plan.result} is {self.rt('SUSPENDED')}:", node.line)
                    with self.indented():
                        self.line(f"{self.this('adopt_suspended')}()", node.line)
            self.line("else:", node.line)
            with self.indented():
                begin(arguments, callee)
        elif keyword == "elif":
            self.line("else:", node.line)
            with self.indented():
                begin(self.expr(node.value))
        else:
            begin(self.expr(node.value))
        self.line(f"if {plan.result} is {self.rt('SUSPENDED')}:", node.line)
        with self.indented():
            if self.direct:
                # From here on, this call is a machine: it resumes in move_next().
                variables = f", {self.rt('locals')}()" if plan.copies_variables else ""
                transfer = f"{plan.machine}.suspended_at({node.state}{variables})"
                if self.guarded:
                    transfer = f"{plan.receiver} = {transfer}"
                self.line(transfer, node.line)
                kept = [name for name in plan.handed_to_machine if name != plan.result]
                if plan.copies_variables and kept:
                    # The machine holds them now. Let go here too: a traceback
                    # may keep this frame (and so its variables) alive.
                    self.line(f"{' = '.join(kept)} = None", node.line)
            else:
                self.line(f"{self.this('state')} = {node.state}", node.line)
            self.line(f"return {plan.result}", node.line)
        if node.target is not None:
            self.line(f"{self.expr(node.target)} = {plan.result}", node.line)

    def _hand_over(self, awaitable: str, node: ir.Await, callee: str | None = None) -> None:
        """Leave the awaitable for the driver and stop: `DELEGATE`."""
        self.line("# Handed over: the driver awaits it (runtime/driving.py).", node.line)
        self.line(f"{self.this('awaiter')} = {awaitable}", node.line)
        if callee is not None:
            self.line(f"{callee} = None", node.line)
        self.line(f"{self.this('state')} = {node.state}", node.line)
        self.line(f"return {self.rt('DELEGATE')}", node.line)

    def emit_Yield(self, node: ir.Yield, may_resume: bool) -> None:
        """A yield in an async generator: hand the value over and stop; on
        resume, take what asend() sent (or raise what athrow() threw)."""
        plan = self.plan
        text = " ".join(node.text.split())
        self.line(f"# State {node.state}. Line {node.line}: yield {text}".rstrip(), node.line)
        value = self.expr(node.value) if node.value is not None else "None"
        if may_resume:
            steering = self.steering(node.line)
            self.line(f"if {plan.resume} == {node.state}:", steering)
            with self.indented():
                self.line(f"{plan.resume} = 0", steering)
                self.line(f"if {plan.thrown} is not None:", node.line)
                with self.indented():
                    self.line(f"{self.this('resume_yield')}({plan.sent}, {plan.thrown})  # raises it", node.line)
                if node.target is not None:
                    self.line(f"{plan.result} = {plan.sent}", node.line)
            self.line("else:", node.line)
            self.level += 1
        self.line(f"{self.this('yielded')} = {value}", node.line)
        self.line(f"{self.this('state')} = {node.state}", node.line)
        self.line(f"return {self.rt('YIELDED')}", node.line)
        if may_resume:
            self.level -= 1
        if node.target is not None:
            self.line(f"{self.expr(node.target)} = {plan.result}", node.line)

    def emit_Return(self, node: ir.Return, may_resume: bool) -> None:
        value = self.expr(node.value) if node.value is not None else "None"
        crossed = self.exits
        if not crossed:
            self.line(f"return {value}" if node.value is not None else "return", node.line)
            return
        self.return_field = self.return_field or self.plan.name_field("return_value")
        self.line(f"{self.this(self.return_field)} = {value}", node.line)
        for exit_ in crossed:
            self.line(f"{self.this(exit_.pending)} = {self.rt('RETURN')}", node.line)
        self.line(f"return {self.this(self.return_field)}", node.line)

    def _loop_exits(self) -> list[_Exit]:
        return [e for e in self.exits if e.loop_depth == self.loop_depth]

    def emit_Break(self, node: ir.Break, may_resume: bool) -> None:
        for exit_ in self._loop_exits():
            self.line(f"{self.this(exit_.pending)} = {self.rt('BREAK')}", node.line)
        self.line("break", node.line)

    def emit_Continue(self, node: ir.Continue, may_resume: bool) -> None:
        for exit_ in self._loop_exits():
            self.line(f"{self.this(exit_.pending)} = {self.rt('CONTINUE')}", node.line)
        self.line("continue", node.line)

    # -- branches and loops ------------------------------------------------------------

    def _choice(self, test, then, orelse, may_resume: bool) -> tuple[str, str]:
        """The condition of an if/while that, on resume, picks the part holding
        the state instead of evaluating `test`: (the part that reads
        `resume`, the rest). They go on separate lines so that the first has
        no source line: resuming reports no line event for the `if`."""
        r = self.plan.resume
        text = self.expr(test)
        if not may_resume:
            return "", text
        first_then, last_then = block_range(then)
        then_states = first_then <= last_then
        else_states = block_range(orelse)[0] <= block_range(orelse)[1]
        if isinstance(test, cst.Name) and test.value == "True" and not else_states:
            return "", "True"
        if then_states and else_states:
            return f"({r} <= {last_then}) if {r}", f"else {self.grouped(test)}"
        if then_states:
            return r, f"or {self.grouped(test)}"
        return f"not {r}", f"and {self.grouped(test)}"

    def _condition_line(self, keyword: str, node: ir.Node, may_resume: bool, then, orelse) -> None:
        resume_part, rest = self._choice(node.test, then, orelse, may_resume)
        if not resume_part:
            self.line(f"{keyword} {rest}:", node.line)
            return
        self.line(f"{keyword} ({resume_part}", NO_LINE)
        self.line(f"        {rest}):", node.line)

    def emit_If(self, node: ir.If, may_resume: bool, keyword: str = "if") -> None:
        self._condition_line(keyword, node, may_resume, node.body, node.orelse)
        with self.indented():
            self.block(node.body, may_resume and _has_states(node.body))
        if not node.orelse:
            return
        if len(node.orelse) == 1 and isinstance(node.orelse[0], ir.If):
            self.emit_If(node.orelse[0], may_resume and node.orelse[0].has_states, "elif")
            return
        self.line("else:", node.line)
        with self.indented():
            self.block(node.orelse, may_resume and _has_states(node.orelse))

    def emit_While(self, node: ir.While, may_resume: bool) -> None:
        self._condition_line("while", node, may_resume, node.body, node.orelse)
        self._loop_body(node, may_resume)

    def _loop_body(self, node, may_resume: bool) -> None:
        self.loop_depth += 1
        with self.indented():
            self.block(node.body, may_resume and _has_states(node.body))
        self.loop_depth -= 1
        if node.orelse:
            self.line("else:", node.line)
            with self.indented():
                self.block(node.orelse, may_resume and _has_states(node.orelse))

    def emit_For(self, node: ir.For, may_resume: bool) -> None:
        target, iterable = self.expr(node.target), self.expr(node.iter)
        if not node.iterator:
            if may_resume and _has_states(node.orelse):
                # Only the `else` clause suspends: resuming there iterates
                # nothing, so control falls straight into the clause.
                self.line(f"for {target} in (() if {self.plan.resume} else {self.grouped(node.iter)}):", node.line)
            else:
                self.line(f"for {target} in {iterable}:", node.line)
            self._loop_body(node, may_resume)
            return
        # The body can suspend: the iterator lives in a field and the loop
        # is a `while` that can be re-entered without taking the next item.
        iterator, item, r = self.this(node.iterator), node.item, self.plan.resume
        if not node.orelse:
            self._resumable_for(node, may_resume, iterator, item)
            return
        # The walrus is rendered like user code, so that `item` is written where
        # it is read (a field, were it ever hoisted).
        next_item = cst.parse_expression(f"{self.rt('next')}({iterator}, {self.rt('EXHAUSTED')})")
        fetch = f"{self.expr(cst.NamedExpr(cst.Name(item), next_item, lpar=[cst.LeftParen()], rpar=[cst.RightParen()]))} is not {self.rt('EXHAUSTED')}"
        body_first, body_last = block_range(node.body)
        if may_resume and _has_states(node.orelse):
            self.line(f"while (({r} <= {body_last}) if {r}", NO_LINE)
            self.line(f"        else {fetch}):", node.line)
        elif may_resume:
            self.line(f"while ({r}", NO_LINE)
            self.line(f"        or {fetch}):", node.line)
        else:
            self.line(f"while {fetch}:", node.line)
        assign_item = ir.Code(node.line, cst.Assign([cst.AssignTarget(node.target)], cst.Name(item)))
        self.loop_depth += 1
        with self.indented():
            self.block([assign_item, *node.body], may_resume and _has_states(node.body))
        self.loop_depth -= 1
        if node.orelse:
            self.line("else:", node.line)
            with self.indented():
                self.block(node.orelse, may_resume and _has_states(node.orelse))
        self.line(f"{iterator} = None", node.line)

    def _resumable_for(self, node: ir.For, may_resume: bool, iterator: str, item: str) -> None:
        """A `for` without `else` whose body suspends:

            while True:
                if not resume:          # resuming: go straight into the body
                    item = next(iterator, EXHAUSTED)
                    if item is EXHAUSTED:
                        break
                    target = item
                body

        The `while True` and the guard have no source line, so a line event
        for the `for` line is reported once per item, as natively."""
        exhausted = self.rt("EXHAUSTED")
        self.line("while True:", NO_LINE)
        self.loop_depth += 1
        with self.indented():
            if may_resume:
                self.line(f"if not {self.plan.resume}:", NO_LINE)
                self.level += 1
            fetch = cst.parse_statement(f"{item} = {self.rt('next')}({iterator}, {exhausted})")
            self.line(self.expr(fetch.body[0]), node.line)  # type: ignore[attr-defined]
            self.line(f"if {self.expr(cst.Name(item))} is {exhausted}:", node.line)
            with self.indented():
                self.line("break", node.line)
            self.node(ir.Code(node.line, cst.Assign([cst.AssignTarget(node.target)], cst.Name(item))), False)
            if may_resume:
                self.level -= 1
            self.block(node.body, may_resume and _has_states(node.body))
        self.loop_depth -= 1
        self.line(f"{iterator} = None", NO_LINE)

    # -- with and match ------------------------------------------------------------------

    def emit_With(self, node: ir.With, may_resume: bool) -> None:
        target = f" as {self.expr(node.target)}" if node.target is not None else ""
        self.line(f"with {self.expr(node.context)}{target}:", node.line)
        with self.indented():
            self.block(node.body, False)

    def emit_Match(self, node: ir.Match, may_resume: bool) -> None:
        self.line(f"match {self.expr(node.subject)}:", node.line)
        with self.indented():
            for case in node.cases:
                pattern, bindings = self._pattern(case.pattern)
                guard = ""
                if case.guard is not None or bindings:
                    parts = []
                    owners: dict[str, list[str]] = {}
                    for f, t in bindings:
                        owners.setdefault(self.plan.rewrite.owner(f), []).append(f"{f}={t}")
                    for owner, keywords in owners.items():
                        parts.append(f"{self.rt('bind')}({owner}, {', '.join(keywords)})")
                    if case.guard is not None:
                        parts.append(self.grouped(case.guard))
                    guard = " if " + " and ".join(parts)
                self.line(f"case {pattern}{guard}:", case.line)
                with self.indented():
                    self.block(case.body, False)

    def _pattern(self, pattern: cst.MatchPattern) -> tuple[str, list[tuple[str, str]]]:
        """A pattern's text, with captures of hoisted names bound to temporaries
        (a pattern can only capture into plain names); the guard then copies
        them to their fields, before the user's guard, as Python binds them."""
        bindings: list[tuple[str, str]] = []
        plan = self.plan

        temps: dict[str, str] = {}

        class Captures(cst.CSTTransformer):
            def _capture(self, name: cst.Name | None) -> cst.Name | None:
                if name is None or name.value not in plan.hoisted:
                    return name
                if name.value not in temps:  # alternatives (`A(x) | B(x)`) bind one name
                    temps[name.value] = plan.name_temp(name.value.strip("_") or "captured")
                    bindings.append((plan.hoisted[name.value], temps[name.value]))
                return cst.Name(temps[name.value])

            def leave_MatchAs(self, original, updated):
                return updated.with_changes(name=self._capture(updated.name))

            def leave_MatchStar(self, original, updated):
                return updated.with_changes(name=self._capture(updated.name))

            def leave_MatchMapping(self, original, updated):
                return updated.with_changes(rest=self._capture(updated.rest))

        captured = pattern.visit(Captures())
        return self.expr(captured), bindings

    # -- try -----------------------------------------------------------------------

    def emit_Try(self, node: ir.Try, may_resume: bool) -> None:
        if node.finalbody is not None and _has_states(node.finalbody):
            self._try_suspending_finally(node, may_resume)
        else:
            self._try(node, may_resume)

    def _try(self, node: ir.Try, may_resume: bool) -> None:
        r = self.plan.resume
        stateful = [h for h in node.handlers if h.has_states] if may_resume else []
        for handler in stateful:
            handler.caught = handler.caught or self.plan.name_field("handling")
        self.line("try:", node.line)
        restore: dict[int, str] = {}
        with self.indented():
            for handler in stateful:
                saved = self.plan.name_temp("reentry")
                kind = f"except {self.expr(handler.type)}" if handler.type is not None else "except"
                self.line(f"# Resuming inside `{kind}` (line {handler.line}): enter it again.", handler.line)
                self.line(f"if {_in_range(r, handler.first_state, handler.last_state)}:", NO_LINE)
                with self.indented():
                    exception = self.this(handler.caught)
                    self.line(f"{saved} = {self.rt('before_reentry')}({exception})", NO_LINE)
                    self.line(f"raise {exception}", NO_LINE)
                restore[id(handler)] = saved
            body_first, body_last = block_range(node.body)
            skip_body = may_resume and _has_states(node.orelse)
            if skip_body:
                test = f"{r} <= {body_last}" if body_first <= body_last else f"not {r}"
                self.line(f"if {test}:", node.line)
                with self.indented():
                    self.block(node.body, may_resume and _has_states(node.body))
            else:
                self.block(node.body, may_resume and _has_states(node.body))
        last_stateful = max((i for i, h in enumerate(node.handlers) if h in stateful), default=-1)
        for index, handler in enumerate(node.handlers):
            self._handler(node, handler, index, last_stateful, restore.get(id(handler)), may_resume)
        if node.orelse:
            self.line("else:", node.line)
            with self.indented():
                self.block(node.orelse, may_resume and _has_states(node.orelse))
        if node.finalbody is not None:
            self.line("finally:", node.line)
            with self.indented():
                if node.has_states:
                    self.line(f"if {self.running()}:  # not when suspending", NO_LINE)
                    with self.indented():
                        self.block(node.finalbody, False)
                else:
                    self.block(node.finalbody, False)

    def _handler(self, node: ir.Try, handler: ir.Handler, index: int, last_stateful: int,
                 saved: str | None, may_resume: bool) -> None:
        r = self.plan.resume
        star = "*" if node.star else ""
        kind = self.expr(handler.type) if handler.type is not None else self.rt("BaseException")
        catches_all = handler.type is None or kind == self.rt("BaseException")
        if index < last_stateful or (saved is not None and not catches_all):
            # While re-entering a handler, earlier clauses must not match and
            # the one being re-entered must, without evaluating its type.
            self.line("# Re-entering a clause (resume) matches it without evaluating its type.", NO_LINE)
            if saved is None:
                kind = f"({kind} if not {r} else ())"
            elif index < last_stateful:
                inside = _in_range(r, handler.first_state, handler.last_state)
                kind = f"({kind} if not {r} else {self.rt('BaseException')} if {inside} else ())"
            else:
                kind = f"({kind} if not {r} else {self.rt('BaseException')})"
        elif handler.type is None and saved is None and not (self.direct and handler.has_states and handler.caught):
            kind = ""  # a bare `except:` (with `as`, BaseException)
        name = handler.name
        hoisted_name = name is not None and name in self.plan.hoisted
        bound = name if name is not None and not hoisted_name else None
        keep = self.direct and handler.has_states and bool(handler.caught)
        if bound is None and (saved is not None or hoisted_name or keep):
            bound = self.plan.name_temp("caught")
        clause = f"except{star} {kind}" if kind else f"except{star}"
        if bound is not None:
            clause += f" as {bound}"
        self.line(f"{clause}:", handler.line)
        with self.indented():
            if keep:
                # Kept to re-enter this block, should the body become a machine in it.
                self.line(f"{handler.caught} = {bound}", NO_LINE)
            if saved is not None:
                self.line(f"if {r}:  # re-entered: undo what raising it again changed", NO_LINE)
                with self.indented():
                    self.line(f"{self.rt('after_reentry')}({bound}, {saved})", NO_LINE)
                self.line("else:", NO_LINE)
                with self.indented():
                    self.line(f"{self.this(handler.caught)} = {bound}  # kept to re-enter this block", NO_LINE)
                    if hoisted_name:
                        self.line(f"{self.this(self.plan.hoisted[name])} = {bound}", handler.line)
            elif hoisted_name:
                self.line(f"{self.this(self.plan.hoisted[name])} = {bound}", handler.line)
            if hoisted_name:
                # `except E as name` unbinds name on the way out, as CPython does.
                self.line("try:", handler.line)
                with self.indented(), self.handling_exception():
                    self.block(handler.body, saved is not None)
                self.line("finally:", handler.line)
                with self.indented():
                    field = self.this(self.plan.hoisted[name])
                    guard = f"if {self.running()}: " if handler.has_states else ""
                    self.line(f"{guard}{field} = None; del {field}", handler.line)
            else:
                with self.handling_exception():
                    self.block(handler.body, saved is not None)
            if saved is not None or keep:
                self.line(f"{self.this(handler.caught)} = None", NO_LINE)

    def _try_suspending_finally(self, node: ir.Try, may_resume: bool) -> None:
        """try/finally whose finally awaits (lower nested any handlers inside)."""
        r = self.plan.resume
        node.pending = node.pending or self.plan.name_field("exiting")
        pending = self.this(node.pending)
        final_first, _ = block_range(node.finalbody)  # type: ignore[arg-type]
        self.line("# How the try block is left, replayed after the finally block.", node.line)
        if may_resume:
            self.line(f"if not {r}:", NO_LINE)
            with self.indented():
                self.line(f"{pending} = None", node.line)
        else:
            self.line(f"{pending} = None", node.line)
        saved = self.plan.name_temp("reentry") if may_resume else None
        caught = self.plan.name_temp("leaving")
        self.line("try:", node.line)
        with self.indented():
            self.exits.append(_Exit(node.pending, self.loop_depth))
            if may_resume:
                self.line(f"if {r} >= {final_first}:  # resume inside the finally block", NO_LINE)
                with self.indented():
                    self.line("# Left by an exception: raise it again, so the finally block runs handling it.", NO_LINE)
                    self.line(f"if {self.rt('isinstance')}({pending}, {self.rt('BaseException')}):", NO_LINE)
                    with self.indented():
                        self.line(f"{saved} = {self.rt('before_reentry')}({pending})", NO_LINE)
                        self.line(f"raise {pending}", NO_LINE)
                self.line("else:", node.line)
                with self.indented():
                    self.block(node.body, _has_states(node.body))
            else:
                self.block(node.body, False)
            self.exits.pop()
        self.line(f"except {self.rt('BaseException')} as {caught}:", NO_LINE)
        with self.indented():
            if may_resume:
                self.line(f"if {r}:  # re-entered: undo what raising it again changed", NO_LINE)
                with self.indented():
                    self.line(f"{self.rt('after_reentry')}({caught}, {saved})", NO_LINE)
            self.line(f"{pending} = {caught}", NO_LINE)
            self.line("raise", NO_LINE)
        self.line("finally:", node.line)
        with self.indented():
            if _has_states(node.body):
                self.line(f"if {self.running()}:  # not when suspending", NO_LINE)
                self.level += 1
            with self.handling_exception():
                self.block(node.finalbody, may_resume)  # type: ignore[arg-type]
            exit_ = self.plan.name_temp("exit")
            self.line(f"{exit_}, {pending} = {pending}, None", NO_LINE)
            kinds = _exits_through(node.body, self.loop_depth)
            if "return" in kinds:
                self.return_field = self.return_field or self.plan.name_field("return_value")
                self.line(f"if {exit_} is {self.rt('RETURN')}:", NO_LINE)
                with self.indented():
                    self._replay_return()
            if "break" in kinds:
                self.line(f"if {exit_} is {self.rt('BREAK')}:", NO_LINE)
                with self.indented():
                    self.emit_Break(ir.Break(node.line), False)
            if "continue" in kinds:
                self.line(f"if {exit_} is {self.rt('CONTINUE')}:", NO_LINE)
                with self.indented():
                    self.emit_Continue(ir.Continue(node.line), False)
            if _has_states(node.body):
                self.level -= 1

    def _replay_return(self) -> None:
        for exit_ in self.exits:
            self.line(f"{self.this(exit_.pending)} = {self.rt('RETURN')}")
        self.line(f"return {self.this(self.return_field)}")  # type: ignore[arg-type]


def _has_states(block: list[ir.Node]) -> bool:
    first, last = block_range(block)
    return first <= last


def _exits_through(block: list[ir.Node], loop_depth: int) -> set[str]:
    """Which jumps can leave this block outward: return, break, continue."""
    kinds: set[str] = set()

    def visit(nodes: list[ir.Node], loops: int) -> None:
        for node in nodes:
            if isinstance(node, ir.Return):
                kinds.add("return")
            elif isinstance(node, ir.Break) and loops == 0:
                kinds.add("break")
            elif isinstance(node, ir.Continue) and loops == 0:
                kinds.add("continue")
            elif isinstance(node, (ir.While, ir.For)):
                visit(node.body, loops + 1)
                visit(node.orelse, loops)
            else:
                for inner in node.blocks():
                    visit(inner, loops)

    visit(block, 0)
    return kinds


def _in_range(resume: str, first: int, last: int) -> str:
    """The test that the state to resume at lies in first..last."""
    if first == last:
        return f"{resume} == {first}"
    return f"{first} <= {resume} <= {last}"


def runs_directly(plan: FunctionPlan) -> bool:
    """Whether the function's body is emitted a second time as `direct`
    (runtime/direct.py). Not for async generators, nor when nested functions
    share the machine's fields (they must see one variable), `super()` needs
    the defining class, or a private name would be mangled differently."""
    if plan.base_class != "CoroutineMachine" or plan.parameters is None:
        return False
    if plan.rewrite.cell_fields or plan.class_field:
        return False
    user = set(plan.user_variables)
    for variable, field_name in plan.hoisted.items():
        if variable.startswith("__") and not variable.endswith("__"):
            return False
        if variable not in user and field_name != variable:
            return False  # a generated field named apart from its variable
    return True


def direct_plan(plan: FunctionPlan) -> FunctionPlan:
    """The plan of the `direct` body: nothing hoisted (plain variables)."""
    return dataclasses.replace(
        plan,
        hoisted={},
        rewrite=dataclasses.replace(plan.rewrite, hoisted={}),
        copies_variables=bool(plan.hoisted or plan.extra_fields),  # (after move_next's emission)
        handed_to_machine=sorted(plan.hoisted),
    )


def direct_parameters(parameters: cst.Parameters) -> str:
    """The function's parameters without annotations, each default `...`:
    the real defaults are the function's own, shared (runtime/function.py)."""

    def param(node: cst.Param) -> str:
        return node.name.value + ("=..." if node.default is not None else "")

    parts = [param(node) for node in parameters.posonly_params]
    if parts:
        parts.append("/")
    parts += [param(node) for node in parameters.params]
    if isinstance(parameters.star_arg, cst.Param):
        parts.append("*" + parameters.star_arg.name.value)
    elif parameters.kwonly_params:
        parts.append("*")
    parts += [param(node) for node in parameters.kwonly_params]
    if parameters.star_kwarg is not None:
        parts.append("**" + parameters.star_kwarg.name.value)
    return ", ".join(parts)


def _guards_finally(block: list[ir.Node]) -> bool:
    """Whether a `finally` block in `block` must not run on suspension."""
    for node in block:
        if isinstance(node, ir.Try) and node.finalbody is not None and node.has_states:
            return True
        if any(_guards_finally(inner) for inner in node.blocks()):
            return True
    return False


def _anext_of(node: ir.Await, runtime: str) -> cst.BaseExpression | None:
    """The iterator of an `async for`'s `await next_awaitable(iterator)`."""
    value = node.value
    if node.purpose != "ANEXT" or not isinstance(value, cst.Call) or len(value.args) != 1:
        return None
    func = value.func
    if (
        isinstance(func, cst.Attribute)
        and isinstance(func.value, cst.Name)
        and func.value.value == runtime
        and func.attr.value == "next_awaitable"
    ):
        return value.args[0].value
    return None


def _direct_call(node: ir.Await, runtime: str) -> bool:
    """`await f(...)`, as the user wrote it (not a call the compiler made)."""
    value = node.value
    if node.purpose != "AWAIT" or not isinstance(value, cst.Call):
        return False
    func = value.func
    while isinstance(func, cst.Attribute):
        func = func.value
    return not (isinstance(func, cst.Name) and func.value == runtime)
