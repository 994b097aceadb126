"""Root query fields."""

from __future__ import annotations

import strawberry

from domain.scope import visible_organizations
from gql.context import Context
from gql.schema.organization import OrganizationType
from gql.schema.relay import Connection, Node, PageArgs, paginate, parse_global_id
from gql.schema.viewer import ViewerType

Info = strawberry.Info[Context, None]


async def _organization(info: Info, organization_id: str) -> OrganizationType | None:
    actor = await info.context.viewer()
    parsed = parse_global_id(organization_id)
    if parsed is None or parsed[0] != "Organization":
        return None
    org = await visible_organizations(actor).filter(id=parsed[1]).first()
    return OrganizationType.from_model(org) if org else None


@strawberry.type
class Query:
    @strawberry.field(description="The authenticated caller. UNAUTHENTICATED without a token.")
    async def viewer(self, info: Info) -> ViewerType:
        return ViewerType.from_actor(await info.context.viewer())

    @strawberry.field(
        description="Any object by its global id; null when it does not exist or is not "
        "visible to the caller (the two are indistinguishable)."
    )
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        parsed = parse_global_id(id)
        if parsed is not None and parsed[0] == "Organization":
            return await _organization(info, id)
        await info.context.viewer()
        return None

    @strawberry.field(description="An organization by id; null when not visible to the caller.")
    async def organization(self, info: Info, id: strawberry.ID) -> OrganizationType | None:
        return await _organization(info, id)

    @strawberry.field(description="Organizations the caller may see, newest first.")
    async def organizations(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[OrganizationType]:
        actor = await info.context.viewer()
        queryset = visible_organizations(actor).order_by("-created_at", "-id")
        return await paginate(
            queryset, PageArgs(first, after, last, before), OrganizationType.from_model
        )
