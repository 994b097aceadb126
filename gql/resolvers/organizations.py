"""`organization` and `organizations`."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from tortoise.expressions import RawSQL

from domain import batches, listing
from domain.hierarchy.status import of_severity
from gql.context import Context
from gql.resolvers.node import resolve_node
from gql.schema.external_ids import external_id_filter, metadata_filter
from gql.schema.filters import (
    MAX_SEARCH_LENGTH,
    OrganizationFilter,
    OrganizationOrder,
    filter_text,
)
from gql.schema.organization import (
    EFFECTIVE_STATUS,
    EFFECTIVE_STATUS_FIELDS,
    OrganizationType,
    prefetch,
)
from gql.schema.paging import PageArgs, paged, paginate
from gql.schema.relay import (
    FILTER,
    ORDER,
    Connection,
    GlobalId,
    filter_id,
    node_fields,
    total_count_selected,
)
from models.enums import OrganizationStatus

Info = strawberry.Info[Context, None]
# The annotation of a page's rows that carries their effective status's severity.
_SEVERITY = "effective_severity_below_viewer"


@strawberry.type
class OrganizationQuery:
    @strawberry.field(description="An organization by id; null when not visible to the caller.")
    async def organization(self, info: Info, id: GlobalId) -> OrganizationType | None:
        organization: OrganizationType | None = await resolve_node(
            await info.context.viewer(), id, "Organization"
        )
        return organization

    @strawberry.field(
        description="Organizations the caller may see: administrators all, resellers their "
        "own and everything below, customers themselves. Newest first unless ordered."
    )
    @paged
    async def organizations(
        self,
        info: Info,
        filter: Annotated[OrganizationFilter | None, FILTER] = None,
        order_by: Annotated[OrganizationOrder | None, ORDER] = None,
        *,
        paging: PageArgs,
    ) -> Connection[OrganizationType]:
        actor = await info.context.viewer()
        query = listing.OrganizationQuery()
        if filter is not None:
            query = listing.OrganizationQuery(
                kind=filter.kind,
                status=filter.status,
                effective_status=filter.effective_status,
                search=filter_text(filter.search, "filter.search", MAX_SEARCH_LENGTH),
                owner_id=filter_id(filter.owner_id, "Organization"),
                include_descendants=filter.include_descendants,
                external_id=external_id_filter(filter.external_id, "filter.externalId"),
                metadata=metadata_filter(filter.metadata, "filter.metadata"),
                plan_id=filter_id(filter.plan_id, "Plan"),
                created_after=filter.created_after,
                created_before=filter.created_before,
                expires_after=filter.expires_after,
                expires_before=filter.expires_before,
            )
        if order_by is not None:
            query = listing.OrganizationQuery(
                **{**query.__dict__, "order_by": order_by.field, "direction": order_by.direction}
            )
        queryset = await listing.organizations(actor, query)
        fields = node_fields(info)
        statuses: dict[Any, OrganizationStatus] = {}
        alongside = {}
        if actor.chain_active and fields & EFFECTIVE_STATUS_FIELDS:
            # Each row's effective status in the page's own statement: its owners' statuses
            # below the viewer (those above were ACTIVE at authentication), not a read of
            # the page's sub-resellers of its own.
            below = batches.severity_below_sql(actor.organization.depth)
            alongside[_SEVERITY] = RawSQL(below)

        def seen(row: Any, values: tuple[Any, ...]) -> None:
            # A row has the attributes the relation's key reads (path, status).
            statuses[EFFECTIVE_STATUS.key(row)] = of_severity(values[0])

        page = await paginate(
            queryset,
            paging,
            OrganizationType.from_model,
            rows=True,
            total=total_count_selected(info),
            alongside=alongside,
            seen=seen,
            # A reseller's subtree, newest first: its ids from the (path, kind, created_at,
            # id) index (migration 10), not a walk down every organization's created_at.
            ids_first=True,
        )
        EFFECTIVE_STATUS.loader(info.context.loaders).provide(statuses)
        await prefetch(info, [edge.node for edge in page.edges], fields)
        return page
