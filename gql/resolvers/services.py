"""`services`: every visible customer's services, for provisioning agents and domain search."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain import listing
from gql.context import Context
from gql.schema.filters import ServiceFilter, service_query
from gql.schema.paging import PageArgs, paged, paginate
from gql.schema.relay import FILTER, Connection, total_count_selected
from gql.schema.service import ServiceType

Info = strawberry.Info[Context, None]


@strawberry.type
class ServiceQuery:
    @strawberry.field(
        description="Services of every organization the caller may see, by organization, "
        "kind and name: a provisioning agent pages through `filter: {effectiveStatus: "
        "SUSPENDED}` for what to switch off; `filter: {domain: ...}` searches the domains "
        "of the visible customers."
    )
    @paged
    async def services(
        self,
        info: Info,
        filter: Annotated[ServiceFilter | None, FILTER] = None,
        *,
        paging: PageArgs,
    ) -> Connection[ServiceType]:
        actor = await info.context.viewer()
        queryset = listing.services(actor, service_query(filter))
        return await paginate(
            queryset, paging, ServiceType.from_model, total=total_count_selected(info)
        )
