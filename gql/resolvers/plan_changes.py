"""changePlan and setQuotaOverrides."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain.provisioning import plan_changes
from gql.context import Context
from gql.schema.errors import attempt
from gql.schema.organization import OrganizationType
from gql.schema.plan_changes import (
    ChangePlanInput,
    ChangePlanPayload,
    SetQuotaOverridesInput,
    SetQuotaOverridesPayload,
)
from gql.schema.relay import INPUT, filter_id, target_id

Info = strawberry.Info[Context, None]


async def change_plan(info: Info, input: Annotated[ChangePlanInput, INPUT]) -> ChangePlanPayload:
    actor = await info.context.viewer()
    org, errors = await attempt(
        plan_changes.change_plan(
            actor,
            target_id(input.id, "Organization"),
            filter_id(input.plan_id, "Plan"),
            dry_run=input.dry_run,
        )
    )
    return ChangePlanPayload(
        organization=OrganizationType.from_model(org) if org else None,
        dry_run=input.dry_run,
        user_errors=errors,
    )


async def set_quota_overrides(
    info: Info, input: Annotated[SetQuotaOverridesInput, INPUT]
) -> SetQuotaOverridesPayload:
    actor = await info.context.viewer()
    org, errors = await attempt(
        plan_changes.set_quota_overrides(
            actor,
            target_id(input.id, "Organization"),
            input.overrides.to_domain() if input.overrides else {},
            {name.quota_field for name in input.clear},
            dry_run=input.dry_run,
        )
    )
    return SetQuotaOverridesPayload(
        organization=OrganizationType.from_model(org) if org else None,
        dry_run=input.dry_run,
        user_errors=errors,
    )
