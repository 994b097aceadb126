"""Relay conventions: opaque global ids, the Node interface, and counted connections.

Hand-rolled rather than strawberry.relay so that list items stay plain attributes (no
per-node awaitables) and a connection counts only when `totalCount` is asked for.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import UnionType
from typing import Annotated, Any, Generic, TypeVar
from uuid import UUID

import strawberry
from strawberry.types.nodes import SelectedField, Selection

from domain.errors import not_found
from domain.global_ids import global_id
from gql.errors import bad_request
from gql.fastpath.direct import direct
from gql.schema.cursors import CursorCodec

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

NodeT = TypeVar("NodeT")


@dataclass(frozen=True)
class CursorList:
    """The list a page's cursors point into: how they are sealed, which list they name, and
    the type of each value of its sort key (`datetime | None` where a value may be NULL)."""

    codec: CursorCodec
    fingerprint: str
    key_types: tuple[type | UnionType, ...]

    def cursor(self, key: tuple[Any, ...]) -> str:
        return self.codec.encode(self.fingerprint, key)

    def position(self, cursor: str, argument: str) -> tuple[Any, ...]:
        """The sort key `cursor` holds; BAD_REQUEST unless it is one of this list's.

        A sealed cursor is authentic, but it may have been sealed by an earlier version of
        the server whose sort key had other values (cursors outlive a deploy): a value of
        the wrong type must never reach SQL, where PostgreSQL refuses it as a 500.
        """
        key = self.codec.decode(cursor, self.fingerprint, argument)
        if len(key) != len(self.key_types) or not all(
            isinstance(value, expected) for value, expected in zip(key, self.key_types, strict=True)
        ):
            raise bad_request(f"`{argument}` is not a valid cursor.")
        return key


# Memoised: a page of 100 rows encodes ~250 ids and cursors, and the same rows come back
# page after page. Bounded, so a crawl through every row cannot grow it.
@lru_cache(maxsize=16_384)
def to_global_id(type_name: str, object_id: UUID) -> strawberry.ID:
    return strawberry.ID(global_id(type_name, object_id))


def parse_global_id(global_id: str) -> tuple[str, UUID] | None:
    """Split a global id into (type name, uuid); None when it is not one of ours."""
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        type_name, _, hex_id = base64.urlsafe_b64decode(padded).decode().partition(":")
        return type_name, UUID(hex=hex_id)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


def decode_id(global_id: str, expected_type: str, field: Sequence[str] | None = None) -> UUID:
    """The uuid behind a global id of `expected_type`.

    A malformed id, or an id of another type, is NOT_FOUND: exactly the answer for an id
    that never existed, so ids cannot be probed across types.
    """
    parsed = parse_global_id(global_id)
    if parsed is None or parsed[0] != expected_type:
        raise not_found(field, expected_type.lower())
    return parsed[1]


# Matches no row: what a filter on an unknown or invisible id narrows a list to.
NO_MATCH = UUID(int=0)


def target_id(global_id: str, expected_type: str) -> UUID:
    """The uuid an id argument names; an id that is not a valid `expected_type` id names
    nothing, so it is NOT_FOUND downstream exactly like an id that does not exist."""
    parsed = parse_global_id(global_id)
    return parsed[1] if parsed is not None and parsed[0] == expected_type else NO_MATCH


def filter_id(global_id: str | None, expected_type: str) -> UUID | None:
    """`target_id` for optional arguments: None stays None (no filter)."""
    return None if global_id is None else target_id(global_id, expected_type)


@strawberry.interface(description="An object with a global, opaque id.")
class Node:
    id: strawberry.ID = strawberry.field(description="The object's global id.")


@strawberry.type(description="Where a page of a connection sits in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    has_previous_page: bool = strawberry.field(description="More items precede this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first edge.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last edge.")


@strawberry.type(description="One item of a connection with its cursor.")
class Edge(Generic[NodeT]):
    node: NodeT = strawberry.field(description="The item.")
    # The cursor is sealed only when asked for (gql/schema/cursors.py): its row's sort key
    # and the list it belongs to.
    _key: strawberry.Private[tuple[Any, ...]]
    _list: strawberry.Private[CursorList]

    @strawberry.field(description="Pass to `after` or `before` to page from here.")
    @direct
    def cursor(self) -> str:
        return self._list.cursor(self._key)


@strawberry.type(description="A page of a list, Relay style.")
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Paging information.")
    # An int for a list in memory or a page that counted in its own statement; an
    # awaitable for a query still to count (counted only when asked for).
    _count: strawberry.Private[Callable[[], int | Awaitable[int]]]

    @strawberry.field(description="How many items the whole list holds, across all pages.")
    @direct
    def total_count(self) -> int:
        return self._count()  # type: ignore[return-value]  # graphql-core awaits a query's


def _fields(selections: Iterable[Selection]) -> Iterator[SelectedField]:
    """The fields of a selection, fragments spread (whatever their conditions: this only
    decides what to load ahead, so loading a skipped field's data is harmless)."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        else:  # a fragment, inline or spread
            yield from _fields(selection.selections)


def selected_fields(info: strawberry.Info[Any, Any]) -> set[str]:
    """Names of the fields the query selects on this field's value (fragments spread)."""
    return {
        selection.name for field in info.selected_fields for selection in _fields(field.selections)
    }


def total_count_selected(info: strawberry.Info[Any, Any]) -> bool:
    """Whether the query asks this connection for `totalCount` (a root list then counts in
    its page's own statement: gql/schema/paging.py `paginate`)."""
    return "totalCount" in selected_fields(info)


def node_fields(info: strawberry.Info[Any, Any]) -> set[str]:
    """Names of the fields a connection's query selects on its items (`edges { node }`)."""
    names: set[str] = set()
    for connection in info.selected_fields:
        for edges in _fields(connection.selections):
            if edges.name != "edges":
                continue
            for node in _fields(edges.selections):
                if node.name == "node":
                    names.update(f.name for f in _fields(node.selections))
    return names


# Arguments every list field shares, described once.
First = Annotated[
    int | None,
    strawberry.argument(
        description=f"Page forwards: up to this many items (at most {MAX_PAGE_SIZE})."
    ),
]
After = Annotated[
    str | None, strawberry.argument(description="Start after the item with this cursor.")
]
Last = Annotated[
    int | None,
    strawberry.argument(
        description=f"Page backwards: up to this many items (at most {MAX_PAGE_SIZE})."
    ),
]
Before = Annotated[
    str | None, strawberry.argument(description="End before the item with this cursor.")
]
GlobalId = Annotated[strawberry.ID, strawberry.argument(description="A global id.")]
FILTER = strawberry.argument(description="Narrows the list; every condition given must hold.")
ORDER = strawberry.argument(description="How to order the list (default in its description).")
INPUT = strawberry.argument(description="What to do: see the input type's fields.")
