"""Inputs and payloads of plan and service mutations."""

from __future__ import annotations

import strawberry

from domain.provisioning.plans import Conflict, Quotas
from gql.schema.errors import UserError
from gql.schema.organization import OrganizationType
from gql.schema.plan import PlanType
from gql.schema.service import ServiceType
from models.enums import ServiceKind, ServiceStatus


@strawberry.input(description="Limits per service kind; null (or omitted) means unlimited.")
class QuotasInput:
    websites: int | None = strawberry.field(
        default=None, description="Websites an organization on the plan and all below it may have."
    )
    databases: int | None = strawberry.field(
        default=None, description="Databases an organization on the plan and all below it may have."
    )
    mailboxes: int | None = strawberry.field(
        default=None, description="Mailboxes an organization on the plan and all below it may have."
    )
    ftp_accounts: int | None = strawberry.field(
        default=None,
        description="FTP accounts an organization on the plan and all below it may have.",
    )
    dns_zones: int | None = strawberry.field(
        default=None, description="DNS zones an organization on the plan and all below it may have."
    )
    backups: int | None = strawberry.field(
        default=None, description="Backups an organization on the plan and all below it may have."
    )
    disk_mb: int | None = strawberry.field(default=None, description="Disk space in MB.")

    def to_domain(self) -> Quotas:
        return Quotas(
            self.websites,
            self.databases,
            self.mailboxes,
            self.ftp_accounts,
            self.dns_zones,
            self.backups,
            self.disk_mb,
        )


@strawberry.input(description="A new plan of your organization.")
class CreatePlanInput:
    name: str = strawberry.field(description="Plan name.")
    quotas: QuotasInput = strawberry.field(description="Its limits.")
    enabled_kinds: list[ServiceKind] = strawberry.field(description="Service kinds it enables.")


@strawberry.input(description="Changes to a plan; omitted parts stay.")
class UpdatePlanInput:
    id: strawberry.ID = strawberry.field(description="The plan.")
    name: str | None = strawberry.field(default=None, description="New name.")
    quotas: QuotasInput | None = strawberry.field(
        default=None, description="New limits (all of them: omitted ones become unlimited)."
    )
    enabled_kinds: list[ServiceKind] | None = strawberry.field(
        default=None, description="New set of enabled kinds."
    )
    dry_run: bool = strawberry.field(
        default=False,
        description="Only report the conflicts the change would meet; change nothing.",
    )


@strawberry.type(
    description="An organization on a plan already uses more of a kind (in its whole "
    "subtree) than the plan would allow."
)
class QuotaConflict:
    organization: OrganizationType = strawberry.field(description="The organization on the plan.")
    kind: ServiceKind = strawberry.field(description="The kind of service.")
    used: int = strawberry.field(description="How many it and everything below it have.")
    quota: int = strawberry.field(
        description="What the plan would allow (0 when it would not enable the kind)."
    )

    @classmethod
    def from_domain(cls, conflict: Conflict) -> QuotaConflict:
        return cls(
            organization=OrganizationType.from_model(conflict.organization),
            kind=conflict.kind,
            used=conflict.used,
            quota=conflict.quota,
        )


@strawberry.type(description="Result of createPlan / updatePlan.")
class PlanPayload:
    plan: PlanType | None = strawberry.field(
        description="The plan as it is now (unchanged after a dry run); null when refused."
    )
    conflicts: list[QuotaConflict] = strawberry.field(
        default_factory=list,
        description="updatePlan: where organizations on the plan already use more than "
        "the change allows; any refuses it (QUOTA_EXCEEDED) unless it is a dry run.",
    )
    user_errors: list[UserError] = strawberry.field(description="What was refused.")


@strawberry.input(description="A new service of a customer.")
class CreateServiceInput:
    organization_id: strawberry.ID = strawberry.field(description="The customer.")
    kind: ServiceKind = strawberry.field(description="What kind of service.")
    name: str = strawberry.field(description="Its name (a domain, a database name, ...).")


@strawberry.input(description="Changes to a service; omitted fields stay.")
class UpdateServiceInput:
    id: strawberry.ID = strawberry.field(description="The service.")
    name: str | None = strawberry.field(
        default=None, description="Its new name (a website's or zone's new domain)."
    )
    status: ServiceStatus | None = strawberry.field(
        default=None, description="ACTIVE, or DISABLED to switch it off."
    )


@strawberry.input(description="The service to remove.")
class DeleteServiceInput:
    id: strawberry.ID = strawberry.field(description="The service.")


@strawberry.type(description="Result of createService and updateService.")
class ServicePayload:
    service: ServiceType | None = strawberry.field(description="The service as it is now.")
    user_errors: list[UserError] = strawberry.field(description="What was refused.")


@strawberry.type(description="Result of deleteService.")
class DeleteServicePayload:
    deleted_service_id: strawberry.ID | None = strawberry.field(description="The removed id.")
    user_errors: list[UserError] = strawberry.field(description="What was refused.")
