"""Attaching the fast path to a built Strawberry schema, or leaving the schema stock.

With the fast path off (`FAST_PATH=off`) the schema executes as Strawberry and graphql-core
do out of the box: their execution context, every resolver behind Strawberry's wrapper.

The fast path refuses, when the schema is built, what it cannot honour, rather than
stepping aside per request:

- a schema extension with a `resolve()` hook (schema directives bring one too): it must
  see every field, and the planned execution resolves most fields without any hook;
- `StrawberryConfig.default_resolver` other than `getattr`: plain attributes are read
  with `getattr` on the fast path;
- incremental delivery (`@defer`, `@stream`): the planned execution completes a selection
  set in one piece and would lose the delivery groups.

Why refuse instead of falling back with a warning: each of these is a change to the code,
not to a request, so the refusal comes where the change is made (the app does not start,
the tests fail), and it names the choice: remove it, or set FAST_PATH=off. A fallback
would quietly cost every list page the 35-40 % the fast path saves (bench/RESULTS.md),
which is how a resolve() extension used to turn it off without a word.
"""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLSchema
from strawberry.extensions import SchemaExtension

from gql.fastpath import direct
from gql.fastpath.executor import PlannedExecutionContext


class FastPathRefused(TypeError):
    """The schema asks for something the fast path cannot honour."""


def execution_context_class(fast_path: bool) -> Any:
    """What `strawberry.Schema(execution_context_class=...)` is given; None: Strawberry's."""
    return PlannedExecutionContext if fast_path else None


def executable_schema(schema: strawberry.Schema) -> GraphQLSchema:
    """The graphql-core schema a Strawberry schema executes (Strawberry has no public
    accessor for it)."""
    return schema._schema


def unhonoured(schema: strawberry.Schema) -> list[str]:
    """What of `schema`'s configuration the fast path cannot honour (empty: nothing)."""
    found = []
    for extension in schema.get_extensions():
        if type(extension).resolve is not SchemaExtension.resolve:
            found.append(f"the extension {type(extension).__name__} has a resolve() hook")
    config = schema.config
    if config.default_resolver is not getattr:
        found.append(f"StrawberryConfig.default_resolver is {config.default_resolver!r}")
    if config.enable_experimental_incremental_execution:
        found.append("incremental execution (@defer, @stream) is enabled")
    return found


def attach(schema: strawberry.Schema, fast_path: bool) -> None:
    """Wire the `@direct` resolvers into `schema` when the fast path is on; raises
    FastPathRefused when the schema asks for what the fast path cannot honour."""
    if not fast_path:
        return
    found = unhonoured(schema)
    if found:
        raise FastPathRefused(
            "the fast path (gql/fastpath/) cannot honour: "
            + "; ".join(found)
            + ". Remove it, or run with FAST_PATH=off (stock execution)."
        )
    direct.install(executable_schema(schema))
