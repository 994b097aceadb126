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


@strawberry.input(description="One id's own plan in a bulk convert or move.")
class PlanChoiceInput:
    id: strawberry.ID = strawberry.field(description="One of the input's `ids`.")
    plan_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="A plan of its (new) owner; null: a custom plan with the limits it has.",
    )


PLAN_CHOICES = (
    "A plan per id, over `planId` for that id (Plesk: for each customer, select the plan). "
    "Each names one of `ids`, at most once; ids without one take `planId`."
)


@strawberry.input(description="Customers to turn into resellers.")
class ConvertToResellerInput:
    ids: list[strawberry.ID] = strawberry.field(description="Up to 100 customer ids.")
    plan_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="A reseller plan of their owner; omitted, each gets a custom plan with "
        "the quotas it had as a customer, capped at what its owner chain allows. Either "
        "must allow the services it already has.",
    )
    plans: list[PlanChoiceInput] = strawberry.field(default_factory=list, description=PLAN_CHOICES)
    dry_run: bool = strawberry.field(default=False, description="Only report; change nothing.")


@strawberry.input(description="Customers to move to another owner.")
class MoveOrganizationsInput:
    ids: list[strawberry.ID] = strawberry.field(description="Up to 100 customer ids.")
    new_owner_id: strawberry.ID = strawberry.field(
        description="The master or a reseller you manage."
    )
    plan_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="A plan of the new owner; omitted, each keeps its quotas as a custom "
        "plan (which must fit the new owner's chain). Either must allow the services it "
        "has, and every plan above the new owner must have room for them.",
    )
    plans: list[PlanChoiceInput] = strawberry.field(default_factory=list, description=PLAN_CHOICES)
    dry_run: bool = strawberry.field(
        default=False, description="Only report, including quota and service conflicts."
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
