"""Reshaping the tree: convert a customer to a reseller, move customers to another owner
(copying a customer is domain/copies.py). Users, notes and audit history always stay with
the organization; no reshaping lets usage pass a quota of any plan above it."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from tortoise.transactions import in_transaction

from domain import audit, authority, scope
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode, not_found
from domain.lifecycle import Outcome, for_each, refuse_while_purging
from domain.organizations import MAX_RESELLER_DEPTH
from domain.plans import check_within, custom_plan, plan_of
from domain.quotas import (
    Quotas,
    bound_of,
    chain,
    check_room,
    kinds_of,
    lock_organizations,
    own_usage,
    shortfalls,
    with_plans,
)
from domain.status import require_live
from models import Organization, Plan
from models.enums import OrganizationKind, OrganizationStatus, ServiceKind


def _field(index: int) -> list[str]:
    return ["ids", str(index)]


async def _assignable_plan(actor: Actor, plan_id: UUID, owner: Organization) -> Plan:
    """A non-custom plan of `owner` that the actor may assign (needs the plans right)."""
    if not actor.has_right("plans"):
        raise DomainError(
            ErrorCode.FORBIDDEN, "Assigning a plan needs the `plans` right.", ["planId"]
        )
    plan = (
        await scope.visible_plans(actor)
        .filter(id=plan_id, owner_id=owner.id, is_custom=False)
        .first()
    )
    if plan is None:
        raise not_found(["planId"], "plan of the new owner")
    return plan


def _refuse_conflicts(conflicts: list[str], index: int) -> None:
    if conflicts:
        raise DomainError(
            ErrorCode.QUOTA_EXCEEDED, "Conflicts: " + "; ".join(conflicts) + ".", _field(index)
        )


async def _locked_plan(plan: Plan | None) -> Plan | None:
    """The plan as it is now, its row locked (PostgreSQL) so that updatePlan, which locks
    it first too, cannot lower it between our check and the assignment."""
    return None if plan is None else await Plan.select_for_update().get(id=plan.id)


async def convert_to_reseller(
    actor: Actor, ids: Sequence[UUID | None], *, plan_id: UUID | None, dry_run: bool
) -> list[Outcome]:
    """Customers become resellers, keeping users, services and notes. Without a plan, a
    custom reseller plan carries the quotas the customer had, capped at what its owner
    chain allows (a customer without a plan had only that bound). The plan must allow what
    the customer already uses."""

    async def new_plan_terms(org: Organization, plan: Plan | None) -> tuple[Quotas, list[str]]:
        if plan is not None:
            return Quotas.of(plan), list(plan.enabled_kinds)
        current = await plan_of(org)
        bound = await bound_of(await Organization.get(id=org.owner_id))  # type: ignore[attr-defined]
        kinds = kinds_of(current) & bound.kinds
        return Quotas.of(current).capped(bound.quotas), sorted(kinds)

    async def check(org: Organization, plan: Plan | None, index: int) -> tuple[Quotas, list[str]]:
        quotas, kinds = await new_plan_terms(org, plan)
        usage = await own_usage(org)
        _refuse_conflicts(shortfalls(usage, quotas, frozenset(map(ServiceKind, kinds))), index)
        return quotas, kinds

    async def convert(org: Organization, index: int) -> Organization:
        if org.kind != OrganizationKind.CUSTOMER:
            raise DomainError(
                ErrorCode.INVALID_STATE, "Only a customer can become a reseller.", _field(index)
            )
        if org.status == OrganizationStatus.DELETED:
            raise DomainError(ErrorCode.INVALID_STATE, "Restore it first.", _field(index))
        if org.depth > MAX_RESELLER_DEPTH:
            raise DomainError(
                ErrorCode.INVALID,
                f"Resellers nest at most {MAX_RESELLER_DEPTH} levels deep.",
                _field(index),
            )
        owner = await Organization.get(id=org.owner_id)  # type: ignore[attr-defined]
        plan = await _assignable_plan(actor, plan_id, owner) if plan_id else None
        await check(org, plan, index)
        if dry_run:
            return org
        async with in_transaction():
            plan = await _locked_plan(plan)
            await lock_organizations([org.id])
            quotas, kinds = await check(org, plan, index)  # again, under the locks
            if plan is None:
                plan = await custom_plan(org, owner, quotas, kinds)
            changed = await Organization.filter(id=org.id, kind=OrganizationKind.CUSTOMER).update(
                kind=OrganizationKind.RESELLER, plan_id=plan.id
            )
            if not changed:
                raise DomainError(ErrorCode.INVALID_STATE, "It changed meanwhile.", _field(index))
            await audit.record(
                actor, "organization.convert_to_reseller", org, summary={"plan": plan.name}
            )
        return await Organization.get(id=org.id)

    return await for_each(actor, ids, convert)


async def _new_owner(actor: Actor, owner_id: UUID) -> Organization:
    owner = await scope.visible_organizations(actor).filter(id=owner_id).first()
    if owner is None:
        raise not_found(["newOwnerId"], "organization")
    within = owner.id == actor.organization.id or authority.manages(actor, owner)
    if owner.kind == OrganizationKind.CUSTOMER or not within:
        raise DomainError(
            ErrorCode.INVALID,
            "Customers move to the master or a reseller you manage.",
            ["newOwnerId"],
        )
    if owner.status == OrganizationStatus.DELETED:
        raise DomainError(ErrorCode.INVALID_STATE, "The new owner is deleted.", ["newOwnerId"])
    return owner


async def move(
    actor: Actor,
    ids: Sequence[UUID | None],
    *,
    new_owner_id: UUID,
    plan_id: UUID | None,
    dry_run: bool,
) -> list[Outcome]:
    """Move customers to another owner. With a plan of the new owner they take it; without
    one they keep their quotas as a custom plan, which must fit the new owner's chain. The
    plan must allow what the customer uses, and the plans above the new place must have
    room for it. Conflicts are QUOTA_EXCEEDED, listed in the message."""
    scope.require_organization_manager(actor)
    owner = await _new_owner(actor, new_owner_id)
    chosen = await _assignable_plan(actor, plan_id, owner) if plan_id else None

    async def check(org: Organization, plan: Plan | None, owners: list[Organization]) -> list[str]:
        usage = await own_usage(org)
        current = await plan_of(org)
        if plan is not None:
            conflicts = shortfalls(usage, Quotas.of(plan), kinds_of(plan))
        else:
            conflicts = []
            try:
                check_within(
                    Quotas.of(current),
                    kinds_of(current),
                    await bound_of(owner),
                    "The new owner's plan",
                )
            except DomainError as error:
                conflicts.append(error.message)
        # Levels the customer is already counted in (a move inside one reseller) have it.
        joining = [(o, p) for o, p in await with_plans(owners) if not org.path.startswith(o.path)]
        try:
            await check_room(actor, joining, usage, [])
        except DomainError as error:
            conflicts.append(error.message)
        return conflicts

    async def relocate(org: Organization, index: int) -> Organization:
        if org.kind != OrganizationKind.CUSTOMER:
            raise DomainError(ErrorCode.INVALID, "Only customers move.", _field(index))
        if org.owner_id == owner.id:  # type: ignore[attr-defined]
            raise DomainError(ErrorCode.INVALID, "It already belongs there.", _field(index))
        _refuse_conflicts(await check(org, chosen, await chain(owner)), index)
        # A half-purged customer moved out would keep only what the purge had not reached.
        await refuse_while_purging(org, index)
        if dry_run:
            return org
        async with in_transaction():
            await require_live(owner, ["newOwnerId"], "The new owner")
            plan = await _locked_plan(chosen)
            # The new owner chain and the customer, in one statement (see lock_organizations).
            locked = await lock_organizations([*(o.id for o in await chain(owner)), org.id])
            owners = [o for o in locked if o.id != org.id]
            _refuse_conflicts(await check(org, plan, owners), index)
            if plan is None:
                current = await plan_of(org)
                kinds_kept = [k.value for k in sorted(kinds_of(current))]
                plan = await custom_plan(org, owner, Quotas.of(current), kinds_kept)
            changed = await Organization.filter(id=org.id, owner_id=org.owner_id).update(  # type: ignore[attr-defined]
                owner_id=owner.id,
                path=owner.path + org.id.hex + "/",
                depth=owner.depth + 1,
                plan_id=plan.id,
            )
            if not changed:
                raise DomainError(ErrorCode.INVALID_STATE, "It changed meanwhile.", _field(index))
            moved = await Organization.get(id=org.id)
            await audit.record(
                actor,
                "organization.move",
                moved,
                summary={"from": str(org.owner_id), "to": owner.name, "plan": plan.name},  # type: ignore[attr-defined]
            )
        return moved

    return await for_each(actor, ids, relocate)
