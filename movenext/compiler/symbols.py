"""Python's scoping rules over a libcst tree.

`analyze(module)` walks the whole module once and builds a tree of `Scope`s
(module, function, lambda, class, comprehension) mirroring CPython's symbol
table, and records for every `Name` node that refers to a variable the scope it
occurs in and whether it is read, written or deleted. Names that are not
variables (attribute names, keyword-argument names, ...) are not recorded.

The rest of the compiler asks two questions of it: "which scope owns this
name occurrence?" (`Scope.resolve`) and "which of this function's locals do
nested scopes use?" (`Scope.captured`). The walk is a few hundred lines of
plain dispatch instead of libcst's ScopeProvider, which measured ~5x slower.
`tests/compiler/test_symbols.py` checks it against CPython's `symtable`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import libcst as cst

LOAD, STORE, DELETE = "load", "store", "delete"


class Kind(str, Enum):
    MODULE = "module"
    FUNCTION = "function"
    LAMBDA = "lambda"
    CLASS = "class"
    COMPREHENSION = "comprehension"  # list/set/dict comprehensions and genexps
    TYPE_PARAMS = "type parameters"  # PEP 695 annotation scopes (3.12+)


@dataclass(eq=False)
class Scope:
    kind: Kind
    node: cst.CSTNode
    parent: Scope | None
    name: str = ""
    is_async: bool = False
    is_generator_expression: bool = False
    params: list[str] = field(default_factory=list)
    bound: set[str] = field(default_factory=set)
    declared_global: set[str] = field(default_factory=set)
    declared_nonlocal: set[str] = field(default_factory=set)
    used: set[str] = field(default_factory=set)
    children: list[Scope] = field(default_factory=list)
    # Syntax facts the compiler needs about code directly in this scope.
    awaits: list[cst.Await] = field(default_factory=list)
    yields: list[cst.CSTNode] = field(default_factory=list)
    async_statements: list[cst.CSTNode] = field(default_factory=list)  # async for / with
    uses_super: bool = False  # a zero-argument super() or __class__ appears
    # Names a `del` or the end of an `except ... as name` block can unbind.
    unbindable: set[str] = field(default_factory=set)

    @property
    def is_function_like(self) -> bool:
        return self.kind in (Kind.FUNCTION, Kind.LAMBDA, Kind.COMPREHENSION, Kind.TYPE_PARAMS)

    def is_local(self, name: str) -> bool:
        if self.kind is Kind.MODULE:
            return False
        return (
            name in self.bound
            and name not in self.declared_global
            and name not in self.declared_nonlocal
        )

    @property
    def local_names(self) -> set[str]:
        return {name for name in self.bound if self.is_local(name)}

    def resolve(self, name: str) -> Scope | None:
        """The function-like scope that owns `name` as seen from this scope,
        or None when it is a global or builtin."""
        if name in self.declared_global:
            return None
        if self.is_local(name):
            return self
        scope = self.parent
        while scope is not None:
            if scope.kind is Kind.MODULE:
                return None
            if scope.kind is not Kind.CLASS:
                if name in scope.declared_global:
                    return None
                if scope.is_local(name):
                    return scope
            scope = scope.parent
        return None

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def deferred_captures(self) -> set[str]:
        """Locals of this scope used by nested code that may run later, after
        this scope's code has moved on: functions, lambdas, generator
        expressions, and anything nested in those."""
        found: set[str] = set()

        def visit(child: Scope, deferred: bool) -> None:
            deferred = deferred or child.kind in (Kind.FUNCTION, Kind.LAMBDA) or child.is_generator_expression
            if deferred:
                for name in child.used | child.bound | child.declared_nonlocal:
                    if child.resolve(name) is self:
                        found.add(name)
            for inner in child.children:
                visit(inner, deferred)

        for child in self.children:
            visit(child, False)
        return found

    def captured(self) -> set[str]:
        """Locals of this scope that nested scopes read or write."""
        found: set[str] = set()
        for child in self.children:
            for inner in child.walk():
                for name in inner.used | inner.declared_nonlocal | inner.bound:
                    if inner.resolve(name) is self:
                        found.add(name)
        return found


@dataclass(frozen=True)
class Occurrence:
    scope: Scope
    name: str
    role: str  # LOAD, STORE or DELETE


@dataclass
class SymbolTable:
    module: Scope
    occurrences: dict[int, Occurrence]  # id(cst.Name) -> Occurrence
    scope_of_node: dict[int, Scope]  # id(scope-creating node) -> Scope
    identifiers: set[str]  # every identifier spelled anywhere in the module

    def scope_for(self, node: cst.CSTNode) -> Scope:
        return self.scope_of_node[id(node)]


def analyze(module: cst.Module) -> SymbolTable:
    walker = _Walker(module)
    walker.block(module.body)
    return SymbolTable(
        module=walker.module_scope,
        occurrences=walker.occurrences,
        scope_of_node=walker.scope_of_node,
        identifiers=walker.identifiers,
    )


class _Walker:
    """One pass over the tree; `self.scope` is the scope being walked."""

    def __init__(self, module: cst.Module) -> None:
        self.module_scope = Scope(Kind.MODULE, module, None, "<module>")
        self.scope = self.module_scope
        self.occurrences: dict[int, Occurrence] = {}
        self.scope_of_node: dict[int, Scope] = {id(module): self.module_scope}
        self.identifiers: set[str] = set()

    # -- scopes ---------------------------------------------------------

    def enter(self, kind: Kind, node: cst.CSTNode, name: str = "", **flags) -> Scope:
        scope = Scope(kind, node, self.scope, name, **flags)
        self.scope.children.append(scope)
        self.scope_of_node[id(node)] = scope
        self.scope = scope
        return scope

    def leave(self, scope: Scope) -> None:
        self.scope = scope.parent  # type: ignore[assignment]

    def name(self, node: cst.Name, role: str, binding_scope: Scope | None = None) -> None:
        """Record a variable occurrence. A walrus in a comprehension binds in
        `binding_scope` (the enclosing function) but occurs here."""
        self.identifiers.add(node.value)
        self.occurrences[id(node)] = Occurrence(self.scope, node.value, role)
        if role == DELETE:
            self.scope.unbindable.add(node.value)
        if role == LOAD:
            self.scope.used.add(node.value)
        elif binding_scope is not None and binding_scope is not self.scope:
            binding_scope.bound.add(node.value)
            self.scope.used.add(node.value)  # a reference from this scope
        else:
            self.scope.bound.add(node.value)

    def binding_scope_for_walrus(self) -> Scope:
        scope = self.scope
        while scope.kind is Kind.COMPREHENSION:
            scope = scope.parent  # type: ignore[assignment]
        return scope

    # -- statements -----------------------------------------------------

    def block(self, statements) -> None:
        for statement in statements:
            self.statement(statement)

    def body(self, suite) -> None:
        self.block(suite.body)

    def statement(self, node: cst.CSTNode) -> None:
        method = getattr(self, "stmt_" + type(node).__name__, None)
        if method is None:
            self.generic(node)
        else:
            method(node)

    def stmt_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self.block(node.body)

    def stmt_SimpleStatementSuite(self, node: cst.SimpleStatementSuite) -> None:
        self.block(node.body)

    def stmt_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self.block(node.body)

    def stmt_Expr(self, node: cst.Expr) -> None:
        self.expr(node.value)

    def stmt_Assign(self, node: cst.Assign) -> None:
        self.expr(node.value)
        for target in node.targets:
            self.target(target.target, STORE)

    def stmt_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self.expr(node.value)
        self.expr(node.annotation.annotation)
        self.target(node.target, STORE)

    def stmt_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.target, cst.Name):
            self.name(node.target, LOAD)
        self.target(node.target, STORE)
        self.expr(node.value)

    def stmt_Del(self, node: cst.Del) -> None:
        self.target(node.target, DELETE)

    def stmt_Global(self, node: cst.Global) -> None:
        for item in node.names:
            self.identifiers.add(item.name.value)
            self.scope.declared_global.add(item.name.value)

    def stmt_Nonlocal(self, node: cst.Nonlocal) -> None:
        for item in node.names:
            self.identifiers.add(item.name.value)
            self.scope.declared_nonlocal.add(item.name.value)

    def stmt_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            self.alias(alias, first_component=True)

    def stmt_ImportFrom(self, node: cst.ImportFrom) -> None:
        if isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            self.alias(alias, first_component=False)

    def alias(self, alias: cst.ImportAlias, first_component: bool) -> None:
        if alias.asname is not None:
            self.name(alias.asname.name, STORE)  # type: ignore[arg-type]
            return
        name = alias.name
        while first_component and isinstance(name, cst.Attribute):
            name = name.value  # type: ignore[assignment]
        if isinstance(name, cst.Name):
            self.name(name, STORE)

    def stmt_Return(self, node: cst.Return) -> None:
        if node.value is not None:
            self.expr(node.value)

    def stmt_Raise(self, node: cst.Raise) -> None:
        if node.exc is not None:
            self.expr(node.exc)
        if node.cause is not None:
            self.expr(node.cause.item)

    def stmt_Assert(self, node: cst.Assert) -> None:
        self.expr(node.test)
        if node.msg is not None:
            self.expr(node.msg)

    def stmt_If(self, node: cst.If) -> None:
        self.expr(node.test)
        self.body(node.body)
        if node.orelse is not None:
            self.statement(node.orelse)

    def stmt_Else(self, node: cst.Else) -> None:
        self.body(node.body)

    def stmt_Finally(self, node: cst.Finally) -> None:
        self.body(node.body)

    def stmt_While(self, node: cst.While) -> None:
        self.expr(node.test)
        self.body(node.body)
        if node.orelse is not None:
            self.statement(node.orelse)

    def stmt_For(self, node: cst.For) -> None:
        if node.asynchronous is not None:
            self.scope.async_statements.append(node)
        self.expr(node.iter)
        self.target(node.target, STORE)
        self.body(node.body)
        if node.orelse is not None:
            self.statement(node.orelse)

    def stmt_With(self, node: cst.With) -> None:
        if node.asynchronous is not None:
            self.scope.async_statements.append(node)
        for item in node.items:
            self.expr(item.item)
            if item.asname is not None:
                self.target(item.asname.name, STORE)
        self.body(node.body)

    def stmt_Try(self, node: cst.Try) -> None:
        self.body(node.body)
        for handler in node.handlers:
            if handler.type is not None:
                self.expr(handler.type)
            if handler.name is not None:
                self.name(handler.name.name, STORE)  # type: ignore[arg-type]
                self.scope.unbindable.add(handler.name.name.value)  # type: ignore[union-attr]
            self.body(handler.body)
        if node.orelse is not None:
            self.statement(node.orelse)
        if node.finalbody is not None:
            self.statement(node.finalbody)

    stmt_TryStar = stmt_Try

    def stmt_Match(self, node: cst.Match) -> None:
        self.expr(node.subject)
        for case in node.cases:
            self.pattern(case.pattern)
            if case.guard is not None:
                self.expr(case.guard)
            self.body(case.body)

    def stmt_FunctionDef(self, node: cst.FunctionDef) -> None:
        for decorator in node.decorators:
            self.expr(decorator.decorator)
        type_scope = self.type_parameters(node, node.type_parameters)
        self.parameters_outside(node.params)
        if node.returns is not None:
            self.expr(node.returns.annotation)
        scope = self.enter(
            Kind.FUNCTION, node, node.name.value, is_async=node.asynchronous is not None
        )
        self.parameters_inside(node.params)
        self.body(node.body)
        self.leave(scope)
        if type_scope is not None:
            self.leave(type_scope)
        self.name(node.name, STORE)

    def stmt_ClassDef(self, node: cst.ClassDef) -> None:
        for decorator in node.decorators:
            self.expr(decorator.decorator)
        type_scope = self.type_parameters(node, node.type_parameters)
        for arg in (*node.bases, *node.keywords):
            self.argument(arg)
        scope = self.enter(Kind.CLASS, node, node.name.value)
        self.body(node.body)
        self.leave(scope)
        if type_scope is not None:
            self.leave(type_scope)
        self.name(node.name, STORE)

    def stmt_TypeAlias(self, node) -> None:
        self.name(node.name, STORE)
        type_scope = self.type_parameters(node, node.type_parameters)
        scope = self.enter(Kind.TYPE_PARAMS, node.value, "<type alias>")
        self.expr(node.value)
        self.leave(scope)
        if type_scope is not None:
            self.leave(type_scope)

    def type_parameters(self, owner, parameters) -> Scope | None:
        if parameters is None:
            return None
        scope = self.enter(Kind.TYPE_PARAMS, parameters, "<type parameters>")
        for parameter in parameters.params:
            inner = parameter.param
            self.name(inner.name, STORE)
            bound = getattr(inner, "bound", None)
            if bound is not None:
                self.expr(bound)
            default = getattr(parameter, "default", None)
            if default is not None:
                self.expr(default)
        return scope

    def generic(self, node: cst.CSTNode) -> None:
        # Pass, Break, Continue, Else-less leftovers, comments...
        for child in node.children:
            if isinstance(child, cst.BaseExpression):
                self.expr(child)
            elif isinstance(child, (cst.BaseStatement, cst.BaseSmallStatement, cst.BaseSuite)):
                self.statement(child)

    # -- parameters -----------------------------------------------------

    @staticmethod
    def all_params(params: cst.Parameters) -> list[cst.Param]:
        """In CPython's `co_varnames` order: positional, keyword-only, *args, **kwargs."""
        found = [*params.posonly_params, *params.params, *params.kwonly_params]
        if isinstance(params.star_arg, cst.Param):
            found.append(params.star_arg)
        if params.star_kwarg is not None:
            found.append(params.star_kwarg)
        return found

    def parameters_outside(self, params: cst.Parameters) -> None:
        """Defaults and annotations are evaluated in the enclosing scope."""
        for param in self.all_params(params):
            if param.default is not None:
                self.expr(param.default)
            if param.annotation is not None:
                self.expr(param.annotation.annotation)

    def parameters_inside(self, params: cst.Parameters) -> None:
        for param in self.all_params(params):
            self.scope.params.append(param.name.value)
            self.name(param.name, STORE)

    # -- targets and patterns -------------------------------------------

    def target(self, node: cst.BaseExpression, role: str) -> None:
        if isinstance(node, cst.Name):
            self.name(node, role)
        elif isinstance(node, (cst.Tuple, cst.List)):
            for element in node.elements:
                self.target(element.value, role)
        elif isinstance(node, (cst.StarredElement,)):
            self.target(node.value, role)
        else:  # attribute or subscript: its parts are read
            self.expr(node)

    def pattern(self, node: cst.CSTNode) -> None:
        if isinstance(node, cst.MatchAs):
            if node.pattern is not None:
                self.pattern(node.pattern)
            if node.name is not None:
                self.name(node.name, STORE)
        elif isinstance(node, cst.MatchStar):
            if node.name is not None:
                self.name(node.name, STORE)
        elif isinstance(node, cst.MatchValue):
            self.expr(node.value)
        elif isinstance(node, cst.MatchSingleton):
            pass
        elif isinstance(node, (cst.MatchList, cst.MatchTuple)):
            for element in node.patterns:
                self.pattern(element if isinstance(element, cst.MatchStar) else element.value)
        elif isinstance(node, cst.MatchMapping):
            for element in node.elements:
                self.expr(element.key)
                self.pattern(element.pattern)
            if node.rest is not None:
                self.name(node.rest, STORE)
        elif isinstance(node, cst.MatchClass):
            self.expr(node.cls)
            for element in node.patterns:
                self.pattern(element.value)
            for keyword in node.kwds:
                self.identifiers.add(keyword.key.value)
                self.pattern(keyword.pattern)
        elif isinstance(node, cst.MatchOr):
            for element in node.patterns:
                self.pattern(element.pattern)
        else:  # pragma: no cover - new pattern kinds
            for child in node.children:
                self.pattern(child)

    # -- expressions ----------------------------------------------------

    def expr(self, node: cst.CSTNode) -> None:
        method = getattr(self, "expr_" + type(node).__name__, None)
        if method is not None:
            method(node)
            return
        for child in node.children:
            self.expr(child)

    def expr_Name(self, node: cst.Name) -> None:
        self.name(node, LOAD)
        if node.value == "__class__":
            self.scope.uses_super = True

    def expr_Attribute(self, node: cst.Attribute) -> None:
        self.identifiers.add(node.attr.value)
        self.expr(node.value)

    def expr_Arg(self, node: cst.Arg) -> None:
        self.argument(node)

    def argument(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self.identifiers.add(node.keyword.value)
        self.expr(node.value)

    def expr_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Name) and node.func.value == "super" and not node.args:
            self.scope.uses_super = True
        self.expr(node.func)
        for arg in node.args:
            self.argument(arg)

    def expr_NamedExpr(self, node: cst.NamedExpr) -> None:
        self.expr(node.value)
        self.name(node.target, STORE, self.binding_scope_for_walrus())  # type: ignore[arg-type]

    def expr_Await(self, node: cst.Await) -> None:
        self.scope.awaits.append(node)
        self.expr(node.expression)

    def expr_Yield(self, node: cst.Yield) -> None:
        self.scope.yields.append(node)
        if isinstance(node.value, cst.From):
            self.expr(node.value.item)
        elif node.value is not None:
            self.expr(node.value)

    def expr_Lambda(self, node: cst.Lambda) -> None:
        self.parameters_outside(node.params)
        scope = self.enter(Kind.LAMBDA, node, "<lambda>")
        self.parameters_inside(node.params)
        self.expr(node.body)
        self.leave(scope)

    def comprehension(self, node, elements, is_generator_expression=False) -> None:
        for_in: cst.CompFor = node.for_in
        self.expr(for_in.iter)  # the outermost iterable belongs to the enclosing scope
        scope = self.enter(
            Kind.COMPREHENSION,
            node,
            "<comprehension>",
            is_generator_expression=is_generator_expression,
        )
        clause: cst.CompFor | None = for_in
        first = True
        while clause is not None:
            if clause.asynchronous is not None:
                scope.async_statements.append(clause)
            if not first:
                self.expr(clause.iter)
            self.target(clause.target, STORE)
            for condition in clause.ifs:
                self.expr(condition.test)
            clause = clause.inner_for_in
            first = False
        for element in elements:
            self.expr(element)
        self.leave(scope)

    def expr_ListComp(self, node: cst.ListComp) -> None:
        self.comprehension(node, [node.elt])

    def expr_SetComp(self, node: cst.SetComp) -> None:
        self.comprehension(node, [node.elt])

    def expr_DictComp(self, node: cst.DictComp) -> None:
        self.comprehension(node, [node.key, node.value])

    def expr_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self.comprehension(node, [node.elt], is_generator_expression=True)
