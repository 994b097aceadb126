"""Invitations of an existing login into an organization: types, inputs and payloads."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gql.schema.enums import OrganizationKind, Role
from gql.schema.errors import UserError
from gql.schema.relay import Node, to_global_id
from models import Invitation, Organization, User


@strawberry.type(
    name="Invitation",
    description="A membership offered to an existing login. It grants nothing until that "
    "login accepts it (acceptInvitation) and lapses at expiresAt.",
)
class InvitationType(Node):
    email: str = strawberry.field(description="The invited login's email.")
    organization_name: str = strawberry.field(description="The organization it invites to.")
    organization_kind: OrganizationKind = strawberry.field(
        description="RESELLER or CUSTOMER: what kind of organization it is."
    )
    role: Role = strawberry.field(description="The role it would grant there.")
    access_rights: list[str] = strawberry.field(description="The rights it would grant there.")
    created_at: datetime = strawberry.field(description="When it was sent.")
    expires_at: datetime = strawberry.field(description="When it can no longer be accepted.")

    @classmethod
    def from_model(cls, invitation: Invitation, org: Organization, user: User) -> InvitationType:
        return cls(
            id=to_global_id("Invitation", invitation.id),
            email=user.email,
            organization_name=org.name,
            organization_kind=org.kind,
            role=invitation.role,
            access_rights=list(invitation.access_rights),
            created_at=invitation.created_at,
            expires_at=invitation.expires_at,
        )


def invitation_of(invitation: Invitation | None) -> InvitationType | None:
    """The payload form of an invitation (its organization and login loaded)."""
    if invitation is None:
        return None
    return InvitationType.from_model(invitation, invitation.organization, invitation.user)


@strawberry.input(description="The invitation to accept.")
class AcceptInvitationInput:
    token: str = strawberry.field(
        description="The secret from the invitation email (the link's `token`)."
    )


@strawberry.input(description="The invitation to decline.")
class InvitationInput:
    id: strawberry.ID = strawberry.field(description="The invitation's id.")


@strawberry.type(description="Result of acceptInvitation.")
class AcceptInvitationPayload:
    organization_name: str | None = strawberry.field(
        description="The organization the login is now a member of."
    )
    role: Role | None = strawberry.field(description="Its role there.")
    user_errors: list[UserError] = strawberry.field(description="What was refused.")


@strawberry.type(description="Result of declineInvitation.")
class DeclineInvitationPayload:
    declined_invitation_id: strawberry.ID | None = strawberry.field(
        description="The invitation, now gone."
    )
    user_errors: list[UserError] = strawberry.field(description="What was refused.")
