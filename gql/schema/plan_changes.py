"""Inputs and payloads of changePlan and setQuotaOverrides, and the quota names they use."""

from __future__ import annotations

import strawberry
from strawberry import UNSET

from gql.schema.errors import UserError
from gql.schema.organization import OrganizationType
from gql.schema.plan import QuotaName


@strawberry.input(
    description="An organization's plan changed in place: another plan of its owner, or a "
    "custom plan of its own."
)
class ChangePlanInput:
    id: strawberry.ID = strawberry.field(description="A reseller or customer you manage.")
    plan_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="A plan its owner sells; omitted or null: a custom plan with the limits "
        "it has now (overrides included). Either must allow what its whole subtree uses.",
    )
    dry_run: bool = strawberry.field(
        default=False, description="Only report, including quota and service conflicts."
    )


@strawberry.type(description="The organization on its new plan, or why not.")
class ChangePlanPayload:
    organization: OrganizationType | None = strawberry.field(
        description="The organization after the change (before it, in a dry run); null when "
        "refused."
    )
    dry_run: bool = strawberry.field(description="True when nothing was changed on purpose.")
    user_errors: list[UserError] = strawberry.field(
        description="Why it was refused: QUOTA_EXCEEDED lists what the plan would not allow."
    )


@strawberry.input(
    description="Quota overrides to set; an omitted quota stays as it is, null means unlimited."
)
class QuotaOverridesInput:
    websites: int | None = strawberry.field(
        default=UNSET, description="Websites allowed in place of the plan's."
    )
    databases: int | None = strawberry.field(
        default=UNSET, description="Databases allowed in place of the plan's."
    )
    mailboxes: int | None = strawberry.field(
        default=UNSET, description="Mailboxes allowed in place of the plan's."
    )
    ftp_accounts: int | None = strawberry.field(
        default=UNSET, description="FTP accounts allowed in place of the plan's."
    )
    dns_zones: int | None = strawberry.field(
        default=UNSET, description="DNS zones allowed in place of the plan's."
    )
    backups: int | None = strawberry.field(
        default=UNSET, description="Backups allowed in place of the plan's."
    )
    disk_mb: int | None = strawberry.field(default=UNSET, description="Disk space in MB.")

    def to_domain(self) -> dict[str, int | None]:
        """The quotas given, by Quotas field name."""
        return {
            name.quota_field: value
            for name in QuotaName
            if (value := getattr(self, name.quota_field)) is not UNSET
        }


@strawberry.input(description="An organization's own limits, replacing its plan's.")
class SetQuotaOverridesInput:
    id: strawberry.ID = strawberry.field(description="A reseller or customer you manage.")
    overrides: QuotaOverridesInput | None = strawberry.field(
        default=None,
        description="Limits to set: each within what its owner may hold and at least what "
        "its subtree uses.",
    )
    clear: list[QuotaName] = strawberry.field(
        default_factory=list, description="Overrides to remove: back to the plan's value."
    )
    dry_run: bool = strawberry.field(
        default=False, description="Only report, including quota conflicts."
    )


@strawberry.type(description="The organization with its new limits, or why not.")
class SetQuotaOverridesPayload:
    organization: OrganizationType | None = strawberry.field(
        description="The organization after the change (before it, in a dry run); null when "
        "refused."
    )
    dry_run: bool = strawberry.field(description="True when nothing was changed on purpose.")
    user_errors: list[UserError] = strawberry.field(
        description="Why it was refused, naming the quota (`overrides.websites`, ...)."
    )
