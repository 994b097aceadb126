"""`events` (the event stream, read forward by position) and `eventTypes`.

The page is keyset on the position alone (positions are unique). Its cursors are bound to
the filter, unlike other lists': a poller's cursor says "every event of these types up to
here was seen", which another filter's position does not say. And `endCursor` is never
null: on an empty page it is the position the page started from, so a poller that has
caught up keeps polling with the cursor it holds.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain.events.catalog import EVENT_OF_ACTION, EventType, hint_for, is_event_type
from domain.events.reading import EventQuery, page_after, readable
from gql.context import Context
from gql.errors import bad_request
from gql.schema.cursors import codec_for
from gql.schema.events import EventTypeView, EventView
from gql.schema.relay import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    After,
    Connection,
    CursorList,
    Edge,
    First,
    PageInfo,
    filter_id,
)

Info = strawberry.Info[Context, None]

MAX_TYPES = 100
MAX_TYPE_LENGTH = 64
# The position before the first event: where a poller with no cursor starts.
START = 0


def checked_types(types: list[str] | None) -> tuple[str, ...]:
    """The `types` argument, sorted and once each; BAD_REQUEST naming the first unknown."""
    if not types:
        return ()
    if len(types) > MAX_TYPES:
        raise bad_request(f"`types` is limited to {MAX_TYPES} entries.")
    for name in types:
        if len(name) > MAX_TYPE_LENGTH or not is_event_type(name):
            shown = name[:MAX_TYPE_LENGTH].encode("unicode_escape").decode()
            raise bad_request(
                f"`types` holds `{shown}`, which is neither an event type nor a family "
                "(`organization.*`): see `eventTypes`." + hint_for(name)
            )
    return tuple(sorted(set(types)))


_FINGERPRINT = "Event(position)"


def cursor_list(info: Info, query: EventQuery) -> CursorList:
    """The cursors of one filter of the stream: a cursor of another filter (or list) is
    refused rather than read as a position it does not stand for."""
    organization = query.organization_id.hex if query.organization_id else ""
    fingerprint = f"{_FINGERPRINT}[{','.join(query.types)}][{organization}]"
    return CursorList(codec_for(info.context.settings.secret_key), fingerprint, (int,))


def start_of(cursors: CursorList, after: str) -> int:
    """The position `after` stands for. A cursor of this stream under another filter is
    told so: the generic "another list or another order" sent pollers who had only
    changed `types` looking for an order they never gave."""
    owner = cursors.codec.list_of(after)
    if owner is not None and owner != cursors.fingerprint and owner.startswith(_FINGERPRINT):
        raise bad_request(
            "`after` is a cursor of this stream under another filter (`types` or "
            "`organizationId`): pass the filter it came with, or start again without `after`."
        )
    start: int = cursors.position(after, "after")[0]
    return start


@strawberry.type
class EventQueryFields:
    @strawberry.field(
        description="The event stream, oldest first (by position): what webhook endpoints of "
        "your organization receive, to poll instead or to catch up. Administrators read "
        "every event, resellers their subtree's, customer admins their own organization's; "
        "FORBIDDEN for customer members. Page forwards only; `endCursor` is never null "
        "(on an empty page it is the cursor you gave), so keep it and poll again with it. "
        "A cursor belongs to one `types` and `organizationId`. See docs/events.md."
    )
    async def events(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        types: Annotated[
            list[str] | None,
            strawberry.argument(
                description="Only these event types; a family (`organization.*`) takes all "
                "its types. Null or empty: every type. Unknown: BAD_REQUEST."
            ),
        ] = None,
        organization_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only events about this organization."),
        ] = None,
    ) -> Connection[EventView]:
        actor = await info.context.viewer()
        if first is not None and not 0 <= first <= MAX_PAGE_SIZE:
            raise bad_request(f"`first` must be between 0 and {MAX_PAGE_SIZE}.")
        size = DEFAULT_PAGE_SIZE if first is None else first
        query = EventQuery(checked_types(types), filter_id(organization_id, "Organization"))
        events, endpoints = await readable(actor, query)
        if endpoints:  # deliveries this read placed: their workers may start now
            from workers.actors import send_webhook_deliveries

            send_webhook_deliveries(endpoints)
        cursors = cursor_list(info, query)
        start = start_of(cursors, after) if after else START
        found = await page_after(events, start, size)
        edges = [
            Edge(node=EventView.from_model(event, actor), _key=(event.position,), _list=cursors)
            for event in found[:size]
        ]

        async def count() -> int:
            return await events.count()

        end = cursors.cursor((edges[-1]._key[0] if edges else start,))
        return Connection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(found) > size,
                has_previous_page=start != START,
                start_cursor=cursors.cursor(edges[0]._key) if edges else None,
                end_cursor=end,
            ),
            _count=count,
        )

    @strawberry.field(
        description="Every event type, in the catalog's order, with what it means: the "
        "values `events(types)` and webhook endpoints' event types take."
    )
    def event_types(self) -> list[EventTypeView]:
        by_type: dict[str, list[tuple[str, EventType]]] = {}
        for action, kind in EVENT_OF_ACTION.items():
            by_type.setdefault(kind.name, []).append((action, kind))
        return [EventTypeView.of(name, kinds) for name, kinds in by_type.items()]
