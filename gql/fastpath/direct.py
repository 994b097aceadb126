"""Resolvers graphql-core calls directly, without Strawberry's per-call wrapper.

For every field with a resolver, Strawberry builds an `Info` object, converts the
arguments and runs the field extensions on each call: about 15 µs, paid per row of a list
for every such field, which on a page of 100 rows is most of the request. A resolver
marked `@direct` promises to read nothing of `info` but `info.context` and to take only
plain scalar arguments (Int, String, ID: nothing to convert), so graphql-core's own
resolve info serves it as well, and so does the context alone, which is what the planned
execution (gql/fastpath/executor.py) passes. `install` wires such fields straight into the
executable schema, keeping their Guard (the only extension they may carry) in front of them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from graphql import GraphQLObjectType, GraphQLScalarType, GraphQLSchema, get_named_type

from gql.permissions import Guard

F = TypeVar("F", bound=Callable[..., Any])
_MARK = "_tenantry_direct"
_INSTALLED = "_tenantry_direct_installed"


def direct(resolver: F) -> F:
    """Mark a resolver graphql-core may call as `resolver(source, info, **arguments)`."""
    setattr(resolver, _MARK, True)
    return resolver


def is_direct(resolve: Any) -> bool:
    """This graphql-core resolver is a @direct one, installed by `install`: gql/fastpath/executor.py
    may call it with an `info` that holds only the context."""
    return getattr(resolve, _INSTALLED, False) is True


def _guarded(guard: Guard, inner: Callable[..., Any]) -> Callable[..., Any]:
    def resolve(source: Any, info: Any, **arguments: Any) -> Any:
        return guard.resolve(inner, source, info, **arguments)

    return resolve


def _taking_info(function: Callable[..., Any]) -> Callable[..., Any]:
    """`function` as graphql-core calls it, `(source, info, **arguments)`, whether or not
    it asks for `info` itself."""
    if "info" in inspect.signature(function).parameters:
        return function
    return lambda source, info, **arguments: function(source, **arguments)


def install(schema: GraphQLSchema) -> int:
    """Point the marked fields' resolvers at the functions themselves; returns how many."""
    installed = 0
    for graphql_type in schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType):
            continue
        for name, field in graphql_type.fields.items():
            definition = field.extensions.get("strawberry-definition")
            resolver = definition.base_resolver if definition is not None else None
            if resolver is None or not getattr(resolver.wrapped_func, _MARK, False):
                continue
            where = f"{graphql_type.name}.{name}"
            if not all(isinstance(e, Guard) for e in definition.extensions):
                raise TypeError(f"{where}: @direct allows Guard extensions only")
            for argument_name, argument in field.args.items():
                # graphql-core passes arguments by their GraphQL names, as coerced values:
                # only a one-word name of a scalar reaches the function as Strawberry would.
                scalar = isinstance(get_named_type(argument.type), GraphQLScalarType)
                if argument_name != argument_name.lower() or not scalar:
                    raise TypeError(f"{where}: @direct takes one-word scalar arguments only")
            resolve = _taking_info(resolver.wrapped_func)
            for guard in reversed(definition.extensions):
                resolve = _guarded(guard, resolve)
            setattr(resolve, _INSTALLED, True)
            field.resolve = resolve
            installed += 1
    return installed
