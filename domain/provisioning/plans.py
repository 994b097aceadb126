"""Plans: quotas per service kind (None = unlimited) and the kinds they enable.

A reseller sells within what it was sold: its plans may not grant more of any quota, or
enable any kind, beyond what the plans of its owner chain allow it
(domain/provisioning/quotas.py). A
plan cannot be lowered below what the organizations on it already use in their subtrees.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from tortoise.transactions import in_transaction

from domain import scope, validation
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode, not_found
from domain.events import audit
from domain.provisioning.quotas import (
    QUOTA_COLUMN,
    Bound,
    Quotas,
    bound_of,
    kinds_of,
    lock_organizations,
    usage_on_plan,
)
from models import Organization, Plan
from models.enums import ServiceKind

__all__ = ["QUOTA_COLUMN", "Quotas"]

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
    errors = [
        DomainError(ErrorCode.INVALID, "A quota is a whole number from 0.", ["quotas", name])
        for name, value in zip(_INPUT_NAMES, quotas.columns().values(), strict=True)
        if value is not None and not 0 <= value <= 1_000_000_000
    ]
    _refuse(errors)


def check_within(
    quotas: Quotas, kinds: frozenset[ServiceKind], bound: Bound, what: str = "Your plan"
) -> None:
    """QUOTA_EXCEEDED when `quotas` go beyond `bound` (unlimited goes beyond any limit),
    SERVICE_NOT_ENABLED when `kinds` do; every field at fault at once."""
    errors = [
        DomainError(
            ErrorCode.QUOTA_EXCEEDED,
            f"{what} allows at most {limit} here"
            + (" (an omitted quota means unlimited)." if value is None else "."),
            ["quotas", name],
        )
        for name, value, limit in zip(
            _INPUT_NAMES, quotas.columns().values(), bound.quotas.columns().values(), strict=True
        )
        if limit is not None and (value is None or value > limit)
    ]
    extra = kinds - bound.kinds
    if extra:
        errors.append(
            DomainError(
                ErrorCode.SERVICE_NOT_ENABLED,
                f"{what} does not enable {', '.join(sorted(extra))}.",
                ["enabledKinds"],
            )
        )
    _refuse(errors)


def _refuse(errors: list[DomainError]) -> None:
    if errors:
        raise validation.InvalidFields(errors)


async def plan_of(organization: Organization) -> Plan | None:
    """The organization's own plan, if it has one."""
    return await Plan.get_or_none(id=organization.plan_id) if organization.plan_id else None


@dataclass(frozen=True)
class Conflict:
    """An organization on a plan already uses more of a kind than the plan would allow."""

    organization: Organization
    kind: ServiceKind
    used: int
    # 0 when the plan would no longer enable the kind at all.
    quota: int


class PlanConflicts(DomainError):
    """The plan change is refused: organizations on it already use more than it allows."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__(
            ErrorCode.QUOTA_EXCEEDED,
            f"{len(conflicts)} organization quota(s) would be below what is already in use.",
            ["quotas"],
        )
        self.conflicts = conflicts


async def conflicts_of(
    plan_id: UUID, quotas: Quotas, kinds: frozenset[ServiceKind]
) -> list[Conflict]:
    """Where the organizations on the plan use more than `quotas` and `kinds` allow,
    counting each one's whole subtree (a quota an organization overrides is its own); by
    organization name, then kind."""
    usage = await usage_on_plan(plan_id)
    organizations = {o.id: o for o in await Organization.filter(id__in=list(usage))}
    limits = quotas.columns()
    found = []
    for organization_id, counts in usage.items():
        overridden = organizations[organization_id].quota_overrides or {}
        for kind, used in counts.items():
            column = QUOTA_COLUMN[kind]
            if kind in kinds and column in overridden:
                continue  # its own override, not the plan, limits it
            limit = limits[column] if kind in kinds else 0
            if limit is not None and used > limit:
                found.append(Conflict(organizations[organization_id], kind, used, limit))
    return sorted(found, key=lambda c: (c.organization.name, c.organization.id.hex, c.kind))


def _require_plans_right(actor: Actor) -> None:
    scope.require_organization_manager(actor)
    if not actor.has_right("plans"):
        raise DomainError(ErrorCode.FORBIDDEN, "Managing plans needs the `plans` access right.")


async def create(actor: Actor, name: str, quotas: Quotas, kinds: frozenset[ServiceKind]) -> Plan:
    """A plan of the actor's organization (the Master's or a reseller's), within what the
    plans of that organization and its owner chain allow it."""
    _require_plans_right(actor)
    cleaned = validation.text(name, ["name"], max_length=200, required=True)
    _check_quotas(quotas)
    check_within(quotas, kinds, await bound_of(actor.organization))
    async with in_transaction("default"):
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


@dataclass(frozen=True)
class Updated:
    """The plan as it is now (unchanged in a dry run) and the conflicts a change meets."""

    plan: Plan
    conflicts: list[Conflict]


async def update(
    actor: Actor,
    plan_id: UUID,
    *,
    name: str | None = None,
    quotas: Quotas | None = None,
    kinds: frozenset[ServiceKind] | None = None,
    dry_run: bool = False,
) -> Updated:
    """Change a plan of the actor's organization, still within the actor's own bound and
    never below what the organizations on it use (PlanConflicts lists where). A dry run
    only reports those conflicts."""
    _require_plans_right(actor)
    plan = await scope.visible_plans(actor).filter(id=plan_id).first()
    if plan is None:
        raise not_found(["id"], "plan")
    if plan.owner_id != actor.organization.id:
        raise DomainError(ErrorCode.FORBIDDEN, "Only its owner's managers change a plan.", ["id"])
    values: dict[str, Any] = {}
    if name is not None:
        values["name"] = validation.text(name, ["name"], max_length=200, required=True)
    new_quotas = quotas if quotas is not None else Quotas.of(plan)
    new_kinds = kinds if kinds is not None else kinds_of(plan)
    _check_quotas(new_quotas)
    check_within(new_quotas, new_kinds, await bound_of(actor.organization))
    values.update(new_quotas.columns(), enabled_kinds=sorted(new_kinds))
    if dry_run:
        return Updated(plan, await conflicts_of(plan.id, new_quotas, new_kinds))
    async with in_transaction("default"):
        # The plan's row first, then its organizations' (as moves onto a plan do), so that
        # no service is created or moved in under them between the count and the change.
        await Plan.select_for_update().get(id=plan.id)
        on_plan = await Organization.filter(plan_id=plan.id).only("id")
        await lock_organizations([o.id for o in on_plan])
        conflicts = await conflicts_of(plan.id, new_quotas, new_kinds)
        if conflicts:
            raise PlanConflicts(conflicts)
        await Plan.filter(id=plan.id).update(**values)
        await audit.record(
            actor,
            "plan.update",
            actor.organization,
            target_type="Plan",
            target_id=plan.id,
            target_name=values.get("name", plan.name),
        )
    return Updated(await Plan.get(id=plan.id), [])


async def custom_plan(
    org: Organization, owner: Organization, quotas: Quotas, kinds: list[str]
) -> Plan:
    """A plan for this one organization, sold by `owner`, carrying the given quotas."""
    values: dict[str, Any] = {
        "owner": owner,
        "name": f"Custom: {org.name}"[:200],
        "is_custom": True,
        "enabled_kinds": kinds,
        **quotas.columns(),
    }
    return await Plan.create(**values)
