"""Plans: quotas per service kind (None = unlimited) and the kinds they enable.

A reseller sells within what it was sold: its plans may not grant more of any quota, or
enable any kind, beyond its own plan.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any
from uuid import UUID

from tortoise.transactions import in_transaction

from domain import audit, scope, validation
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode, not_found
from models import Organization, Plan
from models.enums import ServiceKind

QUOTA_COLUMN = {
    ServiceKind.WEBSITE: "website_quota",
    ServiceKind.DATABASE: "database_quota",
    ServiceKind.MAILBOX: "mailbox_quota",
    ServiceKind.FTP_ACCOUNT: "ftp_account_quota",
    ServiceKind.DNS_ZONE: "dns_zone_quota",
    ServiceKind.BACKUP: "backup_quota",
}


@dataclass(frozen=True)
class Quotas:
    """Limits per kind and disk space; None means unlimited."""

    websites: int | None = None
    databases: int | None = None
    mailboxes: int | None = None
    ftp_accounts: int | None = None
    dns_zones: int | None = None
    backups: int | None = None
    disk_mb: int | None = None

    def columns(self) -> dict[str, int | None]:
        return dict(zip(_COLUMNS, (getattr(self, f.name) for f in fields(self)), strict=True))

    @classmethod
    def of(cls, plan: Plan | None) -> Quotas:
        if plan is None:
            return cls()
        return cls(*(getattr(plan, column) for column in _COLUMNS))

    def __add__(self, other: Quotas) -> Quotas:
        """Sum per field; unlimited plus anything is unlimited."""
        values = [
            None if a is None or b is None else a + b
            for a, b in zip(self.columns().values(), other.columns().values(), strict=True)
        ]
        return Quotas(*values)


_COLUMNS = (*QUOTA_COLUMN.values(), "disk_quota_mb")
_INPUT_NAMES = (
    "websites",
    "databases",
    "mailboxes",
    "ftpAccounts",
    "dnsZones",
    "backups",
    "diskMb",
)


def _check_quotas(quotas: Quotas) -> None:
    for name, value in zip(_INPUT_NAMES, quotas.columns().values(), strict=True):
        if value is not None and not 0 <= value <= 1_000_000_000:
            raise DomainError(
                ErrorCode.INVALID, "A quota is a whole number from 0.", ["quotas", name]
            )


def check_within(
    quotas: Quotas, kinds: frozenset[ServiceKind], bound: Plan | None, what: str = "Your plan"
) -> None:
    """QUOTA_EXCEEDED when `quotas` or `kinds` go beyond the `bound` plan (None = no bound)."""
    if bound is None:
        return
    for name, value, limit in zip(
        _INPUT_NAMES, quotas.columns().values(), Quotas.of(bound).columns().values(), strict=True
    ):
        if limit is not None and (value is None or value > limit):
            raise DomainError(
                ErrorCode.QUOTA_EXCEEDED,
                f"{what} allows at most {limit} here.",
                ["quotas", name],
            )
    extra = kinds - {ServiceKind(k) for k in bound.enabled_kinds}
    if extra:
        raise DomainError(
            ErrorCode.SERVICE_NOT_ENABLED,
            f"{what} does not enable {', '.join(sorted(extra))}.",
            ["enabledKinds"],
        )


async def plan_of(organization: Organization) -> Plan | None:
    return await Plan.get_or_none(id=organization.plan_id) if organization.plan_id else None


def _require_plans_right(actor: Actor) -> None:
    scope.require_organization_manager(actor)
    if not actor.has_right("plans"):
        raise DomainError(ErrorCode.FORBIDDEN, "Managing plans needs the `plans` access right.")


async def create(actor: Actor, name: str, quotas: Quotas, kinds: frozenset[ServiceKind]) -> Plan:
    """A plan of the actor's organization (the Master's or a reseller's)."""
    _require_plans_right(actor)
    cleaned = validation.text(name, ["name"], max_length=200, required=True)
    _check_quotas(quotas)
    check_within(quotas, kinds, await plan_of(actor.organization))
    async with in_transaction():
        values: dict[str, Any] = {
            "owner": actor.organization,
            "name": cleaned,
            "enabled_kinds": sorted(kinds),
            **quotas.columns(),
        }
        plan = await Plan.create(**values)
        await audit.record(
            actor,
            "plan.create",
            actor.organization,
            target_type="Plan",
            target_id=plan.id,
            target_name=plan.name,
        )
    return plan


async def update(
    actor: Actor,
    plan_id: UUID,
    *,
    name: str | None = None,
    quotas: Quotas | None = None,
    kinds: frozenset[ServiceKind] | None = None,
) -> Plan:
    """Change a plan of the actor's organization, still within its own plan."""
    _require_plans_right(actor)
    plan = await scope.visible_plans(actor).filter(id=plan_id).first()
    if plan is None:
        raise not_found(["id"], "plan")
    if plan.owner_id != actor.organization.id:  # type: ignore[attr-defined]
        raise DomainError(ErrorCode.FORBIDDEN, "Only its owner's managers change a plan.", ["id"])
    values: dict[str, Any] = {}
    if name is not None:
        values["name"] = validation.text(name, ["name"], max_length=200, required=True)
    new_quotas = quotas if quotas is not None else Quotas.of(plan)
    new_kinds = (
        kinds if kinds is not None else frozenset(ServiceKind(k) for k in plan.enabled_kinds)
    )
    _check_quotas(new_quotas)
    check_within(new_quotas, new_kinds, await plan_of(actor.organization))
    values.update(new_quotas.columns(), enabled_kinds=sorted(new_kinds))
    async with in_transaction():
        await Plan.filter(id=plan.id).update(**values)
        await audit.record(
            actor,
            "plan.update",
            actor.organization,
            target_type="Plan",
            target_id=plan.id,
            target_name=values.get("name", plan.name),
        )
    return await Plan.get(id=plan.id)
