"""The `plans` list, createPlan, updatePlan, createService, updateService, deleteService."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain import listing
from domain.errors import DomainError
from domain.provisioning import plans, services
from gql.context import Context
from gql.schema.errors import UserError, attempt
from gql.schema.paging import PageArgs, paged, paginate
from gql.schema.plan import PlanType
from gql.schema.plan_inputs import (
    CreatePlanInput,
    CreateServiceInput,
    DeleteServiceInput,
    DeleteServicePayload,
    PlanPayload,
    QuotaConflict,
    ServicePayload,
    UpdatePlanInput,
    UpdateServiceInput,
)
from gql.schema.relay import (
    INPUT,
    Connection,
    filter_id,
    target_id,
    to_global_id,
    total_count_selected,
)
from gql.schema.service import ServiceType

Info = strawberry.Info[Context, None]


async def create_plan(info: Info, input: Annotated[CreatePlanInput, INPUT]) -> PlanPayload:
    actor = await info.context.viewer()
    plan, errors = await attempt(
        plans.create(actor, input.name, input.quotas.to_domain(), frozenset(input.enabled_kinds))
    )
    return PlanPayload(plan=PlanType.from_model(plan) if plan else None, user_errors=errors)


async def update_plan(info: Info, input: Annotated[UpdatePlanInput, INPUT]) -> PlanPayload:
    actor = await info.context.viewer()
    try:
        updated = await plans.update(
            actor,
            target_id(input.id, "Plan"),
            name=input.name,
            quotas=input.quotas.to_domain() if input.quotas else None,
            kinds=frozenset(input.enabled_kinds) if input.enabled_kinds is not None else None,
            dry_run=input.dry_run,
        )
    except plans.PlanConflicts as refused:
        return PlanPayload(
            plan=None,
            conflicts=[QuotaConflict.from_domain(c) for c in refused.conflicts],
            user_errors=[UserError.from_domain(refused)],
        )
    except DomainError as error:
        return PlanPayload(plan=None, user_errors=UserError.all_from_domain(error))
    return PlanPayload(
        plan=PlanType.from_model(updated.plan),
        conflicts=[QuotaConflict.from_domain(c) for c in updated.conflicts],
        user_errors=[],
    )


async def create_service(info: Info, input: Annotated[CreateServiceInput, INPUT]) -> ServicePayload:
    actor = await info.context.viewer()
    service, errors = await attempt(
        services.create(
            actor, target_id(input.organization_id, "Organization"), input.kind, input.name
        )
    )
    return ServicePayload(
        service=ServiceType.from_model(service) if service else None, user_errors=errors
    )


async def update_service(info: Info, input: Annotated[UpdateServiceInput, INPUT]) -> ServicePayload:
    actor = await info.context.viewer()
    service, errors = await attempt(
        services.update(actor, target_id(input.id, "Service"), name=input.name, status=input.status)
    )
    return ServicePayload(
        service=ServiceType.from_model(service) if service else None, user_errors=errors
    )


async def delete_service(
    info: Info, input: Annotated[DeleteServiceInput, INPUT]
) -> DeleteServicePayload:
    actor = await info.context.viewer()
    deleted, errors = await attempt(services.delete(actor, target_id(input.id, "Service")))
    return DeleteServicePayload(
        deleted_service_id=to_global_id("Service", deleted) if deleted else None,
        user_errors=errors,
    )


@strawberry.type
class PlanQuery:
    @strawberry.field(
        description="Plans the caller may see: those of visible organizations and its own. "
        "`ownerId` lists one organization's plans: with an organization's owner, what "
        "changePlan, createCustomer and moveOrganizations may assign to it."
    )
    @paged
    async def plans(
        self,
        info: Info,
        owner_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="Only plans this organization owns (its custom plan included), "
                "among those you see."
            ),
        ] = None,
        *,
        paging: PageArgs,
    ) -> Connection[PlanType]:
        actor = await info.context.viewer()
        return await paginate(
            listing.plans(actor, filter_id(owner_id, "Organization")),
            paging,
            PlanType.from_model,
            total=total_count_selected(info),
        )
