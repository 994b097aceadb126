"""`users`: the logins of visible organizations."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain import listing
from gql.context import Context
from gql.schema.external_ids import external_id_filter, metadata_filter
from gql.schema.filters import (
    MAX_SEARCH_LENGTH,
    UserFilter,
    UserOrder,
    filter_text,
)
from gql.schema.paging import PageArgs, paged, paginate
from gql.schema.relay import FILTER, ORDER, Connection, filter_id, total_count_selected
from gql.schema.user import UserType

Info = strawberry.Info[Context, None]


@strawberry.type
class UserQuery:
    @strawberry.field(
        description="Users the caller may see: members of visible organizations; a customer "
        "MEMBER sees only itself. By email unless ordered."
    )
    @paged
    async def users(
        self,
        info: Info,
        filter: Annotated[UserFilter | None, FILTER] = None,
        order_by: Annotated[UserOrder | None, ORDER] = None,
        *,
        paging: PageArgs,
    ) -> Connection[UserType]:
        actor = await info.context.viewer()
        filter = filter or UserFilter()
        query = listing.UserQuery(
            organization_id=filter_id(filter.organization_id, "Organization"),
            search=filter_text(filter.search, "filter.search", MAX_SEARCH_LENGTH),
            role=filter.role,
            status=filter.status,
            external_id=external_id_filter(filter.external_id, "filter.externalId"),
            metadata=metadata_filter(filter.metadata, "filter.metadata"),
            created_after=filter.created_after,
            created_before=filter.created_before,
        )
        if order_by is not None:
            query = listing.UserQuery(
                **{**query.__dict__, "order_by": order_by.field, "direction": order_by.direction}
            )
        return await paginate(
            listing.users(actor, query),
            paging,
            UserType.from_model,
            total=total_count_selected(info),
        )
