"""`viewer`: who the caller is, in which organization, with which role."""

from __future__ import annotations

import strawberry

from domain.actor import Actor
from domain.people.access import ALL_ACCESS_RIGHTS
from gql.schema.enums import Role
from gql.schema.invitation import InvitationType
from gql.schema.organization import OrganizationType
from gql.schema.user import UserType


@strawberry.type(name="Viewer", description="The authenticated caller.")
class ViewerType:
    user: UserType | None = strawberry.field(description="The logged-in user; null for an API key.")
    organization: OrganizationType = strawberry.field(
        description="The organization the caller acts for."
    )
    role: Role = strawberry.field(description="The caller's role in that organization.")
    access_rights: list[str] = strawberry.field(
        description="The access rights the caller holds here (billing, dns, email, plans, "
        "users, websites): OWNERs hold all; an impersonation only those its impersonator holds."
    )
    impersonator: UserType | None = strawberry.field(
        description="Set while an administrator or reseller is logged in as this customer: "
        'show the "Back to admin" banner.'
    )

    @strawberry.field(
        description="Invitations of the logged-in login into other organizations, waiting "
        "for it to accept or decline them (empty for API keys and impersonations)."
    )
    async def invitations(self, info: strawberry.Info) -> list[InvitationType]:
        from gql.resolvers.invitations import viewer_invitations

        return await viewer_invitations(info)

    @classmethod
    def from_actor(cls, actor: Actor) -> ViewerType:
        return cls(
            user=UserType.from_model(actor.user) if actor.user else None,
            organization=OrganizationType.from_model(actor.organization),
            role=actor.role,
            access_rights=[right for right in ALL_ACCESS_RIGHTS if actor.has_right(right)],
            impersonator=UserType.from_model(actor.impersonator) if actor.impersonator else None,
        )
