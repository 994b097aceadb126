"""Reshaping the tree: convert a customer to a reseller, move customers to another owner,
copy a customer. Users, notes and audit history always stay with the organization."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from tortoise.transactions import in_transaction

from domain import audit, idempotency, scope
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode, not_found
from domain.lifecycle import Outcome, for_each, refuse_while_purging
from domain.organizations import (
    MAX_RESELLER_DEPTH,
    Created,
    NewOrganization,
    OwnerLogin,
    create_under,
    recreated,
)
from domain.plans import QUOTA_COLUMN, Quotas, check_within, plan_of
from domain.status import require_live
from models import Department, Organization, Plan, SecurityPolicy, Service
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


async def _custom_plan(
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


async def convert_to_reseller(
    actor: Actor, ids: Sequence[UUID | None], *, plan_id: UUID | None, dry_run: bool
) -> list[Outcome]:
    """Customers become resellers, keeping users, services and notes. Without a plan, a
    custom reseller plan carries the quotas the customer had."""

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
        if dry_run:
            return org
        current = await plan_of(org)
        async with in_transaction():
            if plan is None:
                kinds = list(current.enabled_kinds) if current else [k.value for k in ServiceKind]
                plan = await _custom_plan(org, owner, Quotas.of(current), kinds)
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
    within = owner.id == actor.organization.id or scope.may_manage(actor, owner)
    if owner.kind == OrganizationKind.CUSTOMER or not within:
        raise DomainError(
            ErrorCode.INVALID,
            "Customers move to the master or a reseller you manage.",
            ["newOwnerId"],
        )
    if owner.status == OrganizationStatus.DELETED:
        raise DomainError(ErrorCode.INVALID_STATE, "The new owner is deleted.", ["newOwnerId"])
    return owner


async def _usage(org: Organization) -> dict[ServiceKind, int]:
    counts: dict[ServiceKind, int] = {}
    for service in await Service.filter(organization=org).only("kind"):
        kind = ServiceKind(service.kind)
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def _conflicts(usage: dict[ServiceKind, int], plan: Plan) -> list[str]:
    """Services the customer has that `plan` would not allow."""
    found = []
    for kind, count in sorted(usage.items()):
        limit = getattr(plan, QUOTA_COLUMN[kind])
        if kind not in plan.enabled_kinds:
            found.append(f"{count} {kind} (not enabled)")
        elif limit is not None and count > limit:
            found.append(f"{count} {kind} (allows {limit})")
    return found


async def move(
    actor: Actor,
    ids: Sequence[UUID | None],
    *,
    new_owner_id: UUID,
    plan_id: UUID | None,
    dry_run: bool,
) -> list[Outcome]:
    """Move customers to another owner. With a plan of the new owner they take it; without
    one they keep their quotas as a custom plan, which must fit the new owner's own plan.
    Conflicts (services or quotas the target plan would not allow) are QUOTA_EXCEEDED."""
    scope.require_organization_manager(actor)
    owner = await _new_owner(actor, new_owner_id)
    plan = await _assignable_plan(actor, plan_id, owner) if plan_id else None
    bound = await plan_of(owner)

    async def relocate(org: Organization, index: int) -> Organization:
        if org.kind != OrganizationKind.CUSTOMER:
            raise DomainError(ErrorCode.INVALID, "Only customers move.", _field(index))
        if org.owner_id == owner.id:  # type: ignore[attr-defined]
            raise DomainError(ErrorCode.INVALID, "It already belongs there.", _field(index))
        current = await plan_of(org)
        usage = await _usage(org)
        if plan is not None:
            conflicts = _conflicts(usage, plan)
        else:
            conflicts = []
            kinds = frozenset(
                ServiceKind(k) for k in (current.enabled_kinds if current else ServiceKind)
            )
            try:
                check_within(Quotas.of(current), kinds, bound, "The new owner's plan")
            except DomainError as error:
                conflicts.append(error.message)
        if conflicts:
            raise DomainError(
                ErrorCode.QUOTA_EXCEEDED, "Conflicts: " + "; ".join(conflicts) + ".", _field(index)
            )
        # A half-purged customer moved out would keep only what the purge had not reached.
        await refuse_while_purging(org, index)
        if dry_run:
            return org
        async with in_transaction():
            await require_live(owner, ["newOwnerId"], "The new owner")
            new_plan = plan
            if new_plan is None:
                kinds_kept = (
                    list(current.enabled_kinds) if current else [k.value for k in ServiceKind]
                )
                new_plan = await _custom_plan(org, owner, Quotas.of(current), kinds_kept)
            changed = await Organization.filter(id=org.id, owner_id=org.owner_id).update(  # type: ignore[attr-defined]
                owner_id=owner.id,
                path=owner.path + org.id.hex + "/",
                depth=owner.depth + 1,
                plan_id=new_plan.id,
            )
            if not changed:
                raise DomainError(ErrorCode.INVALID_STATE, "It changed meanwhile.", _field(index))
            moved = await Organization.get(id=org.id)
            await audit.record(
                actor,
                "organization.move",
                moved,
                summary={"from": str(org.owner_id), "to": owner.name, "plan": new_plan.name},  # type: ignore[attr-defined]
            )
        return moved

    return await for_each(actor, ids, relocate)


@dataclass(frozen=True)
class CopySpec:
    source_id: UUID
    name: str
    owner: OwnerLogin
    service_kinds: frozenset[ServiceKind]
    idempotency_key: str | None = None


async def copy_customer(
    actor: Actor, spec: CopySpec, *, bcrypt_rounds: int, secret_key: str
) -> Created:
    """A new customer under the same owner: plan, quotas, security policy and departments
    copied (departments without users), services of the chosen kinds copied as settings
    (never data), users never copied; a new owner login as in createCustomer."""
    scope.require_organization_manager(actor)
    operation = "copy:customer"
    key = idempotency.validate_key(spec.idempotency_key)
    fingerprint = idempotency.fingerprint(operation, spec, secret_key) if key else None
    if (earlier := await idempotency.recall(actor, operation, key, fingerprint)) is not None:
        return await recreated(actor, earlier)
    source = await scope.visible_organizations(actor).filter(id=spec.source_id).first()
    if source is None:
        raise not_found(["sourceId"], "organization")
    if not scope.may_manage(actor, source):
        raise DomainError(ErrorCode.FORBIDDEN, "You may not copy this organization.", ["sourceId"])
    if source.kind != OrganizationKind.CUSTOMER:
        raise DomainError(ErrorCode.INVALID, "Only customers can be copied.", ["sourceId"])
    parent = await Organization.get(id=source.owner_id)  # type: ignore[attr-defined]

    async def copy_settings(org: Organization) -> None:
        plan = await plan_of(source)
        if plan is not None and plan.is_custom:
            plan = await _custom_plan(org, parent, Quotas.of(plan), list(plan.enabled_kinds))
        if plan is not None:
            org.plan_id = plan.id  # on the instance the payload returns
            await org.save(update_fields=["plan_id"])
        policy = await SecurityPolicy.get_or_none(organization=source)
        if policy is not None:
            values = {
                f: getattr(policy, f)
                for f in policy._meta.fields_map
                if f not in ("id", "organization", "organization_id", "updated_at")
            }
            await SecurityPolicy.create(organization=org, **values)
        for department in await Department.filter(organization=source):
            await Department.create(
                organization=org,
                name=department.name,
                description=department.description,
                primary_color=department.primary_color,
                logo_url=department.logo_url,
                footer=department.footer,
                language=department.language,
                timezone=department.timezone,
                allowed_ip_ranges=list(department.allowed_ip_ranges),
            )
        for service in await Service.filter(organization=source, kind__in=list(spec.service_kinds)):
            await Service.create(
                organization=org,
                kind=service.kind,
                name=service.name,
                settings=dict(service.settings),
            )

    new = NewOrganization(
        kind=OrganizationKind.CUSTOMER,
        name=spec.name,
        owner=spec.owner,
        company=source.company,
        idempotency_key=spec.idempotency_key,
    )
    return await create_under(
        actor,
        parent,
        new,
        bcrypt_rounds=bcrypt_rounds,
        operation=operation,
        also=copy_settings,
        audit_action="organization.copy",
        fingerprint=fingerprint,
    )
