"""createPlan, updatePlan, createService, deleteService."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain import plans, services
from domain.errors import DomainError
from gql.context import Context
from gql.schema.errors import UserError
from gql.schema.plan import PlanType
from gql.schema.plan_inputs import (
    CreatePlanInput,
    CreateServiceInput,
    DeleteServiceInput,
    DeleteServicePayload,
    PlanPayload,
    ServicePayload,
    UpdatePlanInput,
)
from gql.schema.relay import INPUT, target_id, to_global_id
from gql.schema.service import ServiceType

Info = strawberry.Info[Context, None]


async def create_plan(info: Info, input: Annotated[CreatePlanInput, INPUT]) -> PlanPayload:
    actor = await info.context.viewer()
    try:
        plan = await plans.create(
            actor, input.name, input.quotas.to_domain(), frozenset(input.enabled_kinds)
        )
    except DomainError as error:
        return PlanPayload(plan=None, user_errors=[UserError.from_domain(error)])
    return PlanPayload(plan=PlanType.from_model(plan), user_errors=[])


async def update_plan(info: Info, input: Annotated[UpdatePlanInput, INPUT]) -> PlanPayload:
    actor = await info.context.viewer()
    try:
        plan = await plans.update(
            actor,
            target_id(input.id, "Plan"),
            name=input.name,
            quotas=input.quotas.to_domain() if input.quotas else None,
            kinds=frozenset(input.enabled_kinds) if input.enabled_kinds is not None else None,
        )
    except DomainError as error:
        return PlanPayload(plan=None, user_errors=[UserError.from_domain(error)])
    return PlanPayload(plan=PlanType.from_model(plan), user_errors=[])


async def create_service(info: Info, input: Annotated[CreateServiceInput, INPUT]) -> ServicePayload:
    actor = await info.context.viewer()
    try:
        service = await services.create(
            actor, target_id(input.organization_id, "Organization"), input.kind, input.name
        )
    except DomainError as error:
        return ServicePayload(service=None, user_errors=[UserError.from_domain(error)])
    return ServicePayload(service=ServiceType.from_model(service), user_errors=[])


async def delete_service(
    info: Info, input: Annotated[DeleteServiceInput, INPUT]
) -> DeleteServicePayload:
    actor = await info.context.viewer()
    try:
        deleted = await services.delete(actor, target_id(input.id, "Service"))
    except DomainError as error:
        return DeleteServicePayload(
            deleted_service_id=None, user_errors=[UserError.from_domain(error)]
        )
    return DeleteServicePayload(deleted_service_id=to_global_id("Service", deleted), user_errors=[])
