"""How each field of a selection set is executed on the planned path (gql/fastpath/executor.py).

A field is planned once per request: a plain attribute (Strawberry's basic fields: no
resolver, no extension), a `@direct` resolver with its arguments coerced once (variables
are fixed for the request), or graphql-core's own execution. Its value then completes
as a leaf, an object or a list of either; any other type is graphql-core's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    is_leaf_type,
)
from graphql.execution.values import VariableValues, get_argument_values

from gql.fastpath.direct import is_direct


@dataclass(frozen=True)
class Leaf:
    """A scalar or enum: the type's output coercion."""

    coerce: Callable[[Any], Any]
    nullable: bool


@dataclass(frozen=True)
class ObjectOf:
    """An object: its sub-selection, planned in turn."""

    type: GraphQLObjectType
    nullable: bool


@dataclass(frozen=True)
class ListOf:
    """A list of leaves or of objects."""

    item: Leaf | ObjectOf
    nullable: bool


Completion = Leaf | ObjectOf | ListOf


@lru_cache(maxsize=4_096)  # bounded: every schema built in a process brings its own types
def completion_of(return_type: GraphQLOutputType) -> Completion | None:
    """How a value of this type completes on the short path; None: graphql-core's way."""
    nullable = not isinstance(return_type, GraphQLNonNull)
    inner = return_type if nullable else return_type.of_type  # type: ignore[union-attr]
    if is_leaf_type(inner):
        return Leaf(inner.coerce_output_value, nullable)
    if isinstance(inner, GraphQLObjectType):
        return ObjectOf(inner, nullable)
    if isinstance(inner, GraphQLList):
        item = completion_of(inner.of_type)
        if isinstance(item, Leaf | ObjectOf):
            return ListOf(item, nullable)
    return None  # interfaces, unions, lists of lists


@dataclass
class Field:
    """One field of a selection set and how to execute it (planned once per request)."""

    name: str  # the response name
    details: Any  # graphql-core's field details list
    field: GraphQLField | None
    attribute: str | None  # a plain attribute: its Python name
    resolve: Callable[..., Any] | None  # a @direct resolver
    arguments: dict[str, Any]
    completion: Completion | None  # None: graphql-core executes the field
    plain_leaf: Leaf | None = None  # a plain attribute holding a leaf: the common case
    # For object fields, once first needed (gql/fastpath/executor.py): its sub-selection and that
    # selection's plan, or a mark that graphql-core must execute it (a deferred fragment).
    selection: Any = None


@dataclass(frozen=True)
class Plan:
    """A selection set's fields, planned."""

    fields: tuple[Field, ...]
    planned: bool  # any field takes the short path


def plan_field(
    schema: GraphQLSchema,
    variable_values: VariableValues,
    parent_type: GraphQLObjectType,
    name: str,
    details: Any,
) -> Field:
    """How to execute the field `details` names (its response name `name`)."""
    node = details[0].node
    field = schema.get_field(parent_type, node.name.value)
    general = Field(name, details, field, None, None, {}, None)
    if field is None:
        return general
    completion = completion_of(field.type)
    if completion is None:
        return general
    definition = field.extensions.get("strawberry-definition")
    if definition is not None and definition.is_basic_field and not node.arguments:
        # No resolver and no extension (a Guard on a plain attribute must still run:
        # Strawberry marks such a field's resolver "default" too).
        leaf = completion if isinstance(completion, Leaf) else None
        attribute = definition.python_name
        return Field(name, details, field, attribute, None, {}, completion, leaf)
    if is_direct(field.resolve):
        try:
            arguments = get_argument_values(
                field, node, variable_values, details[0].fragment_variable_values
            )
        except GraphQLError:
            return general  # graphql-core reports it, on the field, as usual
        return Field(name, details, field, None, field.resolve, arguments, completion)
    return general
