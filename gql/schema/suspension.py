"""The `Suspension` a refused login is told about (see domain/hierarchy/suspension_notice.py)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from domain.hierarchy.suspension_notice import SuspensionNotice
from gql.schema.enums import OrganizationKind


@strawberry.type(
    name="Suspension",
    description="Why a login was refused for a suspended organization: what the "
    "organization's own people may see of it.",
)
class SuspensionType:
    inherited: bool = strawberry.field(
        description="True when an organization above (the provider) is suspended, not this "
        "one; nothing more of that suspension is told, and the fields below are null."
    )
    reason: str | None = strawberry.field(description="The reason given when suspending.")
    suspended_at: datetime | None = strawberry.field(description="When it was suspended.")
    suspended_by_kind: OrganizationKind | None = strawberry.field(
        description="Who imposed it: MASTER (the platform) or RESELLER (the provider)."
    )

    @classmethod
    def from_notice(cls, notice: SuspensionNotice) -> SuspensionType:
        return cls(
            inherited=notice.inherited,
            reason=notice.reason,
            suspended_at=notice.suspended_at,
            suspended_by_kind=notice.suspended_by_kind,
        )
