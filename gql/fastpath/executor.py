"""Execution with a planned short path for the fields a list row is made of.

graphql-core resolves every field the same way: a path entry, a resolve-info object, the
resolver call and a recursive value completion through half a dozen methods, about 4 µs
per field before any work of ours. A page of 100 customers has ~25 fields per row, most of
them plain attributes (Strawberry's "basic" fields: no resolver, no extension), `@direct`
resolvers (gql/fastpath/direct.py) that answer from a prefetched loader, and the objects and lists
those return. For each selection set this context works out once per request how each
field is resolved and completed (gql/fastpath/field_plans.py), then does exactly that:

- a plain attribute is `getattr`, a `@direct` resolver is called as graphql-core would call
  it (its arguments coerced once per request, since variables are fixed);
- a leaf is the type's output coercion, an object the same planned execution of its
  sub-selection, a list the same for each item.

Everything else, and every value that needs an error (null where null is not allowed, a
value the type refuses, an awaitable, an object of the wrong type), is handed to
graphql-core's own methods with the value already resolved, so answers and errors are the
same as graphql-core's (tests/test_execution.py compares them).
"""

from __future__ import annotations

import logging
from typing import Any

from graphql import (
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    Undefined,
)
from graphql.pyutils import Path, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from gql.fastpath.field_plans import Field, Leaf, ListOf, ObjectOf, Plan, plan_field

logger = logging.getLogger(__name__)


class _DirectInfo:
    """What a @direct resolver is given as `info`: the context, which is all it may read."""

    __slots__ = ("context",)

    def __init__(self, context: Any) -> None:
        self.context = context


_warned: set[int] = set()  # ids of the schemas told


def _warn_once(schema: Any, why: str) -> None:
    """Once per schema (not per request): the planned execution is off for it."""
    if id(schema) not in _warned:
        _warned.add(id(schema))
        logger.warning("the planned execution is off for this schema: %s", why)


_SLOW = object()  # the short path cannot complete this value: graphql-core will
# What completed values mostly are; none of them is awaitable, so no need to ask.
_COMPLETED = frozenset({dict, list, str, int, float, bool, type(None)})


class PlannedExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Per selection set (graphql-core memoises them, so a list's rows share one), with
        # the set kept alive beside its plan so that its id is not reused meanwhile.
        self._plans: dict[int, tuple[Any, Plan]] = {}
        self._direct_info = _DirectInfo(self.context_value)
        self._plain_classes: set[type] = set()  # classes of values that are not awaitable
        # A field middleware would have to see every field: then nothing takes the short
        # path (Strawberry always installs a manager, empty unless an extension resolves).
        # gql/fastpath/wiring.py refuses such a schema; one built around it is told here.
        middleware = self.middleware_manager
        self._short_paths = not (middleware and middleware.middlewares)
        if not self._short_paths:
            _warn_once(self.schema, "a resolve() extension: every field goes graphql-core's way")

    # -- planning ------------------------------------------------------------------------

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> Plan:
        cached = self._plans.get(id(grouped_field_set))
        if cached is not None:
            return cached[1]
        fields = tuple(
            self._plan_field(parent_type, name, details)
            for name, details in grouped_field_set.items()
        )
        plan = Plan(fields=fields, planned=any(f.completion is not None for f in fields))
        self._plans[id(grouped_field_set)] = (grouped_field_set, plan)
        return plan

    def _plan_field(self, parent_type: GraphQLObjectType, name: str, details: Any) -> Field:
        if not self._short_paths:
            return Field(name, details, None, None, None, {}, None)
        return plan_field(self.schema, self.variable_values, parent_type, name, details)

    # -- execution -----------------------------------------------------------------------

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        plan = self._plan(parent_type, grouped_field_set)
        if not plan.planned:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        return self._run(plan, parent_type, source_value, path, position_context)

    def _run(
        self,
        plan: Plan,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        position_context: Any = None,
    ) -> Any:
        results: dict[str, Any] = {}
        pending: list[str] = []
        try:
            # In the query's order, as graphql-core does: the first failing non-null field
            # is the error an object reports.
            for f in plan.fields:
                leaf = f.plain_leaf
                if leaf is not None:
                    # The most common field of all, inline: a plain attribute holding a
                    # value its type accepts. Anything else takes `_execute_field` below.
                    value = getattr(source_value, f.attribute, _SLOW)  # type: ignore[arg-type]
                    if value is None:
                        if leaf.nullable:
                            results[f.name] = None
                            continue
                    elif value is not _SLOW and not isinstance(value, Exception):
                        try:
                            coerced = leaf.coerce(value)
                        except Exception:
                            coerced = None
                        if coerced is not None and coerced is not Undefined:
                            results[f.name] = coerced
                            continue
                if f.completion is None:
                    field_path = Path(path, f.name, parent_type.name)
                    completed = self.execute_field(
                        parent_type, source_value, f.details, field_path, position_context
                    )
                    if completed is Undefined:  # no such field
                        continue
                else:
                    completed = self._execute_field(parent_type, f, source_value, path)
                results[f.name] = completed
                if completed.__class__ not in _COMPLETED and self.is_awaitable(completed):
                    pending.append(f.name)
        except Exception:
            # A non-null field failed, so the object fails. As graphql-core does, let the
            # fields already started finish (and fail) on their own.
            if pending:
                self.settle_in_background([results[name] for name in pending])
            raise
        if not pending:
            return results
        return self._gathered(results, pending)

    def _execute_field(
        self, parent_type: GraphQLObjectType, f: Field, source_value: Any, path: Path | None
    ) -> Any:
        """A planned field's completed value, its errors handled as graphql-core does."""
        field_type = f.field.type  # type: ignore[union-attr]  # planned fields exist
        try:
            if f.attribute is not None:
                value = getattr(source_value, f.attribute)
            else:
                value = f.resolve(source_value, self._direct_info, **f.arguments)  # type: ignore[misc]
                if self.is_awaitable(value):
                    return self._slow(parent_type, f, Path(path, f.name, parent_type.name), value)
        except Exception as error:
            self.handle_field_error(
                error, field_type, f.details, Path(path, f.name, parent_type.name)
            )
            return None
        completion = f.completion
        if isinstance(completion, Leaf):
            completed = self._leaf(completion, value)
            if completed is _SLOW:
                return self._slow(parent_type, f, Path(path, f.name, parent_type.name), value)
            return completed
        field_path = Path(path, f.name, parent_type.name)
        try:
            if isinstance(completion, ObjectOf):
                completed = self._object(completion, f, field_path, value)
            else:
                completed = self._list(completion, f, field_path, value)  # type: ignore[arg-type]
        except Exception as error:
            self.handle_field_error(error, field_type, f.details, field_path)
            return None
        if completed is _SLOW:
            return self._slow(parent_type, f, field_path, value)
        if completed.__class__ not in _COMPLETED and self.is_awaitable(completed):
            return self._awaited(completed, field_type, f.details, field_path)
        return completed

    async def _gathered(self, results: dict[str, Any], pending: list[str]) -> dict[str, Any]:
        # As graphql-core does: fields run concurrently; a failing one fails the object.
        if len(pending) == 1:
            results[pending[0]] = await results[pending[0]]
            return results
        values = await gather_with_cancel(*(results[name] for name in pending))
        results.update(zip(pending, values, strict=True))
        return results

    def _leaf(self, completion: Leaf, value: Any) -> Any:
        if value is None:
            return None if completion.nullable else _SLOW
        if isinstance(value, Exception):  # graphql-core raises it: a field error
            return _SLOW
        try:
            coerced = completion.coerce(value)
        except Exception:
            return _SLOW
        return _SLOW if coerced is None or coerced is Undefined else coerced

    def _ready(self, completion: ObjectOf, value: Any) -> bool:
        """The value completes as this object type on the short path."""
        if value is None:
            return completion.nullable
        is_type_of = completion.type.is_type_of
        if is_type_of is not None:
            # Strawberry's check (an instance of the type's class, which is no awaitable)
            # reads only the value; anything else goes graphql-core's way.
            try:
                return is_type_of(value, None) is True  # type: ignore[arg-type]
            except Exception:
                return False
        kind = value.__class__
        if kind in self._plain_classes:
            return True
        if self.is_awaitable(value) or isinstance(value, Exception):
            return False
        self._plain_classes.add(kind)  # whether an object is awaitable is its class's affair
        return True

    def _selection(self, completion: ObjectOf, f: Field) -> Any:
        """(sub-selection, its plan) of an object field, or _SLOW."""
        if f.selection is None:
            grouped_field_set, defer_usages, _ = self.collect_subfields(completion.type, f.details)
            if defer_usages:
                f.selection = _SLOW
            else:
                f.selection = (grouped_field_set, self._plan(completion.type, grouped_field_set))
        return f.selection

    def _sub(self, completion: ObjectOf, selection: Any, path: Path, value: Any) -> Any:
        grouped_field_set, plan = selection
        if plan.planned:
            return self._run(plan, completion.type, value, path)
        return super().execute_fields(completion.type, value, path, grouped_field_set, None)

    def _object(self, completion: ObjectOf, f: Field, path: Path, value: Any) -> Any:
        """The object's sub-selection, or _SLOW; raises what its non-null fields raise."""
        if not self._ready(completion, value):
            return _SLOW
        if value is None:
            return None
        selection = self._selection(completion, f)
        if selection is _SLOW:
            return _SLOW
        return self._sub(completion, selection, path, value)

    def _list(self, completion: ListOf, f: Field, path: Path, value: Any) -> Any:
        if value is None:
            return None if completion.nullable else _SLOW
        if not isinstance(value, list | tuple):
            return _SLOW
        item = completion.item
        if isinstance(item, Leaf):
            leaves = [self._leaf(item, v) for v in value]
            return _SLOW if any(v is _SLOW for v in leaves) else leaves
        if not value:
            return []
        # Every item is checked before any is completed, so that no item's errors are
        # reported twice should the list fall back to graphql-core.
        if not all(self._ready(item, row) for row in value):
            return _SLOW
        selection = self._selection(item, f)
        if selection is _SLOW:
            return _SLOW
        details = f.details
        completed: list[Any] = []
        pending: list[int] = []
        try:
            for index, row in enumerate(value):
                item_path = path.add_key(index, None)
                try:
                    done = None if row is None else self._sub(item, selection, item_path, row)
                except Exception as error:
                    self._item_error(error, item, details, item_path)  # raises if non-null
                    done = None
                if done.__class__ is not dict and done is not None and self.is_awaitable(done):
                    pending.append(index)
                    done = self._awaited_item(done, item, details, item_path)
                completed.append(done)
        except Exception:
            # The list fails; as graphql-core does, its items already started finish alone.
            if pending:
                self.settle_in_background([completed[i] for i in pending])
            raise
        if not pending:
            return completed
        return self._gathered_items(completed, pending)

    def _item_error(self, error: Exception, item: ObjectOf, details: Any, path: Path) -> None:
        """graphql-core's handling of a failed list item: null, or fail the list."""
        item_type = item.type if item.nullable else GraphQLNonNull(item.type)
        self.handle_field_error(error, item_type, details, path)

    async def _awaited_item(self, done: Any, item: ObjectOf, details: Any, path: Path) -> Any:
        try:
            return await done
        except Exception as error:
            self._item_error(error, item, details, path)
            return None

    async def _gathered_items(self, completed: list[Any], pending: list[int]) -> list[Any]:
        if len(pending) == 1:
            completed[pending[0]] = await completed[pending[0]]
            return completed
        values = await gather_with_cancel(*(completed[i] for i in pending))
        for index, value in zip(pending, values, strict=True):
            completed[index] = value
        return completed

    async def _awaited(
        self, completed: Any, return_type: GraphQLOutputType, details: Any, path: Path
    ) -> Any:
        try:
            return await completed
        except Exception as error:
            self.handle_field_error(error, return_type, details, path)
            return None

    # -- graphql-core's own way, with the value already resolved -------------------------

    def _slow(self, parent_type: GraphQLObjectType, f: Field, path: Path, value: Any) -> Any:
        """What graphql-core's `execute_field` does once the resolver has answered."""
        field = f.field
        assert field is not None  # planned fields exist
        info = self.build_resolve_info(field, [d.node for d in f.details], parent_type, path)
        try:
            if self.is_awaitable(value):
                return self.complete_awaitable_value(field.type, f.details, info, path, value, None)
            completed = self.complete_value(field.type, f.details, info, path, value, None)
        except Exception as error:
            self.handle_field_error(error, field.type, f.details, path)
            return None
        if self.is_awaitable(completed):
            return self._awaited(completed, field.type, f.details, path)
        return completed
