"""`auditEvents`: the audit log, as far as the caller may read it."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain import listing
from domain.events import audit
from gql.context import Context
from gql.schema.audit import AuditEventType
from gql.schema.filters import (
    MAX_ACTION_LENGTH,
    AuditEventFilter,
    AuditEventOrder,
    filter_text,
)
from gql.schema.paging import PageArgs, paged, paginate
from gql.schema.relay import FILTER, ORDER, Connection, filter_id, total_count_selected

Info = strawberry.Info[Context, None]


@strawberry.type
class AuditEventQuery:
    @strawberry.field(
        description="The audit log, newest first unless ordered: administrators see all, "
        "resellers their subtree, customer admins their own organization. FORBIDDEN for "
        "customer members."
    )
    @paged
    async def audit_events(
        self,
        info: Info,
        filter: Annotated[AuditEventFilter | None, FILTER] = None,
        order_by: Annotated[AuditEventOrder | None, ORDER] = None,
        *,
        paging: PageArgs,
    ) -> Connection[AuditEventType]:
        actor = await info.context.viewer()
        filter = filter or AuditEventFilter()
        query = listing.AuditQuery(
            organization_id=filter_id(filter.organization_id, "Organization"),
            actor_id=filter_id(filter.actor_id, "User"),
            action=filter_text(filter.action, "filter.action", MAX_ACTION_LENGTH),
            since=filter.since,
            until=filter.until,
        )
        if order_by is not None:
            query = listing.AuditQuery(
                **{**query.__dict__, "order_by": order_by.field, "direction": order_by.direction}
            )
        return await paginate(
            listing.audit_events(actor, query),
            paging,
            lambda event: AuditEventType.from_model(audit.as_seen_by(actor, event)),
            total=total_count_selected(info),
        )
