"""Every name the compiler generates, and how it avoids the user's names.

Generated code must not capture or shadow user identifiers, and user code must
never be able to reach generated ones. Instead of reserving a prefix (which
would make every generated line noisy), each generated identifier is chosen
*fresh*: the readable base name below, with underscores or a number appended
until it is spelled nowhere in the user's module. `Fresh` is that allocator;
one instance serves a whole module, so two functions never disagree.

Field names of a state machine live in their own namespace (attributes of the
machine object), where they must avoid the runtime's attribute names and each
other; `field_name` handles that. (The compiler may import the runtime to
learn those names; the runtime never imports the compiler.)
"""

from __future__ import annotations

#: The module alias every generated file imports the runtime under.
RUNTIME = "_movenext"


def runtime_alias(fresh: "Fresh") -> str:
    """The runtime's alias in a module (`_movenext`, or `_movenext_`... if
    the module spells it), such that its `type_alias` is free too."""
    alias = fresh.clean(RUNTIME)
    while fresh.is_user_name(type_alias(alias)):
        alias = fresh.clean(alias + "_")
    return alias


def type_alias(runtime: str) -> str:
    """The name generated code calls the builtin `type` by at await sites
    (`type(f) is Compiled`, runtime/direct.py). Its own global, not
    `_movenext.type(f)`: on 3.11 a call through a module attribute is not
    specialized for `type`, and that test runs at every `await f(...)`."""
    return runtime + "_type"


def type_alias_import(runtime: str) -> str:
    return f"from movenext.runtime import type as {type_alias(runtime)}"

# Parameters and locals of move_next().
RECEIVER = "this"  # the machine itself: C#'s `this` inside MoveNext()
HOLDER = "cells"  # the machine's `Cells`: variables shared with nested code
RESUME = "resume"  # state to resume at; cleared once execution arrives there
SENT = "sent"  # value the driver sent in (`send(value)`)
THROWN = "thrown"  # exception the driver threw in (`throw(exc)`)
RESULT = "result"  # what an await site's helper returned

# Fields every machine has (the runtime reads them by these names).
STATE_FIELD = "state"
AWAITER_FIELD = "awaiter"
YIELDED_FIELD = "yielded"
RUNTIME_FIELDS = (STATE_FIELD, AWAITER_FIELD, YIELDED_FIELD)

#: Class attributes that generated machine classes define themselves.
GENERATED_CLASS_ATTRIBUTES = ("move_next", "state_table", "local_variables", "Cells")


def machine_attributes() -> frozenset[str]:
    """Names a field must not take: every attribute of the runtime's machine
    base classes (read from the classes, so nothing the runtime adds can be
    shadowed) and the class attributes generated code defines."""
    global _MACHINE_ATTRIBUTES
    if _MACHINE_ATTRIBUTES is None:
        from ..runtime import AsyncGeneratorMachine, CoroutineMachine

        found = {*RUNTIME_FIELDS, *GENERATED_CLASS_ATTRIBUTES}
        for base in (CoroutineMachine, AsyncGeneratorMachine):
            for klass in base.__mro__:
                found.update(vars(klass))
                found.update(getattr(klass, "__slots__", ()))
        _MACHINE_ATTRIBUTES = frozenset(found)
    return _MACHINE_ATTRIBUTES


_MACHINE_ATTRIBUTES: frozenset[str] | None = None

#: Suffix of generated state-machine class names (C#'s `<F>d__0`).
MACHINE_SUFFIX = "_StateMachine"


class Fresh:
    """Chooses generated identifiers that the user's module never spells."""

    def __init__(self, user_identifiers: set[str]) -> None:
        self._user = frozenset(user_identifiers)
        self._unique: set[str] = set()

    def is_user_name(self, name: str) -> bool:
        return name in self._user

    def clean(self, base: str) -> str:
        """`base`, or `base_`, `base__`...: the same answer every time, for
        names that read best unnumbered (`this`, `resume`, the runtime alias)."""
        name = base
        while name in self._user:
            name += "_"
        return name

    def generated(self) -> set[str]:
        """The module-wide names handed out by `unique` so far."""
        return set(self._unique)

    def unique(self, base: str) -> str:
        """A name used once in the whole module (state-machine classes)."""
        name = self.clean(base)
        number = 1
        while name in self._unique or name in self._user:
            number += 1
            name = f"{base}_{number}"
        self._unique.add(name)
        return name


def machine_class_base(qualname_parts: list[str]) -> str:
    """`_Crawler_fetch_StateMachine` for `Crawler.fetch`."""
    return "_" + "_".join(part.strip("_") or "_" for part in qualname_parts) + MACHINE_SUFFIX


def field_name(variable: str, used: set[str]) -> str:
    """The field holding `variable`: its own name unless that would shadow a
    machine attribute or an earlier field (then `name_`, `name__`, ...)."""
    name = variable
    if name.startswith("__"):
        # `this.__x` inside the machine class would be name-mangled.
        name = "private" + name
    taken = machine_attributes()
    while name in taken or name in used:
        name += "_"
    used.add(name)
    return name
