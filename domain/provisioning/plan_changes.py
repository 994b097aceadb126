"""An organization's plan changed in place (WHM's changepackage) and its own quota
overrides (WHM's editquota), by the managers of its owner chain with the `plans` right.

Both keep the quota invariant of domain/provisioning/quotas.py. The organization does not
move, so what
the plans above it count does not change: only its own limits do. A new plan or override
must still allow what its whole subtree uses (conflicts are QUOTA_EXCEEDED, listed as a
move lists them, and a dry run previews them), and an override may not grant more than
the owner itself may hold. A plan change replaces the overrides: the new plan's values
apply (the custom plan takes the limits it had, overrides included, as its own).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from uuid import UUID

from tortoise.transactions import in_transaction

from domain import authority, scope, validation
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode, not_found
from domain.events import audit
from domain.hierarchy.moves import assignable_plan, kept_terms, locked_plan
from domain.provisioning.plans import custom_plan, plan_of
from domain.provisioning.quotas import (
    COLUMN_OF,
    Quotas,
    bound_of,
    customers_usage,
    kinds_of,
    lock_organizations,
    plan_shortfalls,
    refuse_conflicts,
    shortfalls,
    with_overrides,
)
from models import Organization, Plan
from models.enums import OrganizationStatus

MAX_QUOTA = 1_000_000_000
# The names of the quotas as the API spells them (QuotasInput), by Quotas field name.
INPUT_NAME = {
    "websites": "websites",
    "databases": "databases",
    "mailboxes": "mailboxes",
    "ftp_accounts": "ftpAccounts",
    "dns_zones": "dnsZones",
    "backups": "backups",
    "disk_mb": "diskMb",
}


async def _target(actor: Actor, organization_id: UUID) -> Organization:
    """The reseller or customer whose limits change: the plans right first (the whole
    mutation needs it), then NOT_FOUND outside what the actor sees, FORBIDDEN unless it
    manages it (docs/authority.md)."""
    scope.require_organization_manager(actor)
    authority.require_right(actor, authority.PLANS)
    org = await scope.visible_organizations(actor).filter(id=organization_id).first()
    if org is None:
        raise not_found(["id"], "organization")
    authority.check_plan_change(actor, org, ["id"])
    if org.status == OrganizationStatus.DELETED:
        raise DomainError(ErrorCode.INVALID_STATE, "Restore it first.", ["id"])
    return org


async def _owner(org: Organization) -> Organization:
    return await Organization.get(id=org.owner_id)


async def _locked_in_place(org: Organization) -> Organization:
    """The organization's row, locked, as it is now; INVALID_STATE when it moved (or was
    converted or deleted) since it was read: the plan chosen and the bounds checked were
    its old owner's, which must not follow it to its new place."""
    locked = await lock_organizations([org.id])
    if (
        not locked
        or locked[0].path != org.path
        or locked[0].kind != org.kind
        or locked[0].status == OrganizationStatus.DELETED
    ):
        raise DomainError(ErrorCode.INVALID_STATE, "It changed meanwhile.", ["id"])
    return locked[0]


async def change_plan(
    actor: Actor, organization_id: UUID, plan_id: UUID | None, *, dry_run: bool
) -> Organization:
    """Put a reseller or customer on another plan of its owner (`plan_id`), or on a custom
    plan of its own with the limits it has now (None; see moves.kept_terms). Refused with
    the conflicts listed when the plan would not allow what its subtree uses; a dry run
    only checks."""
    org = await _target(actor, organization_id)
    owner = await _owner(org)
    plan = await assignable_plan(actor, plan_id, owner) if plan_id else None
    current = await plan_of(org)
    if plan is not None and plan.id == org.plan_id and not org.quota_overrides:
        raise DomainError(ErrorCode.INVALID, "It is on this plan already.", ["planId"])
    if plan is None and current is not None and current.is_custom and not org.quota_overrides:
        raise DomainError(ErrorCode.INVALID, "It is on a custom plan already.", ["planId"])
    await _check_plan(org, plan)
    if dry_run:
        return org
    async with in_transaction("default"):
        plan = await locked_plan(plan)
        # Its row: every service created below it locks it too (quotas.lock_chain).
        org = await _locked_in_place(org)
        await _check_plan(org, plan)  # again, under the lock
        current = await plan_of(org)
        if plan is None:
            plan = await custom_plan(org, owner, *await kept_terms(org))
        changed = await Organization.filter(id=org.id, plan_id=org.plan_id).update(
            plan_id=plan.id, quota_overrides={}
        )
        if not changed:
            raise DomainError(ErrorCode.INVALID_STATE, "It changed meanwhile.", ["id"])
        await audit.record(
            actor,
            "organization.change_plan",
            org,
            summary={"from": current.name if current else None, "to": plan.name},
        )
    return await Organization.get(id=org.id)


async def _check_plan(org: Organization, plan: Plan | None) -> None:
    """QUOTA_EXCEEDED listing what of the subtree's usage `plan` would not allow (the
    custom plan keeps today's limits, which allow it already)."""
    if plan is not None:
        usage = await customers_usage(org.path)
        refuse_conflicts(plan_shortfalls(usage, plan), ["planId"])


async def set_quota_overrides(
    actor: Actor,
    organization_id: UUID,
    overrides: Mapping[str, int | None],
    clear: Collection[str],
    *,
    dry_run: bool,
) -> Organization:
    """Set (`overrides`, by Quotas field name; None = unlimited) and clear (`clear`: back
    to the plan's value) the organization's own quota overrides. Each set value stays
    within what its owner may hold; the limits that result must allow what its subtree
    uses. Needs a plan: an override replaces a plan's value."""
    org = await _target(actor, organization_id)
    _validate(overrides, clear)
    plan = await plan_of(org)
    if plan is None:
        raise DomainError(
            ErrorCode.INVALID_STATE, "It has no plan: give it one first (changePlan).", ["id"]
        )
    await _check_bounds(org, overrides)
    await _check_usage(org, plan, _merged(org, overrides, clear))
    if dry_run:
        return org
    async with in_transaction("default"):
        org = await _locked_in_place(org)
        plan = await plan_of(org)
        if plan is None:
            raise DomainError(ErrorCode.INVALID_STATE, "It changed meanwhile.", ["id"])
        merged = _merged(org, overrides, clear)
        await _check_usage(org, plan, merged)  # again, under the lock
        await Organization.filter(id=org.id).update(quota_overrides=merged)
        await audit.record(
            actor,
            "organization.quota_overrides",
            org,
            summary={
                "set": {INPUT_NAME[n]: v for n, v in sorted(overrides.items())},
                "cleared": sorted(INPUT_NAME[n] for n in clear),
            },
        )
    return await Organization.get(id=org.id)


def _validate(overrides: Mapping[str, int | None], clear: Collection[str]) -> None:
    with validation.AllFields() as fields:
        for name, value in overrides.items():
            field = ["overrides", INPUT_NAME[name]]
            if value is not None and not 0 <= value <= MAX_QUOTA:
                fields.check(_invalid, "A quota is a whole number from 0.", field)
            if name in clear:
                fields.check(_invalid, "Set or clear a quota, not both.", field)
        if not overrides and not clear:
            fields.check(_invalid, "Set or clear at least one quota.", ["overrides"])


def _invalid(message: str, field: Sequence[str]) -> None:
    raise DomainError(ErrorCode.INVALID, message, field)


def _merged(
    org: Organization, overrides: Mapping[str, int | None], clear: Collection[str]
) -> dict[str, int | None]:
    """The organization's overrides once these are set and cleared, by plan column."""
    cleared = {COLUMN_OF[name] for name in clear}
    kept = {c: v for c, v in (org.quota_overrides or {}).items() if c not in cleared}
    return {**kept, **{COLUMN_OF[name]: value for name, value in overrides.items()}}


async def _check_bounds(org: Organization, overrides: Mapping[str, int | None]) -> None:
    """QUOTA_EXCEEDED for a value beyond what the owner's own limits allow (its plan and
    overrides, and every plan above it); unlimited only where nothing above limits it."""
    owner_limits = (await bound_of(await _owner(org))).quotas.columns()
    with validation.AllFields() as fields:
        for name, value in sorted(overrides.items()):
            limit = owner_limits[COLUMN_OF[name]]
            if limit is not None and (value is None or value > limit):
                fields.check(
                    _exceeded,
                    f"Its owner may hold at most {limit} here.",
                    ["overrides", INPUT_NAME[name]],
                )


def _exceeded(message: str, field: Sequence[str]) -> None:
    raise DomainError(ErrorCode.QUOTA_EXCEEDED, message, field)


async def _check_usage(org: Organization, plan: Plan, merged: dict[str, int | None]) -> None:
    """QUOTA_EXCEEDED listing what its subtree uses beyond the limits `merged` gives it."""
    limits = Quotas.of(with_overrides(plan, merged))
    usage = await customers_usage(org.path)
    refuse_conflicts(shortfalls(usage, limits, kinds_of(plan)), ["overrides"])
