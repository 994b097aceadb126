"""The schema explains itself: every type, field, argument, input field and enum value
carries a description that says more than its name, since GraphiQL shows them to every
integrator. Checked twice: by walking the schema the code builds (no node needed), and by
graphql-schema-linter's description rules over the committed schema.graphql, as CI runs
them (.ci/schema-lint)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import graphql
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    introspection_types,
    specified_directives,
    specified_scalar_types,
)

from gql.schema import build_schema
from tests.live_server import ROOT, node_script

SCHEMA_LINT = ROOT / ".ci" / "schema-lint"
LINTER = "node_modules/graphql-schema-linter/lib/cli.js"

# One hole of each kind the walk looks for: no description (of a type, field, argument,
# input field, enum value or directive), and one that only repeats the name. The linter
# has no rule for directives or repeated names.
HOLES_SDL = '''
"""Reads."""
type Query {
  """Says what it is for."""
  described(
    """Says what it is for."""
    given: Int
    bare: Int
  ): Shade
  bare: Int
}

"""A colour's shade."""
enum Shade {
  """Says what it is for."""
  LIGHT
  DARK
}

input Filter {
  """Says what it is for."""
  shade: Shade
  bare: Int
}

"""A colour."""
scalar Colour

directive @audited(reason: String) on FIELD_DEFINITION
'''


def elements(schema: GraphQLSchema) -> Iterator[tuple[str, str, str | None]]:
    """Every element of `schema` a description belongs to, as (path, name, description):
    types, fields and their arguments, input fields, enum values, directives and theirs.
    GraphQL's own types and directives are left out: graphql-core describes them."""
    for type_name, named in schema.type_map.items():
        if type_name in introspection_types or type_name in specified_scalar_types:
            continue
        yield type_name, type_name, named.description
        yield from _members(type_name, named)
    for directive in schema.directives:
        if directive in specified_directives:
            continue
        yield f"@{directive.name}", directive.name, directive.description
        for arg_name, arg in directive.args.items():
            yield f"@{directive.name}({arg_name}:)", arg_name, arg.description


def _members(type_name: str, named: GraphQLNamedType) -> Iterator[tuple[str, str, str | None]]:
    """A type's fields (and their arguments), input fields or enum values."""
    if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
        for field_name, field in named.fields.items():
            path = f"{type_name}.{field_name}"
            yield path, field_name, field.description
            for arg_name, arg in field.args.items():
                yield f"{path}({arg_name}:)", arg_name, arg.description
    elif isinstance(named, GraphQLInputObjectType):
        for field_name, input_field in named.fields.items():
            yield f"{type_name}.{field_name}", field_name, input_field.description
    elif isinstance(named, GraphQLEnumType):
        for value_name, value in named.values.items():
            yield f"{type_name}.{value_name}", value_name, value.description


def words(text: str) -> list[str]:
    """The lower-case words of a name (camelCase, SNAKE_CASE and numbers split:
    "addressLine1" is address, line, 1) or of a sentence."""
    return re.findall(r"[a-z]+|[0-9]+", re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", text).lower())


def only_repeats(name: str, description: str) -> bool:
    """Whether `description` says nothing but `name` ("firstName": "First name.")."""
    said = words(description)
    if said[:1] in (["a"], ["an"], ["the"], ["its"]):
        said = said[1:]
    return said == words(name)


def undescribed(schema: GraphQLSchema) -> list[str]:
    """The elements with no description, or one that only repeats their name."""
    return [
        path
        for path, name, description in elements(schema)
        if not (description or "").strip() or only_repeats(name, description or "")
    ]


def test_the_walk_finds_a_hole_of_each_kind() -> None:
    holes = undescribed(graphql.build_schema(HOLES_SDL))

    assert holes == [
        "Query.described(bare:)",
        "Query.bare",
        "Shade.DARK",
        "Filter",
        "Filter.bare",
        "Colour",
        "@audited",
        "@audited(reason:)",
    ]


def test_every_element_of_the_schema_is_described() -> None:
    """Through the SDL the code prints (what GraphiQL and schema.graphql show), so no
    private attribute of Strawberry is needed."""
    schema = graphql.build_schema(build_schema().as_str())

    assert len(list(elements(schema))) > 1000  # the walk saw the whole schema
    assert undescribed(schema) == []


def lint(schema_file: Path) -> subprocess.CompletedProcess[str]:
    """graphql-schema-linter with .ci/schema-lint's rules over `schema_file`; a skip
    without node or the linter, but a failure in CI."""
    command = node_script(SCHEMA_LINT, "graphql-schema-linter", LINTER)
    return subprocess.run(
        [*command, "--format", "compact", "--config-directory", str(SCHEMA_LINT), str(schema_file)],
        cwd=SCHEMA_LINT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_graphql_schema_linter_finds_no_missing_description() -> None:
    result = lint(ROOT / "schema.graphql")

    assert result.returncode == 0, result.stdout + result.stderr


def test_graphql_schema_linter_runs_the_description_rules(tmp_path: Path) -> None:
    """The linter reads this folder's configuration: each description rule answers for
    its hole, and nothing else is reported (the ordering rules are off)."""
    schema_file = tmp_path / "holes.graphql"
    schema_file.write_text(HOLES_SDL, encoding="utf-8")

    result = lint(schema_file)

    assert result.returncode == 1, result.stdout + result.stderr
    rules = sorted(set(re.findall(r"\(([a-z-]+)\)$", result.stdout, flags=re.MULTILINE)))
    assert rules == [
        "arguments-have-descriptions",
        "enum-values-have-descriptions",
        "fields-have-descriptions",
        "input-object-values-have-descriptions",
        "types-have-descriptions",
    ]
