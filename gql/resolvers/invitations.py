"""viewer.invitations, acceptInvitation, declineInvitation."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain.people import invitations
from gql.context import Context
from gql.schema.errors import attempt
from gql.schema.invitation import (
    AcceptInvitationInput,
    AcceptInvitationPayload,
    DeclineInvitationPayload,
    InvitationInput,
    InvitationType,
)
from gql.schema.relay import INPUT, target_id, to_global_id

Info = strawberry.Info[Context, None]


async def accept_invitation(
    info: Info, input: Annotated[AcceptInvitationInput, INPUT]
) -> AcceptInvitationPayload:
    actor = await info.context.viewer()
    membership, errors = await attempt(invitations.accept(actor, input.token))
    if membership is None:
        return AcceptInvitationPayload(organization_name=None, role=None, user_errors=errors)
    return AcceptInvitationPayload(
        organization_name=membership.organization.name, role=membership.role, user_errors=[]
    )


async def decline_invitation(
    info: Info, input: Annotated[InvitationInput, INPUT]
) -> DeclineInvitationPayload:
    actor = await info.context.viewer()
    declined, errors = await attempt(invitations.decline(actor, target_id(input.id, "Invitation")))
    return DeclineInvitationPayload(
        declined_invitation_id=to_global_id("Invitation", declined) if declined else None,
        user_errors=errors,
    )


async def viewer_invitations(info: Info) -> list[InvitationType]:
    """The viewer's own pending invitations (none for API keys and impersonations)."""
    actor = await info.context.viewer()
    if actor.user is None or actor.impersonator is not None:
        return []
    return [
        InvitationType.from_model(invitation, invitation.organization, actor.user)
        for invitation in await invitations.pending(actor.user.id)
    ]
