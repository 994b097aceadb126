"""`viewer`: who the caller is, in which organization, with which role."""

from __future__ import annotations

import strawberry

from domain.actor import Actor
from gql.schema.enums import Role
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
        description="Screens the caller may use (billing, websites, ...); OWNERs have all."
    )
    impersonator: UserType | None = strawberry.field(
        description="Set while an administrator or reseller is logged in as this customer: "
        'show the "Back to admin" banner.'
    )

    @classmethod
    def from_actor(cls, actor: Actor) -> ViewerType:
        return cls(
            user=UserType.from_model(actor.user) if actor.user else None,
            organization=OrganizationType.from_model(actor.organization),
            role=actor.role,
            access_rights=sorted(actor.access_rights),
            impersonator=UserType.from_model(actor.impersonator) if actor.impersonator else None,
        )
