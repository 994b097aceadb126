"""Plans, the quotas they grant, and what an organization uses of them."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from domain.provisioning.quotas import COLUMN_OF
from gql.schema.enums import ServiceKind
from gql.schema.relay import Node, to_global_id
from models import Plan


@strawberry.type(name="Quotas", description="Limits per service kind; null means unlimited.")
class QuotasType:
    websites: int | None = strawberry.field(description="Websites allowed.")
    databases: int | None = strawberry.field(description="Databases allowed.")
    mailboxes: int | None = strawberry.field(description="Mailboxes allowed.")
    ftp_accounts: int | None = strawberry.field(description="FTP accounts allowed.")
    dns_zones: int | None = strawberry.field(description="DNS zones allowed.")
    backups: int | None = strawberry.field(description="Backups allowed.")
    disk_mb: int | None = strawberry.field(description="Disk space in MB.")

    @classmethod
    def from_plan(cls, plan: Plan | None) -> QuotasType:
        if plan is None:  # no plan: nothing limits it
            return cls(
                websites=None,
                databases=None,
                mailboxes=None,
                ftp_accounts=None,
                dns_zones=None,
                backups=None,
                disk_mb=None,
            )
        return cls(
            websites=plan.website_quota,
            databases=plan.database_quota,
            mailboxes=plan.mailbox_quota,
            ftp_accounts=plan.ftp_account_quota,
            dns_zones=plan.dns_zone_quota,
            backups=plan.backup_quota,
            disk_mb=plan.disk_quota_mb,
        )


@strawberry.enum(description="One of the limits a plan sets (the fields of `Quotas`).")
class QuotaName(Enum):
    WEBSITES = strawberry.enum_value("websites", description="Websites (`Quotas.websites`).")
    DATABASES = strawberry.enum_value("databases", description="Databases (`Quotas.databases`).")
    MAILBOXES = strawberry.enum_value("mailboxes", description="Mailboxes (`Quotas.mailboxes`).")
    FTP_ACCOUNTS = strawberry.enum_value(
        "ftp_accounts", description="FTP accounts (`Quotas.ftpAccounts`)."
    )
    DNS_ZONES = strawberry.enum_value("dns_zones", description="DNS zones (`Quotas.dnsZones`).")
    BACKUPS = strawberry.enum_value("backups", description="Backups (`Quotas.backups`).")
    DISK_MB = strawberry.enum_value("disk_mb", description="Disk space in MB.")

    @property
    def quota_field(self) -> str:
        """The name of its field of domain.provisioning.quotas.Quotas."""
        return str(self.value)


@strawberry.type(name="QuotaOverride", description="One quota set for an organization itself.")
class QuotaOverrideType:
    quota: QuotaName = strawberry.field(description="Which limit.")
    limit: int | None = strawberry.field(
        description="Its value for this organization, replacing its plan's; null: unlimited."
    )

    @classmethod
    def all_of(cls, overrides: dict[str, int | None]) -> list[QuotaOverrideType]:
        """The overrides of an organization (by plan column), in the order of `Quotas`."""
        return [
            cls(quota=name, limit=overrides[COLUMN_OF[name.quota_field]])
            for name in QuotaName
            if COLUMN_OF[name.quota_field] in overrides
        ]


@strawberry.type(name="Usage", description="How many services of each kind exist.")
class UsageType:
    websites: int = strawberry.field(description="Websites (the Sites column).")
    databases: int = strawberry.field(description="Databases of the organization itself.")
    mailboxes: int = strawberry.field(description="Mailboxes of the organization itself.")
    ftp_accounts: int = strawberry.field(description="FTP accounts of the organization itself.")
    dns_zones: int = strawberry.field(description="DNS zones of the organization itself.")
    backups: int = strawberry.field(description="Backups of the organization itself.")

    @classmethod
    def from_counts(cls, counts: dict[ServiceKind, int]) -> UsageType:
        return cls(
            websites=counts.get(ServiceKind.WEBSITE, 0),
            databases=counts.get(ServiceKind.DATABASE, 0),
            mailboxes=counts.get(ServiceKind.MAILBOX, 0),
            ftp_accounts=counts.get(ServiceKind.FTP_ACCOUNT, 0),
            dns_zones=counts.get(ServiceKind.DNS_ZONE, 0),
            backups=counts.get(ServiceKind.BACKUP, 0),
        )


@strawberry.type(name="Plan", description="A package of quotas and enabled service kinds.")
class PlanType(Node):
    name: str = strawberry.field(description="Plan name.")
    is_custom: bool = strawberry.field(
        description="A custom plan belongs to one organization (after a convert or move)."
    )
    quotas: QuotasType = strawberry.field(description="The limits it grants.")
    enabled_kinds: list[ServiceKind] = strawberry.field(description="Service kinds it enables.")
    created_at: datetime = strawberry.field(description="When it was created.")

    @classmethod
    def from_model(cls, plan: Plan) -> PlanType:
        return cls(
            id=to_global_id("Plan", plan.id),
            name=plan.name,
            is_custom=plan.is_custom,
            quotas=QuotasType.from_plan(plan),
            enabled_kinds=[ServiceKind(kind) for kind in plan.enabled_kinds],
            created_at=plan.created_at,
        )
