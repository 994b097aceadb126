"""Inputs and payloads of the bulk lifecycle mutations: one result per requested id."""

from __future__ import annotations

import strawberry

from gql.schema.errors import UserError
from gql.schema.organization import OrganizationType


@strawberry.input(description="The organizations to act on.")
class OrganizationsInput:
    ids: list[strawberry.ID] = strawberry.field(description="Up to 100 organization ids.")
    dry_run: bool = strawberry.field(
        default=False, description="Only report what would happen; change nothing."
    )


@strawberry.input(description="The organizations to suspend, and why.")
class SuspendOrganizationsInput:
    ids: list[strawberry.ID] = strawberry.field(description="Up to 100 organization ids.")
    reason: str | None = strawberry.field(
        default=None, description="Shown to administrators (up to 500 characters)."
    )
    dry_run: bool = strawberry.field(
        default=False, description="Only report what would happen; change nothing."
    )


@strawberry.type(description="What happened to one requested id.")
class OrganizationResult:
    id: strawberry.ID = strawberry.field(description="The id as it was requested.")
    organization: OrganizationType | None = strawberry.field(
        description="The organization after the change (before it, in a dry run); null "
        "when the id is unknown or not visible."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why this id was refused; empty when it succeeded (or would)."
    )


@strawberry.type(description="Per-id results of a bulk organization action.")
class OrganizationsPayload:
    results: list[OrganizationResult] = strawberry.field(
        description="One entry per requested id, in the order given."
    )
    dry_run: bool = strawberry.field(description="True when nothing was changed on purpose.")
    user_errors: list[UserError] = strawberry.field(
        description="Problems with the request as a whole (e.g. too many ids)."
    )
