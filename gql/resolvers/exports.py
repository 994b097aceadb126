"""`exportTicket`: a short-lived credential for a CSV export link (gql/export.py)."""

from __future__ import annotations

from datetime import datetime

import strawberry
from tortoise.timezone import now

from gql.context import Context
from gql.export_ticket import TICKET_LIFETIME, seal

Info = strawberry.Info[Context, None]


@strawberry.type(
    name="ExportTicket",
    description="Lets a browser download a CSV export with a plain link, which carries no "
    "Authorization header: `/export/<list>.csv?ticket=<ticket>&filter=<json>&orderBy=<json>` "
    "exports what the caller's own token would, for a few minutes.",
)
class ExportTicketType:
    ticket: str = strawberry.field(description="The `ticket` parameter of the export URL.")
    expires_at: datetime = strawberry.field(description="When the ticket stops working.")
    paths: list[str] = strawberry.field(
        description="The export paths with the ticket in place, one per list "
        "(organizations, users, audit-events); add `filter` and `orderBy` as needed."
    )


@strawberry.type
class ExportQuery:
    @strawberry.field(
        description="A ticket for CSV export links, valid for "
        f"{int(TICKET_LIFETIME.total_seconds() // 60)} minutes: the export runs with the "
        "caller's token, so it holds exactly the rows and cells its lists show, and stops "
        "working when the token does (logout, suspension)."
    )
    async def export_ticket(self, info: Info) -> ExportTicketType:
        from gql.export import EXPORTS  # the endpoint's module builds on the schema

        await info.context.viewer()  # only a usable token is sealed into a ticket
        token = info.context.token()
        assert token is not None  # a viewer was authenticated by it
        ticket, expires_at = seal(info.context.settings.secret_key, token, now())
        return ExportTicketType(
            ticket=ticket,
            expires_at=expires_at,
            paths=[f"/export/{name}.csv?ticket={ticket}" for name in EXPORTS],
        )
