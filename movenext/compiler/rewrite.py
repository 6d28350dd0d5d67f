"""Rewrite user code for its new home inside `move_next()`.

Three things change when a function body moves into a method of the machine:

* hoisted variables are fields: `x` becomes `this.x` wherever it refers to the
  function's variable; one that nested functions or lambdas share is a field
  of the machine's `Cells` holder, `cells.x`, in the body and in them (they
  see the holder through their closure, never the machine); `del x`,
  `(x := v)`, `import x`, `def x` get the statement forms a field needs;
* zero-argument `super()` and `__class__` would find the machine class:
  they become `super(this.<defining class>, <first argument>)` and the field;
* `nonlocal x` in a nested function is dropped for a hoisted `x` (the nested
  function reaches it through the machine).

Which `Name` nodes are variables, and which scope owns them, comes from the
symbol table of the function (`symbols.py`). Names the compiler generated are
not in that table; they always belong to the function itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from .symbols import Kind, Scope, SymbolTable
from .syntax import PreservingTransformer, self_documenting_parts


@dataclass
class RewriteContext:
    table: SymbolTable
    function: Scope  # the async function's scope
    hoisted: dict[str, str]  # variable -> field
    receiver: str  # `this`
    runtime: str  # `_movenext`
    class_field: str | None = None  # field holding the defining class, for super()
    first_argument: str | None = None  # the function's first parameter (super)
    holder: str | None = None  # `cells`: the machine's Cells, in move_next and nested code
    cell_fields: frozenset = frozenset()  # fields that live in the holder

    def owner(self, field: str) -> str:
        """The object a field belongs to: the machine, or its Cells."""
        return self.holder if field in self.cell_fields else self.receiver


class Rewriter(PreservingTransformer):
    """Identity-preserving: what it does not change keeps its source position."""

    def __init__(self, context: RewriteContext) -> None:
        super().__init__()
        self.c = context
        self.scopes: list[Scope] = [context.function]

    # -- scope tracking -------------------------------------------------------

    def _enter(self, node: cst.CSTNode) -> None:
        scope = self.c.table.scope_of_node.get(id(node))
        if scope is not None:
            self.scopes.append(scope)

    def _leave(self, node: cst.CSTNode) -> None:
        if self.c.table.scope_of_node.get(id(node)) is self.scopes[-1] and len(self.scopes) > 1:
            self.scopes.pop()

    def _field_for(self, name_node: cst.Name) -> str | None:
        """The field a variable reference must use, or None to leave it."""
        occurrence = self.c.table.occurrences.get(id(name_node))
        if occurrence is None:
            # A name the compiler made or renamed: it belongs to the function
            # unless a nested scope binds it.
            if any(scope.is_local(name_node.value) for scope in self.scopes[1:]):
                return None
            return self.c.hoisted.get(name_node.value)
        if occurrence.scope.resolve(occurrence.name) is not self.c.function:
            return None
        return self.c.hoisted.get(occurrence.name)

    def _field(self, field: str) -> cst.Attribute:
        return cst.Attribute(cst.Name(self.c.owner(field)), cst.Name(field))

    def _runtime(self, name: str) -> cst.Attribute:
        return cst.Attribute(cst.Name(self.c.runtime), cst.Name(name))

    # -- names ------------------------------------------------------------------

    def leave_Name(self, original: cst.Name, updated: cst.Name):
        field = self._field_for(original)
        if field is not None:
            return self._field(field)
        if original.value == "__class__" and self._in_method_code() and self.c.class_field:
            return self._field(self.c.class_field)
        return updated

    def leave_FormattedString(self, original: cst.FormattedString, updated: cst.FormattedString):
        # `{x=}` prints the text of `x`: a variable that became `this.x` must
        # not change what it prints.
        if updated is original:
            return updated
        parts = []
        for before, after in zip(original.parts, updated.parts):
            if isinstance(before, cst.FormattedStringExpression):
                parts.extend(self_documenting_parts(original, before, after))
            else:
                parts.append(after)
        return updated.with_changes(parts=parts)

    # Names that are not variables keep their spelling.
    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute):
        return updated.with_changes(attr=original.attr)

    def leave_Arg(self, original: cst.Arg, updated: cst.Arg):
        return updated.with_changes(keyword=original.keyword)

    def leave_MatchKeywordElement(self, original, updated):
        return updated.with_changes(key=original.key)

    def leave_ImportAlias(self, original, updated):
        return original

    def leave_NameItem(self, original, updated):
        return original

    def leave_Param(self, original: cst.Param, updated: cst.Param):
        return updated.with_changes(name=original.name)

    # -- scopes -----------------------------------------------------------------

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._enter(node)

    def leave_FunctionDef(self, original: cst.FunctionDef, updated: cst.FunctionDef):
        self._leave(original)
        updated = updated.with_changes(name=original.name)
        return self._bind_after(original, original.name, updated)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._enter(node)

    def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef):
        self._leave(original)
        updated = updated.with_changes(name=original.name)
        return self._bind_after(original, original.name, updated)

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self._enter(node)

    def leave_Lambda(self, original, updated):
        self._leave(original)
        return updated

    def visit_ListComp(self, node) -> None:
        self._enter(node)

    def leave_ListComp(self, original, updated):
        self._leave(original)
        return updated

    visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_ListComp
    leave_SetComp = leave_DictComp = leave_GeneratorExp = leave_ListComp

    def _in_method_code(self) -> bool:
        """Code of the function or of functions nested in it (not in classes
        nested in it), where `super()` and `__class__` mean the defining class."""
        return all(scope.kind is not Kind.CLASS for scope in self.scopes[1:])

    def _bind_after(self, original, name: cst.Name, statement):
        """`def f` / `class C` binding a hoisted name: bind, then copy to the field."""
        field = self._binding_field(original, name)
        if field is None:
            return statement
        copy = cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(self._field(field))], cst.Name(name.value))])
        return cst.FlattenSentinel([statement, copy])

    def _binding_field(self, node, name: cst.Name) -> str | None:
        if len(self.scopes) != 1:
            return None
        if name.value in self.c.function.declared_global | self.c.function.declared_nonlocal:
            return None
        return self.c.hoisted.get(name.value)

    # -- statements that bind ------------------------------------------------------

    def leave_Import(self, original: cst.Import, updated: cst.Import):
        return self._import(original, updated, first_component=True)

    def leave_ImportFrom(self, original: cst.ImportFrom, updated: cst.ImportFrom):
        if isinstance(original.names, cst.ImportStar):
            return updated
        return self._import(original, updated, first_component=False)

    def _import(self, original, updated, first_component: bool):
        if len(self.scopes) != 1:
            return updated
        copies = []
        for alias in original.names:
            if alias.asname is not None:
                bound = alias.asname.name.value  # type: ignore[union-attr]
            else:
                node = alias.name
                while first_component and isinstance(node, cst.Attribute):
                    node = node.value
                bound = node.value  # type: ignore[union-attr]
            field = self.c.hoisted.get(bound)
            if field is not None:
                copies.append(cst.Assign([cst.AssignTarget(self._field(field))], cst.Name(bound)))
        if not copies:
            return updated
        return cst.FlattenSentinel([updated, *copies])

    def leave_Del(self, original: cst.Del, updated: cst.Del):
        targets, new_targets = _targets(original.target), _targets(updated.target)
        if not any(isinstance(t, cst.Name) and self._field_for(t) for t in targets):
            return updated
        # Delete one target at a time, in order; a field goes through the
        # runtime so that deleting an unbound variable raises as in Python.
        statements: list[cst.BaseSmallStatement] = []
        for target, new_target in zip(targets, new_targets):
            field = self._field_for(target) if isinstance(target, cst.Name) else None
            if field is not None:
                call = cst.Call(
                    self._runtime("delete"),
                    [cst.Arg(cst.Name(self.c.owner(field))), cst.Arg(cst.SimpleString(repr(field)))],
                )
                statements.append(cst.Expr(call))
            else:
                statements.append(cst.Del(new_target))
        return cst.FlattenSentinel(statements)

    def leave_NamedExpr(self, original: cst.NamedExpr, updated: cst.NamedExpr):
        field = self._field_for(original.target) if isinstance(original.target, cst.Name) else None
        if field is None:
            return updated
        # `assign(this, x=value)`: the field is a keyword, not a string, so
        # the call is legal inside any f-string (no quotes to clash with).
        return cst.Call(
            self._runtime("assign"),
            [cst.Arg(cst.Name(self.c.owner(field))), cst.Arg(updated.value, keyword=cst.Name(field))],
        )

    def leave_Nonlocal(self, original: cst.Nonlocal, updated: cst.Nonlocal):
        scope = self.scopes[-1]
        kept = [
            item
            for item in original.names
            if not (scope.parent is not None and self._resolves_to_hoisted(scope, item.name.value))
        ]
        if len(kept) == len(original.names):
            return updated
        if not kept:
            return cst.Pass()
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated.with_changes(names=kept)

    def _resolves_to_hoisted(self, scope: Scope, name: str) -> bool:
        parent = scope.parent
        while parent is not None and parent.kind is Kind.CLASS:
            parent = parent.parent
        return parent is not None and parent.resolve(name) is self.c.function and name in self.c.hoisted

    # -- super() -----------------------------------------------------------------------

    def leave_Call(self, original: cst.Call, updated: cst.Call):
        if not (
            isinstance(original.func, cst.Name)
            and original.func.value == "super"
            and not original.args
            and self.c.class_field
            and self._in_method_code()
        ):
            return updated
        first = self._first_argument()
        if first is None:
            return updated
        return updated.with_changes(args=[cst.Arg(self._field(self.c.class_field)), cst.Arg(first)])

    def _first_argument(self, depth: int | None = None) -> cst.BaseExpression | None:
        """What zero-argument super() passes as its second argument where it
        is called (in `self.scopes[:depth]`): the innermost function's first
        parameter (a field when it is the async function's own). A generator
        expression's is its hidden iterator (natively super() fails there,
        naming it); so is a comprehension's before 3.12, where it is a
        function of its own (since, it is inlined: the enclosing one's)."""
        scopes = self.scopes[:depth] if depth is not None else self.scopes
        for index in range(len(scopes) - 1, -1, -1):
            scope = scopes[index]
            if scope.kind is Kind.COMPREHENSION:
                if isinstance(scope.node, cst.GeneratorExp):
                    return cst.Call(self._runtime("comprehension_iterator"))
                inlined = self._first_argument(index)
                if inlined is None:
                    return None
                return cst.Call(self._runtime("comprehension_first_argument"), [cst.Arg(inlined)])
            if scope.kind in (Kind.FUNCTION, Kind.LAMBDA):
                if not scope.params:
                    return None
                name = scope.params[0]
                if scope is self.c.function:
                    field = self.c.hoisted.get(name)
                    return self._field(field) if field else cst.Name(name)
                return cst.Name(name)
        return None


def _targets(target: cst.BaseExpression) -> list[cst.BaseExpression]:
    if isinstance(target, (cst.Tuple, cst.List)):
        return [element.value for element in target.elements]
    return [target]


def rewrite_statement(statement: cst.CSTNode, context: RewriteContext) -> cst.Module:
    """Rewrite a statement (small or compound); a module of the result, since
    one statement may become several."""
    if isinstance(statement, cst.BaseSmallStatement):
        statement = cst.SimpleStatementLine([statement])
    module = cst.Module([statement])  # type: ignore[list-item]
    return module.visit(Rewriter(context))


def rewrite_expression(node: cst.CSTNode, context: RewriteContext) -> cst.CSTNode:
    return node.visit(Rewriter(context))
