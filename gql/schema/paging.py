"""Keyset paging of connections: a page starts strictly after (or ends strictly before)
the sort key a cursor holds, never at an offset, so rows inserted or deleted between two
pages never make a row repeat or go missing.

Every list is in a total order: its sort keys, then the id (domain/listing.py). A root
list's page is one query filtered by "sort key beyond the cursor's"; a nested list's rows
come batch-loaded for a whole page of parents and are paged in memory the same way.
"""

from __future__ import annotations

import inspect
from collections import namedtuple
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, update_wrapper
from operator import itemgetter
from types import UnionType
from typing import Any, TypeVar
from uuid import UUID

from pypika_tortoise.enums import Order
from tortoise.expressions import Q
from tortoise.functions import Count
from tortoise.models import Model
from tortoise.queryset import QuerySet

from gql.errors import bad_request
from gql.schema.cursors import CursorCodec, codec_for
from gql.schema.relay import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    After,
    Before,
    Connection,
    CursorList,
    Edge,
    First,
    Last,
    PageInfo,
)
from models.tortoise_internals import (
    annotation,
    attribute_names,
    count_column,
    field_names,
    model_field,
    rows_of_ids_picked,
    values_rows,
)
from models.tortoise_internals import orderings as orderings_of

NodeT = TypeVar("NodeT")
ModelT = TypeVar("ModelT", bound=Model)
Key = tuple[Any, ...]


@dataclass(frozen=True)
class PageArgs:
    first: int | None
    after: str | None
    last: int | None
    before: str | None
    codec: CursorCodec

    @classmethod
    def given(
        cls, info: Any, first: int | None, after: str | None, last: int | None, before: str | None
    ) -> PageArgs:
        """The paging arguments of a field, with the request's cursor codec (`info` may be
        the planned execution's, which holds only the context)."""
        return cls(first, after, last, before, codec_for(info.context.settings.secret_key))


# The arguments every paged list field takes, in this order, after its own.
_PAGE_PARAMETERS = [
    inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation)
    for name, annotation in (("first", First), ("after", After), ("last", Last), ("before", Before))
]


def paged(resolver: Callable[..., Any]) -> Callable[..., Any]:
    """A list field's resolver, given `first`, `after`, `last` and `before` as one `paging`.

    The resolver declares `info` and, last, `paging: PageArgs`; the field it makes takes the
    four GraphQL arguments in its place (Strawberry reads them from the signature, which
    has no way to share arguments between fields: the returned function carries the
    rewritten one). Called as Strawberry calls it (keywords) or as graphql-core calls a
    @direct resolver (`source, info` positional, arguments as keywords).
    """
    signature = inspect.signature(resolver)
    names = list(signature.parameters)
    if "info" not in names or names[-1] != "paging":
        raise TypeError(f"{resolver.__qualname__}: @paged takes `info` and, last, `paging`")
    info_at = names.index("info")

    # The four as keyword-only parameters: Python binds them, faster than popping them
    # (a nested list's resolver runs once per row of its parents' page).
    call: Callable[..., Any]
    if inspect.iscoroutinefunction(resolver):
        # A coroutine function still, so Strawberry knows the field as async.
        async def call(
            *args: Any,
            first: int | None = None,
            after: str | None = None,
            last: int | None = None,
            before: str | None = None,
            **kwargs: Any,
        ) -> Any:
            info = kwargs["info"] if "info" in kwargs else args[info_at]
            paging = PageArgs.given(info, first, after, last, before)
            return await resolver(*args, paging=paging, **kwargs)

    else:

        def call(
            *args: Any,
            first: int | None = None,
            after: str | None = None,
            last: int | None = None,
            before: str | None = None,
            **kwargs: Any,
        ) -> Any:
            info = kwargs["info"] if "info" in kwargs else args[info_at]
            paging = PageArgs.given(info, first, after, last, before)
            return resolver(*args, paging=paging, **kwargs)

    update_wrapper(call, resolver)
    parameters = [*list(signature.parameters.values())[:-1], *_PAGE_PARAMETERS]
    call.__signature__ = signature.replace(parameters=parameters)  # type: ignore[union-attr]
    return call


def _page_size(value: int | None, argument: str) -> int | None:
    if value is not None and not 0 <= value <= MAX_PAGE_SIZE:
        raise bad_request(f"`{argument}` must be between 0 and {MAX_PAGE_SIZE}.")
    return value


@dataclass(frozen=True)
class _Request:
    """What to fetch: up to `size` rows beyond `after` and short of `before`, read from the
    start of that range (`forward`) or from its end, then at most the last `keep` of them."""

    after: Key | None
    before: Key | None
    forward: bool
    size: int
    keep: int | None


def _request(args: PageArgs, cursors: CursorList) -> _Request:
    first = _page_size(args.first, "first")
    last = _page_size(args.last, "last")
    if first is None and last is None:
        # Paging backwards from `before` means the items just before it.
        if args.before:
            last = DEFAULT_PAGE_SIZE
        else:
            first = DEFAULT_PAGE_SIZE
    after = cursors.position(args.after, "after") if args.after else None
    before = cursors.position(args.before, "before") if args.before else None
    if first is not None:  # Relay: `first` cuts the range first, then `last` that cut
        return _Request(after, before, True, first, last)
    assert last is not None
    return _Request(after, before, False, last, None)


def _connection(
    found: Sequence[tuple[Key, Any]],
    request: _Request,
    cursors: CursorList,
    to_node: Callable[[Any], NodeT],
    count: Callable[[], int | Awaitable[int]],
) -> Connection[NodeT]:
    """`found`: (key, row) pairs in fetch order, up to one past `request.size` (which
    tells whether anything lies beyond the page on the fetching side)."""
    more = len(found) > request.size
    rows = list(found[: request.size])
    if request.forward:
        has_next, has_previous = more, request.after is not None
        if request.keep is not None and len(rows) > request.keep:
            rows, has_previous = rows[len(rows) - request.keep :], True
    else:
        rows.reverse()
        # Paging back from `before`: its row (or what followed it) comes next.
        has_next, has_previous = request.before is not None, more
    edges = [Edge(node=to_node(row), _key=key, _list=cursors) for key, row in rows]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=has_previous,
            start_cursor=cursors.cursor(edges[0]._key) if edges else None,
            end_cursor=cursors.cursor(edges[-1]._key) if edges else None,
        ),
        _count=count,
    )


# -- root lists: one query ------------------------------------------------------------


@cache
def row_type(model: type[Model]) -> Any:
    """A light stand-in for instances of `model`: a named tuple of its columns, by their
    attribute names (foreign keys as `owner_id`). Made from `values_list`, which converts
    each value as the model would, for a fraction of the cost of building an instance."""
    return namedtuple(f"{model.__name__}Row", sorted(attribute_names(model)))


def _orderings(queryset: QuerySet[Any]) -> list[tuple[str, Order]]:
    """The queryset's ORDER BY: its sort keys, which must end with the id.

    Read from the queryset itself so that the order a
    listing function chose is the one place a list's order is written.
    """
    orderings: list[tuple[str, Order]] = orderings_of(queryset)
    if not orderings or orderings[-1][0] != "id":
        raise ValueError(f"a paged list must be ordered by id last, not {orderings}")
    return orderings


def _key_types(queryset: QuerySet[Any], names: Sequence[str]) -> tuple[type | UnionType, ...]:
    """The Python type of each sort value: a column's own (text for an enum, or None where
    it is nullable), an int for a count, text for any other computed key (LOWER, a CASE of
    text: domain/listing.py)."""
    model = queryset.model
    columns = field_names(model)
    types: list[type | UnionType] = []
    for name in names:
        if name in columns:
            column = model_field(model, name)
            column_type = str if issubclass(column.field_type, str) else column.field_type
            types.append(column_type | None if column.null else column_type)
        else:
            types.append(int if isinstance(annotation(queryset, name), Count) else str)
    return tuple(types)


def _beyond(orderings: Sequence[tuple[str, Order]], key: Key, later: bool) -> Q:
    """Rows strictly after (`later`) or before `key` in the list's order.

    (k1, k2, id) after (v1, v2, v) is: k1 beyond v1, or k1 = v1 and k2 beyond v2, or ...
    A NULL sort value is only ever preceded by a key that sets NULLs apart (a CASE on
    IS NULL, domain/listing.py), so within equal preceding keys nothing sorts beyond it.
    """
    terms: list[Q] = []
    equal: dict[str, Any] = {}
    for (name, order), value in zip(orderings, key, strict=True):
        if value is None:
            equal[f"{name}__isnull"] = True
            continue
        ascending = (order == Order.asc) == later
        terms.append(Q(**equal, **{f"{name}__{'gt' if ascending else 'lt'}": value}))
        equal[name] = value
    return Q(*terms, join_type="OR")


# The column of a page's statement that holds the whole list's count (`paginate`).
_TOTAL = "paged_list_total"


async def paginate(
    queryset: QuerySet[ModelT],
    args: PageArgs,
    to_node: Callable[[ModelT], NodeT],
    *,
    rows: bool = False,
    total: bool,
    alongside: Mapping[str, Any] | None = None,
    seen: Callable[[Any, tuple[Any, ...]], None] | None = None,
    ids_first: bool = False,
) -> Connection[NodeT]:
    """One page of an ordered queryset, with keyset cursors and the whole list's count.

    With `rows`, `to_node` is given `row_type` tuples instead of model instances: for a
    hot list whose node reads only columns (no relation, no model method).

    `total`: the query selects `totalCount` (`total_count_selected`). The page's statement
    then counts the list too, in a column of every row (one round trip, not two). A page
    that comes back empty holds no count: the list is empty unless a cursor narrowed the
    page, and only then is it counted on its own, when `totalCount` is resolved. Without
    `total` nothing is counted.

    `alongside` (with `rows` only): expressions read in the page's statement beside each
    row's columns, their values (in `alongside`'s order) handed to `seen` with the row,
    for what a row's fields would otherwise read in a statement of their own.

    `ids_first`: the page's rows are those whose ids a subquery picks, `id IN (SELECT id
    ... ORDER BY ... LIMIT n)`, for a list whose filter and order an index covers but
    whose rows the database would otherwise find by walking the order's index and reading
    every row it passes (a reseller's subtree in the platform's `created_at` order). The
    subquery reads only that index; the page's statement then reads n rows.
    """
    extra = dict(alongside or {})
    if extra and not rows:
        raise ValueError("alongside needs rows=True")
    count_cache: list[int] = []

    async def counted() -> int:
        if not count_cache:
            count_cache.append(await queryset.count())
        return count_cache[0]

    def count() -> int | Awaitable[int]:
        # Counted with the page: a plain value, no awaitable to complete.
        return count_cache[0] if count_cache else counted()

    orderings = _orderings(queryset)
    names = [name for name, _ in orderings]
    signature = ",".join(f"{'-' if order == Order.desc else ''}{name}" for name, order in orderings)
    cursors = CursorList(
        args.codec, f"{queryset.model.__name__}({signature})", _key_types(queryset, names)
    )
    request = _request(args, cursors)
    window = _window(queryset, orderings, request)
    if ids_first:
        window = rows_of_ids_picked(window, request.size + 1)
    if total:
        # Of `queryset`, not `window`: the count ignores the cursors and the page's size.
        # Uncorrelated, so both databases count once per statement (an InitPlan on
        # PostgreSQL), not once per row.
        window = window.annotate(**{_TOTAL: count_column(queryset)})
    if extra:  # on the window only: the count does not need them
        window = window.annotate(**extra)
    # One row past the page tells whether anything follows it.
    window = window.limit(request.size + 1)
    found: list[tuple[Key, Any]]
    totals: list[int]
    if rows:
        found, totals = await _fetch_rows(queryset.model, window, names, [*extra], total, seen)
    else:
        instances = await window
        found = [(tuple(getattr(row, n) for n in names), row) for row in instances]
        totals = [getattr(row, _TOTAL) for row in instances[:1]] if total else []
    if totals:
        count_cache.append(totals[0])
    elif total and request.after is None and request.before is None:
        count_cache.append(0)  # nothing in the whole list
    return _connection(found, request, cursors, to_node, count)


def _window(
    queryset: QuerySet[ModelT], orderings: Sequence[tuple[str, Order]], request: _Request
) -> QuerySet[ModelT]:
    """The rows between the request's cursors, in the order it reads them (backwards for
    `last`)."""
    window = queryset
    if request.after is not None:
        window = window.filter(_beyond(orderings, request.after, later=True))
    if request.before is not None:
        window = window.filter(_beyond(orderings, request.before, later=False))
    if not request.forward:
        window = window.order_by(
            *(f"{'' if order == Order.desc else '-'}{name}" for name, order in orderings)
        )
    return window


async def _fetch_rows(
    model: type[Model],
    window: QuerySet[Any],
    names: Sequence[str],
    extra: Sequence[str],
    total: bool,
    seen: Callable[[Any, tuple[Any, ...]], None] | None,
) -> tuple[list[tuple[Key, Any]], list[int]]:
    """paginate's rows: (sort key, row_type tuple) pairs, and the count when it was read
    (from the first row). The annotations `extra` go to `seen` with each row."""
    light = row_type(model)
    columns = light._fields
    # The sort keys that are no column (LOWER(name), a count) are read alongside.
    selected = [*columns, *(name for name in names if name not in columns)]
    positions = [selected.index(name) for name in names]
    width, beside = len(columns), len(selected)
    once = [*extra, *([_TOTAL] if total else [])]
    fetched = (
        await values_rows(window, [*selected, *once], once=once)
        if once
        else await window.values_list(*selected)
    )
    found = [
        (tuple(values[i] for i in positions), light._make(values[:width])) for values in fetched
    ]
    if seen is not None and extra:
        for (_, row), values in zip(found, fetched, strict=True):
            seen(row, tuple(values[beside : beside + len(extra)]))
    return found, [values[-1] for values in fetched[:1]] if total else []


# -- nested lists: rows a loader fetched ------------------------------------------------


@dataclass(frozen=True)
class ListOrder:
    """How a nested list is ordered: `key` of a row, its id last; all descending or not."""

    key: Callable[[Any], Key]
    types: tuple[type, ...]  # of the key's values, in order, never None (see CursorList)
    descending: bool = False


def connection_from_list(
    items: Sequence[ModelT],
    args: PageArgs,
    to_node: Callable[[ModelT], NodeT],
    order: ListOrder,
    fingerprint: str,
) -> Connection[NodeT]:
    """The same paging over the rows a DataLoader fetched (no I/O: synchronous).

    The rows are put in order here, by Python's comparison of their keys, so that the order
    and the cursors' comparisons agree whatever the database's collation.
    """
    cursors = CursorList(args.codec, fingerprint, order.types)
    request = _request(args, cursors)
    keyed = sorted(
        ((order.key(item), item) for item in items), key=itemgetter(0), reverse=order.descending
    )

    def follows(key: Key, other: Key) -> bool:
        """Whether `key` comes after `other` in the list's order (`_beyond`, in memory)."""
        return key < other if order.descending else key > other

    after, before = request.after, request.before
    keyed = [
        (key, item)
        for key, item in keyed
        if (after is None or follows(key, after)) and (before is None or follows(before, key))
    ]
    found = keyed[: request.size + 1] if request.forward else keyed[::-1][: request.size + 1]
    return _connection(found, request, cursors, to_node, lambda: len(items))


async def newest_of_organization(
    queryset: QuerySet[ModelT],
    organization_id: UUID | None,
    args: PageArgs,
    to_node: Callable[[ModelT], NodeT],
    *,
    total: bool,
) -> Connection[NodeT]:
    """A page of rows that belong to organizations (API keys, webhook endpoints), newest
    first, narrowed to one organization's when `organization_id` is given."""
    if organization_id is not None:
        queryset = queryset.filter(organization_id=organization_id)
    return await paginate(queryset.order_by("-created_at", "-id"), args, to_node, total=total)
