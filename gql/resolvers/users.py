"""`users` and `departments`: the people and groups of visible organizations."""

from __future__ import annotations

import strawberry

from domain import listing
from gql.context import Context
from gql.schema.department import DepartmentType
from gql.schema.filters import DepartmentFilter, UserFilter, UserOrder
from gql.schema.relay import Connection, PageArgs, filter_id, paginate
from gql.schema.user import UserType

Info = strawberry.Info[Context, None]


@strawberry.type
class UserQuery:
    @strawberry.field(
        description="Users the caller may see: members of visible organizations; a customer "
        "MEMBER sees only itself. By email unless ordered."
    )
    async def users(
        self,
        info: Info,
        filter: UserFilter | None = None,
        order_by: UserOrder | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[UserType]:
        actor = await info.context.viewer()
        filter = filter or UserFilter()
        query = listing.UserQuery(
            organization_id=filter_id(filter.organization_id, "Organization"),
            search=filter.search,
            role=filter.role,
            status=filter.status,
        )
        if order_by is not None:
            query = listing.UserQuery(
                **{**query.__dict__, "order_by": order_by.field, "direction": order_by.direction}
            )
        return await paginate(
            listing.users(actor, query), PageArgs(first, after, last, before), UserType.from_model
        )

    @strawberry.field(description="Departments the caller may see, by name.")
    async def departments(
        self,
        info: Info,
        filter: DepartmentFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[DepartmentType]:
        actor = await info.context.viewer()
        organization_id = filter_id(filter.organization_id, "Organization") if filter else None
        return await paginate(
            listing.departments(actor, organization_id),
            PageArgs(first, after, last, before),
            DepartmentType.from_model,
        )
