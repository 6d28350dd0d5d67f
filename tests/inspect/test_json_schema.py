"""`movenext inspect --json` matches its documentation.

docs/inspect-json.schema.json is the shape as a JSON Schema; docs/inspect-
json.md explains it with annotated examples. Checked here:

* what the command prints, for every sample and test program (and for one
  function, a function left native, a file without async functions), is
  valid under the schema -- which forbids keys it does not name;
* the schema is strict enough to catch a missing key, an extra key or a
  wrong type (so the check above cannot pass by accepting anything);
* the keys of the examples in inspect-json.md are exactly the schema's, and
  the kinds it lists are the ones the code emits.

The validator is the small part of JSON Schema the file uses (type, const,
enum, pattern, minimum, properties, required, additionalProperties, items,
oneOf, $ref to #/$defs), written out here so the test needs no package.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from movenext.cli import main
from movenext.inspection.flow import EDGE_KINDS
from movenext.inspection.model import inspect_source, to_json

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SCHEMA = json.loads((DOCS / "inspect-json.schema.json").read_text(encoding="utf-8"))
FILES = [*sorted((ROOT / "samples").glob("*.py")), *sorted((ROOT / "tests/inspect/programs").glob("*.py"))]


# -- a validator for the part of JSON Schema the file uses ------------------------------

_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}
_KNOWN = {"$schema", "$id", "$defs", "$ref", "title", "description", "type", "const", "enum", "pattern",
          "minimum", "properties", "required", "additionalProperties", "items", "oneOf"}


def errors(value, schema=SCHEMA, where="$") -> list[str]:
    """Every way `value` breaks `schema` (empty: valid)."""
    unknown = set(schema) - _KNOWN
    assert not unknown, f"the test's validator does not know {unknown}"
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return errors(value, SCHEMA["$defs"][name], where)
    found: list[str] = []
    if "type" in schema and not _TYPES[schema["type"]](value):
        return [f"{where}: {value!r:.40} is not of type {schema['type']}"]
    if "const" in schema and (value != schema["const"] or type(value) is not type(schema["const"])):
        found.append(f"{where}: {value!r:.40} is not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r:.40} is not one of {schema['enum']}")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        found.append(f"{where}: {value!r:.40} does not match {schema['pattern']}")
    if "minimum" in schema and value < schema["minimum"]:
        found.append(f"{where}: {value} < {schema['minimum']}")
    if "oneOf" in schema:
        matching = [option for option in schema["oneOf"] if not errors(value, option, where)]
        if len(matching) != 1:
            found.append(f"{where}: matches {len(matching)} of the oneOf alternatives, not 1")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                found.append(f"{where}: {key!r} is missing")
        for key, item in value.items():
            if key in properties:
                found += errors(item, properties[key], f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                found.append(f"{where}: {key!r} is not in the schema")
            elif isinstance(schema.get("additionalProperties"), dict):
                found += errors(item, schema["additionalProperties"], f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found += errors(item, schema["items"], f"{where}[{index}]")
    return found


def inspect_json(*args: str) -> dict:
    result = CliRunner().invoke(main, ["inspect", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


# -- what the command prints is valid ------------------------------------------------


@pytest.mark.parametrize("path", FILES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_every_file_is_valid_under_the_schema(path, inspected):
    data = to_json(inspected(path))
    assert data["functions"], "nothing to check"
    assert errors(data) == []
    # The keys' meanings, beyond their types.
    generated = data["generated"].splitlines()
    assert len(data["line_map"]) == len(generated)
    source_lines = data["source"].count("\n") + 1
    assert all(0 <= line <= source_lines for line in data["line_map"])
    for function in data["functions"]:
        if not function["compiled"]:
            continue
        assert [s["state"] for s in function["states"]] == list(range(len(function["states"])))
        assert function["states"][0]["kind"] == "start" and function["states"][0]["generated_range"] is None
        nodes = {"entry", "done", *(str(s["state"]) for s in function["states"][1:])}
        assert {e["from"] for e in function["edges"]} | {e["to"] for e in function["edges"]} <= nodes
        for state in function["states"][1:]:
            first, last = state["generated_range"]["first"], state["generated_range"]["last"]
            assert function["machine_range"]["first"] <= first <= last <= function["machine_range"]["last"]
            assert generated[state["resume_line"] - 1].strip() == f"if resume == {state['state']}:"
            # what is saved across a suspension lives in a field of the machine
            assert set(state["saved"]) <= set(function["variables"].values()), state


def test_the_command_prints_valid_json_for_every_kind_of_target(tmp_path):
    tour = ROOT / "tests/inspect/programs/tour.py"
    whole = inspect_json(str(tour))
    assert errors(whole) == []
    by_name = {f["qualname"]: f for f in whole["functions"]}
    assert by_name["introspective"]["compiled"] is False and "locals()" in by_name["introspective"]["refused"]
    assert by_name["outer.<locals>.shout"]["compiled"] is True
    one = inspect_json(f"{tour}:ticks")
    assert errors(one) == [] and [f["qualname"] for f in one["functions"]] == ["ticks"]
    assert one["functions"][0] == by_name["ticks"]
    assert one["functions"][0]["kind"] == "async generator"
    assert [s["kind"] for s in one["functions"][0]["states"]] == ["start", "await", "yield"]
    empty = tmp_path / "empty.py"
    empty.write_text("def f():\n    return 1\n")
    data = inspect_json(str(empty))
    assert data["functions"] == [] and errors(data) == []


def test_the_schema_rejects_what_it_should():
    data = to_json(inspect_source("async def f(a):\n    return await a\n", "f.py"))
    assert errors(data) == []
    broken = []
    missing = copy.deepcopy(data)
    del missing["functions"][0]["states"][1]["saved"]
    broken.append(missing)
    extra = copy.deepcopy(data)
    extra["functions"][0]["edges"][0]["label"] = "x"
    broken.append(extra)
    wrong_type = copy.deepcopy(data)
    wrong_type["functions"][0]["states"][1]["line"] = "2"
    broken.append(wrong_type)
    boolean = copy.deepcopy(data)
    boolean["line_map"][0] = True
    broken.append(boolean)
    bad_kind = copy.deepcopy(data)
    bad_kind["functions"][0]["edges"][0]["kind"] = "jump"
    broken.append(bad_kind)
    bad_node = copy.deepcopy(data)
    bad_node["functions"][0]["edges"][0]["from"] = "done"
    broken.append(bad_node)
    half_native = copy.deepcopy(data)
    half_native["functions"][0]["compiled"] = False
    broken.append(half_native)
    for number, document in enumerate(broken):
        assert errors(document), number


# -- the prose agrees with the schema ---------------------------------------------------


def _doc_sections() -> dict[str, str]:
    """Heading ("" for the top) -> the jsonc example blocks under it."""
    text = (DOCS / "inspect-json.md").read_text(encoding="utf-8")
    sections: dict[str, str] = {}
    heading = ""
    for part in re.split(r"^(## .*)$", text, flags=re.MULTILINE):
        if part.startswith("## "):
            heading = part[3:].strip()
            continue
        blocks = re.findall(r"```jsonc\n(.*?)```", part, flags=re.DOTALL)
        if blocks:
            sections[heading] = "\n".join(blocks)
    return sections


def _example_keys(block: str) -> set[str]:
    """The keys of the example objects: those at the first level of
    indentation, or all of a one-line example."""
    code = "\n".join(line.split("//")[0] for line in block.splitlines()).strip()  # comments out
    if "\n" not in code:
        return set(re.findall(r'"(\w+)"\s*:', code))
    return set(re.findall(r'^  "(\w+)"\s*:', code, flags=re.MULTILINE))


def test_the_documented_examples_have_the_schema_keys():
    sections = _doc_sections()
    defs = SCHEMA["$defs"]
    expected = {
        "": set(SCHEMA["properties"]),
        "Function": set(defs["compiled_function"]["properties"]) | set(defs["native_function"]["properties"]),
        "State": set(defs["state"]["properties"]),
        "Edge": set(defs["edge"]["properties"]),
    }
    assert set(sections) == set(expected)
    for heading, keys in expected.items():
        assert _example_keys(sections[heading]) == keys, heading


def test_the_documented_kinds_are_the_emitted_ones():
    text = (DOCS / "inspect-json.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| `(\w+)` \|", text, flags=re.MULTILINE)
    assert table == list(EDGE_KINDS)
    assert SCHEMA["$defs"]["edge"]["properties"]["kind"]["enum"] == list(EDGE_KINDS)
    assert SCHEMA["properties"]["schema"]["const"] == to_json(inspect_source("", "x.py"))["schema"]
