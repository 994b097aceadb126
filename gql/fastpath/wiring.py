"""Attaching the fast path to a built Strawberry schema, or leaving the schema stock.

With the fast path off (`FAST_PATH=off`) the schema executes as Strawberry and graphql-core
do out of the box: their execution context, every resolver behind Strawberry's wrapper.
"""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLSchema

from gql.fastpath import direct
from gql.fastpath.executor import PlannedExecutionContext


def execution_context_class(fast_path: bool) -> Any:
    """What `strawberry.Schema(execution_context_class=...)` is given; None: Strawberry's."""
    return PlannedExecutionContext if fast_path else None


def executable_schema(schema: strawberry.Schema) -> GraphQLSchema:
    """The graphql-core schema a Strawberry schema executes (Strawberry has no public
    accessor for it)."""
    return schema._schema


def attach(schema: strawberry.Schema, fast_path: bool) -> None:
    """Wire the `@direct` resolvers into `schema` when the fast path is on."""
    if fast_path:
        direct.install(executable_schema(schema))
