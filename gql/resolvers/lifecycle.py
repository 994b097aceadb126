"""The bulk lifecycle mutations, all served by one helper (`_bulk`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated
from uuid import UUID

import strawberry

from domain.actor import Actor
from domain.errors import DomainError
from domain.hierarchy import lifecycle, moves
from gql.context import Context
from gql.schema.errors import UserError
from gql.schema.lifecycle import (
    NOTIFY_DESCRIPTION,
    ConvertToResellerInput,
    MoveOrganizationsInput,
    OrganizationResult,
    OrganizationsInput,
    OrganizationsPayload,
    PlanChoiceInput,
    SuspendOrganizationsInput,
)
from gql.schema.organization import OrganizationType
from gql.schema.relay import INPUT, filter_id, target_id
from workers.actors import send_emails

Info = strawberry.Info[Context, None]
Run = Callable[[Actor, Sequence[UUID | None]], Awaitable[list[lifecycle.Outcome]]]


async def _bulk(
    info: Info, ids: list[strawberry.ID], dry_run: bool, run: Run
) -> OrganizationsPayload:
    """Decode the ids, run the domain action, and report one result per id."""
    actor = await info.context.viewer()
    # An id that is not an organization's matches nothing: "not found", like a missing one.
    decoded = [filter_id(raw, "Organization") for raw in ids]
    try:
        outcomes = await run(actor, decoded)
    except DomainError as error:
        return OrganizationsPayload(
            results=[], dry_run=dry_run, user_errors=UserError.all_from_domain(error)
        )
    send_emails([email for o in outcomes for email in o.emails])  # committed: send them
    return OrganizationsPayload(
        results=[
            OrganizationResult(
                id=raw,
                organization=OrganizationType.from_model(o.organization)
                if o.organization
                else None,
                user_errors=[UserError.from_domain(o.error)] if o.error else [],
            )
            for raw, o in zip(ids, outcomes, strict=True)
        ],
        dry_run=dry_run,
        user_errors=[],
    )


async def _transition(
    info: Info, input: OrganizationsInput, action: lifecycle.Transition, notify: bool
) -> OrganizationsPayload:
    async def run(actor: Actor, ids: Sequence[UUID | None]) -> list[lifecycle.Outcome]:
        return await lifecycle.transition(
            actor,
            ids,
            action,
            dry_run=input.dry_run,
            retention_days=info.context.settings.retention_days,
            notify=notify,
        )

    return await _bulk(info, input.ids, input.dry_run, run)


def _simple(
    action: lifecycle.Transition,
) -> Callable[[Info, OrganizationsInput], Awaitable[OrganizationsPayload]]:
    async def resolve(
        info: Info, input: Annotated[OrganizationsInput, INPUT]
    ) -> OrganizationsPayload:
        return await _transition(info, input, action, notify=False)  # they send no email

    return resolve


NOTIFY = strawberry.argument(description=NOTIFY_DESCRIPTION)


def _notifying(
    action: lifecycle.Transition,
) -> Callable[[Info, OrganizationsInput, bool], Awaitable[OrganizationsPayload]]:
    async def resolve(
        info: Info,
        input: Annotated[OrganizationsInput, INPUT],
        notify: Annotated[bool, NOTIFY] = True,
    ) -> OrganizationsPayload:
        return await _transition(info, input, action, notify)

    return resolve


async def suspend(
    info: Info,
    input: Annotated[SuspendOrganizationsInput, INPUT],
    notify: Annotated[bool, NOTIFY] = True,
) -> OrganizationsPayload:
    async def run(actor: Actor, ids: Sequence[UUID | None]) -> list[lifecycle.Outcome]:
        return await lifecycle.transition(
            actor,
            ids,
            lifecycle.Transition.SUSPEND,
            dry_run=input.dry_run,
            reason=input.reason,
            notify=notify,
        )

    return await _bulk(info, input.ids, input.dry_run, run)


activate = _simple(lifecycle.Transition.ACTIVATE)
reactivate = _notifying(lifecycle.Transition.REACTIVATE)
delete = _notifying(lifecycle.Transition.DELETE)
restore = _simple(lifecycle.Transition.RESTORE)


def _plan_items(choices: list[PlanChoiceInput]) -> list[moves.PlanItem]:
    return [
        moves.PlanItem(filter_id(c.id, "Organization"), filter_id(c.plan_id, "Plan"))
        for c in choices
    ]


async def convert_to_reseller(
    info: Info, input: Annotated[ConvertToResellerInput, INPUT]
) -> OrganizationsPayload:
    async def run(actor: Actor, ids: Sequence[UUID | None]) -> list[lifecycle.Outcome]:
        return await moves.convert_to_reseller(
            actor,
            ids,
            plan_id=filter_id(input.plan_id, "Plan"),
            items=_plan_items(input.plans),
            dry_run=input.dry_run,
        )

    return await _bulk(info, input.ids, input.dry_run, run)


async def move(info: Info, input: Annotated[MoveOrganizationsInput, INPUT]) -> OrganizationsPayload:
    async def run(actor: Actor, ids: Sequence[UUID | None]) -> list[lifecycle.Outcome]:
        return await moves.move(
            actor,
            ids,
            new_owner_id=target_id(input.new_owner_id, "Organization"),
            plan_id=filter_id(input.plan_id, "Plan"),
            items=_plan_items(input.plans),
            dry_run=input.dry_run,
        )

    return await _bulk(info, input.ids, input.dry_run, run)
