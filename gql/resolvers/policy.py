"""updateSecurityPolicy."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain.security import policy
from gql.context import Context
from gql.schema.errors import attempt
from gql.schema.policy import (
    SecurityPolicyType,
    UpdateSecurityPolicyInput,
    UpdateSecurityPolicyPayload,
)
from gql.schema.relay import INPUT, target_id

Info = strawberry.Info[Context, None]


async def update_security_policy(
    info: Info, input: Annotated[UpdateSecurityPolicyInput, INPUT]
) -> UpdateSecurityPolicyPayload:
    actor = await info.context.viewer()
    effective, errors = await attempt(
        policy.update(
            actor,
            target_id(input.organization_id, "Organization"),
            input.changes(),
            policy.defaults(info.context.settings),
        )
    )
    return UpdateSecurityPolicyPayload(
        effective_policy=SecurityPolicyType.from_policy(effective) if effective else None,
        user_errors=errors,
    )
