"""Execution with a short path for plain scalar fields.

graphql-core resolves every field the same way: a path entry, a resolve-info object, the
resolver call and a recursive value completion, about 4 µs per field here. Most fields of
a list row are plain attributes holding a scalar or an enum (Strawberry's "basic" fields:
no resolver, no extension, no argument), and for those all of it amounts to `getattr` and
the type's output coercion. This context does exactly that for them and hands every other
field, and every plain field whose value needs an error (null where null is not allowed,
a value the type refuses), to graphql-core unchanged, so answers and errors are the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLNonNull,
    GraphQLObjectType,
    Undefined,
    get_named_type,
    is_leaf_type,
)
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

# (python attribute, output coercion, null allowed), or None: resolve the usual way.
_Plain = tuple[str, Callable[[Any], Any], bool] | None


def _plain(field: GraphQLField | None, has_arguments: bool) -> _Plain:
    if field is None or has_arguments or not getattr(field.resolve, "_is_default", False):
        return None
    named = get_named_type(field.type)
    inner = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
    if not is_leaf_type(named) or inner is not named:  # lists take the usual way
        return None
    definition = field.extensions.get("strawberry-definition")
    if definition is None:
        return None
    return definition.python_name, named.coerce_output_value, inner is field.type


@dataclass(frozen=True)
class _Plan:
    """How to execute one selection set: its fields with their short path, if any."""

    fields: tuple[tuple[str, Any, _Plain], ...]  # (response name, field details, plain)
    order: tuple[str, ...]
    any_plain: bool


class PlainFieldsExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Per selection set (graphql-core memoises them, so a list's rows share one), with
        # the set kept alive beside its plan so that its id is not reused meanwhile.
        self._plans: dict[int, tuple[Any, _Plan]] = {}
        # A field middleware would have to see every field: then nothing takes the short
        # path (Strawberry always installs a manager, empty unless an extension resolves).
        middleware = self.middleware_manager
        self._short_paths = not (middleware and middleware.middlewares)

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> _Plan:
        cached = self._plans.get(id(grouped_field_set))
        if cached is not None:
            return cached[1]
        fields = []
        for response_name, details in grouped_field_set.items():
            node = details[0].node
            field = self.schema.get_field(parent_type, node.name.value)
            how = _plain(field, bool(node.arguments)) if self._short_paths else None
            fields.append((response_name, details, how))
        plan = _Plan(
            fields=tuple(fields),
            order=tuple(grouped_field_set),
            any_plain=any(how is not None for _, _, how in fields),
        )
        self._plans[id(grouped_field_set)] = (grouped_field_set, plan)
        return plan

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        plan = self._plan(parent_type, grouped_field_set)
        if not plan.any_plain:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        results: dict[str, Any] = {}
        rest: dict[str, Any] = {}
        for response_name, details, how in plan.fields:
            if how is not None:
                attribute, coerce, nullable = how
                try:
                    value = getattr(source_value, attribute)
                    if value is None:
                        if nullable:
                            results[response_name] = None
                            continue
                    else:
                        coerced = coerce(value)
                        if coerced is not None and coerced is not Undefined:
                            results[response_name] = coerced
                            continue
                except Exception:  # noqa: S110  # graphql-core reports it the usual way
                    pass
            rest[response_name] = details
        if not rest:
            return results
        others = super().execute_fields(parent_type, source_value, path, rest, position_context)
        return _merged(results, others, plan.order)


def _merged(plain: dict[str, Any], others: Any, order: tuple[str, ...]) -> Any:
    """Both parts, in the order the query asked for the fields."""

    def merge(resolved: dict[str, Any]) -> dict[str, Any]:
        both = {**plain, **resolved}
        return {name: both[name] for name in order if name in both}

    if isinstance(others, dict):
        return merge(others)

    async def later() -> dict[str, Any]:
        return merge(await others)

    return later()
