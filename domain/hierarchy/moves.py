"""Reshaping the tree: convert a customer to a reseller, move customers to another owner
(copying a customer is domain/hierarchy/copies.py). Users, notes and audit history always stay with
the organization; no reshaping lets usage pass a quota of any plan above it.

Both take one plan for every id, or a plan per id (`PlanItem`); an id with neither gets a
custom plan carrying the limits it has now. The plan an organization gets replaces its
quota overrides: a custom plan takes them into its own values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain import authority, scope, validation
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode, not_found
from domain.events import audit
from domain.hierarchy import external_ids
from domain.hierarchy.lifecycle import Outcome, for_each, refuse_while_purging
from domain.hierarchy.organizations import MAX_RESELLER_DEPTH, new_organization
from domain.hierarchy.status import require_live
from domain.provisioning.plans import check_within, custom_plan, plan_of
from domain.provisioning.quotas import (
    Quotas,
    bound_of,
    chain,
    check_room,
    effective_quotas,
    kinds_of,
    lock_organizations,
    own_usage,
    plan_shortfalls,
    refuse_conflicts,
    shortfalls,
    with_plans,
)
from domain.webhooks import endpoints
from models import Organization, Plan, Service
from models.enums import OrganizationKind, OrganizationStatus, ServiceKind


def _field(index: int) -> list[str]:
    return ["ids", str(index)]


async def assignable_plan(
    actor: Actor, plan_id: UUID, owner: Organization, field: Sequence[str] = ("planId",)
) -> Plan:
    """A non-custom plan of `owner` that the actor may assign (needs the plans right):
    what `owner` sells to the organizations below it."""
    if not actor.has_right("plans"):
        raise DomainError(
            ErrorCode.FORBIDDEN, "Assigning a plan needs the `plans` right.", list(field)
        )
    plan = (
        await scope.visible_plans(actor)
        .filter(id=plan_id, owner_id=owner.id, is_custom=False)
        .first()
    )
    if plan is None:
        raise not_found(list(field), "plan its owner sells (plans(ownerId: …) lists them)")
    return plan


async def locked_plan(plan: Plan | None) -> Plan | None:
    """The plan as it is now, its row locked (PostgreSQL) so that updatePlan, which locks
    it first too, cannot lower it between our check and the assignment."""
    return None if plan is None else await Plan.select_for_update().get(id=plan.id)


@dataclass(frozen=True)
class PlanItem:
    """One id's own plan in a bulk convert or move; `plan_id` None: the custom plan."""

    organization_id: UUID | None
    plan_id: UUID | None


@dataclass(frozen=True)
class PlanChoice:
    """The plan asked for one id: `plan_id` None for the custom plan; `field` the input
    path that named it (errors about the plan point there)."""

    plan_id: UUID | None
    field: tuple[str, ...] = ("planId",)
    shared: bool = True


def plan_choices(
    ids: Sequence[UUID | None], plan_id: UUID | None, items: Sequence[PlanItem]
) -> list[PlanChoice]:
    """Per id, its item's plan, else the shared `planId`, else the custom plan. INVALID
    (for the whole request, naming `plans[i].id`) for an item of an id not asked for, or
    a second item of one id."""
    asked = set(ids)
    by_id: dict[UUID, PlanChoice] = {}
    with validation.AllFields() as fields:
        for index, item in enumerate(items):
            field = ["plans", str(index), "id"]
            if item.organization_id is None or item.organization_id not in asked:
                fields.check(_refuse, "This id is not among `ids`.", field)
            elif item.organization_id in by_id:
                fields.check(_refuse, "This id has a plan already.", field)
            else:
                by_id[item.organization_id] = PlanChoice(
                    item.plan_id, ("plans", str(index), "planId"), shared=False
                )
    shared = PlanChoice(plan_id)
    return [by_id.get(i, shared) if i is not None else shared for i in ids]


async def kept_terms(org: Organization) -> tuple[Quotas, list[str]]:
    """The quotas and kinds a custom plan of its owner gives the organization in place of
    its own: what it has now (its plan, its overrides replacing values), capped at what its
    owner chain allows, which bounded it already (a plan-less one had only that bound)."""
    current = await plan_of(org)
    bound = await bound_of(await Organization.get(id=org.owner_id))
    kinds = kinds_of(current) & bound.kinds
    return effective_quotas(org, current).capped(bound.quotas), sorted(kinds)


def _refuse(message: str, field: list[str]) -> None:
    raise DomainError(ErrorCode.INVALID, message, field)


async def _keep_services(actor: Actor, reseller: Organization) -> None:
    """A reseller holds no services of its own: a customer's services, on its conversion,
    go to a new customer of it that carries its name, so that every website, mailbox and
    zone keeps running, counted where it was (the subtree is the same). Its users stay
    with the reseller, whose staff manage the new customer from above."""
    if not await Service.filter(organization_id=reseller.id).exists():
        return
    customer = await new_organization(
        OrganizationKind.CUSTOMER,
        reseller.name,
        reseller,
        company=reseller.company,
        contact_email=reseller.contact_email,
    )
    moved = await Service.filter(organization_id=reseller.id).update(organization_id=customer.id)
    await audit.record(
        actor,
        "organization.create",
        customer,
        summary={"from": "convertToReseller", "reseller": reseller.name, "services": moved},
    )


async def convert_to_reseller(
    actor: Actor,
    ids: Sequence[UUID | None],
    *,
    plan_id: UUID | None,
    dry_run: bool,
    items: Sequence[PlanItem] = (),
) -> list[Outcome]:
    """Customers become resellers, keeping users, notes and services (the services under
    a new customer of the same name: see _keep_services). Without a plan, a custom
    reseller plan carries the quotas the customer had (its overrides included), capped at
    what its owner chain allows (a customer without a plan had only that bound). The plan
    must allow what the customer already uses."""
    choices = plan_choices(ids, plan_id, items)

    async def new_plan_terms(org: Organization, plan: Plan | None) -> tuple[Quotas, list[str]]:
        if plan is not None:
            return Quotas.of(plan), list(plan.enabled_kinds)
        return await kept_terms(org)

    async def check(org: Organization, plan: Plan | None, index: int) -> tuple[Quotas, list[str]]:
        quotas, kinds = await new_plan_terms(org, plan)
        usage = await own_usage(org)
        conflicts = shortfalls(usage, quotas, frozenset(map(ServiceKind, kinds)))
        refuse_conflicts(conflicts, _field(index))
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
        owner = await Organization.get(id=org.owner_id)
        choice = choices[index]
        plan = None
        if choice.plan_id is not None:
            plan = await assignable_plan(actor, choice.plan_id, owner, choice.field)
        await check(org, plan, index)
        if dry_run:
            return org
        async with in_transaction("default"):
            plan = await locked_plan(plan)
            [org] = await lock_organizations([org.id])
            quotas, kinds = await check(org, plan, index)  # again, under the locks
            if plan is None:
                plan = await custom_plan(org, owner, quotas, kinds)
            changed = await Organization.filter(id=org.id, kind=OrganizationKind.CUSTOMER).update(
                kind=OrganizationKind.RESELLER, plan_id=plan.id, quota_overrides={}
            )
            if not changed:
                raise DomainError(ErrorCode.INVALID_STATE, "It changed meanwhile.", _field(index))
            await audit.record(
                actor, "organization.convert_to_reseller", org, summary={"plan": plan.name}
            )
            await _keep_services(actor, await Organization.get(id=org.id))
        return await Organization.get(id=org.id)

    return await for_each(actor, ids, convert)


def _came_from(former: Organization, moved: Organization) -> dict[str, str]:
    """The move event's `from`: the former owner's name, when it is still above the
    customer. The event is read at the customer's new place; a former owner elsewhere in
    the tree is not its readers' to know (nor could they look up its id)."""
    return {"from": former.name} if moved.path.startswith(former.path) else {}


async def _tell_former_owner(actor: Actor, former: Organization, after: Organization) -> None:
    """Write the move into the former owner's log too, when the customer left its subtree.

    The move's own event belongs to the customer at its new place, which the former owner
    no longer sees: without this one, its endpoints (its provisioning, its billing) would
    never learn that a customer they serve is gone. It names the customer, never the new
    owner (another reseller's name is not the former owner's to know).
    """
    if after.path.startswith(former.path):
        return  # moved within the former owner's subtree: it hears the move itself
    await audit.record(
        actor,
        "organization.move_away",
        former,
        target_id=after.id,
        target_name=after.name,
        summary={"customer": after.name},
    )


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


async def _refuse_taken_external_id(org: Organization, owner: Organization, index: int) -> None:
    """DUPLICATE when a customer of the new owner has the moving one's external id (an id
    is unique among an owner's children, docs/integrations.md): the actor manages the new
    owner, so it sees that customer and learns nothing it could not read."""
    if org.external_id is None:
        return
    taken = Organization.filter(owner_id=owner.id, external_id=org.external_id)
    if await taken.exclude(id=org.id).exists():
        raise external_ids.duplicate(_field(index), "the organizations of the new owner")


async def move(
    actor: Actor,
    ids: Sequence[UUID | None],
    *,
    new_owner_id: UUID,
    plan_id: UUID | None,
    dry_run: bool,
    items: Sequence[PlanItem] = (),
) -> list[Outcome]:
    """Move customers to another owner. With a plan of the new owner they take it; without
    one they keep their quotas (overrides included) as a custom plan, which must fit the
    new owner's chain. The plan must allow what the customer uses, and the plans above the
    new place must have room for it. Conflicts are QUOTA_EXCEEDED, listed in the message."""
    scope.require_organization_manager(actor)
    owner = await _new_owner(actor, new_owner_id)
    choices = plan_choices(ids, plan_id, items)
    shared = await assignable_plan(actor, plan_id, owner) if plan_id else None
    request = _Move(actor, owner, choices, shared, dry_run)
    return await for_each(actor, ids, request.relocate)


@dataclass(frozen=True)
class _Move:
    """One moveOrganizations request: its steps for each customer to move."""

    actor: Actor
    owner: Organization  # the new owner
    choices: list[PlanChoice]
    shared: Plan | None  # the request's `planId`, checked once for all
    dry_run: bool

    async def relocate(self, org: Organization, index: int) -> Organization:
        """Check one customer's move (also on a dry run), then write it."""
        owner = self.owner
        if org.kind != OrganizationKind.CUSTOMER:
            raise DomainError(ErrorCode.INVALID, "Only customers move.", _field(index))
        if org.owner_id == owner.id:
            raise DomainError(ErrorCode.INVALID, "It already belongs there.", _field(index))
        chosen = await self.plan_for(index)
        refuse_conflicts(await self.conflicts(org, chosen, await chain(owner)), _field(index))
        # A half-purged customer moved out would keep only what the purge had not reached.
        await refuse_while_purging(org, index)
        await _refuse_taken_external_id(org, owner, index)
        if self.dry_run:
            return org
        try:
            return await self.write(org, chosen, index)
        except IntegrityError:
            # A concurrent write gave a customer of the new owner its external id first:
            # the unique index decided.
            await _refuse_taken_external_id(org, owner, index)
            raise

    async def plan_for(self, index: int) -> Plan | None:
        """The plan the id at `index` takes; None for a custom plan keeping its limits."""
        choice = self.choices[index]
        if choice.shared:
            return self.shared  # checked once, for the whole request
        if choice.plan_id is None:
            return None
        return await assignable_plan(self.actor, choice.plan_id, self.owner, choice.field)

    async def conflicts(
        self, org: Organization, plan: Plan | None, owners: list[Organization]
    ) -> list[str]:
        """Why the customer cannot move with `plan` under `owners` (none: it can)."""
        usage = await own_usage(org)
        current = await plan_of(org)
        if plan is not None:
            conflicts = plan_shortfalls(usage, plan)
        else:
            conflicts = await self._kept_limits_conflicts(org, current)
        # Levels the customer is already counted in (a move inside one reseller) have it.
        joining = [(o, p) for o, p in await with_plans(owners) if not org.path.startswith(o.path)]
        try:
            await check_room(self.actor, joining, usage, [])
        except DomainError as error:
            conflicts.append(error.message)
        return conflicts

    async def _kept_limits_conflicts(self, org: Organization, current: Plan | None) -> list[str]:
        """Where the limits the customer keeps (as a custom plan) pass the new owner's."""
        try:
            check_within(
                effective_quotas(org, current),
                kinds_of(current),
                await bound_of(self.owner),
                "The new owner's plan",
            )
        except DomainError as error:
            return [each.message for each in validation.each_error(error)]
        return []

    async def write(self, org: Organization, chosen: Plan | None, index: int) -> Organization:
        """The move itself, checked again under the locks of the new owner chain."""
        actor, owner = self.actor, self.owner
        async with in_transaction("default"):
            await require_live(owner, ["newOwnerId"], "The new owner")
            plan = await locked_plan(chosen)
            # The new owner chain and the customer, in one statement (see lock_organizations).
            locked = await lock_organizations([*(o.id for o in await chain(owner)), org.id])
            owners = [o for o in locked if o.id != org.id]
            org = next((o for o in locked if o.id == org.id), org)  # its overrides as now
            refuse_conflicts(await self.conflicts(org, plan, owners), _field(index))
            if plan is None:
                current = await plan_of(org)
                kinds_kept = [k.value for k in sorted(kinds_of(current))]
                plan = await custom_plan(org, owner, effective_quotas(org, current), kinds_kept)
            changed = await Organization.filter(id=org.id, owner_id=org.owner_id).update(
                owner_id=owner.id,
                path=owner.path + org.id.hex + "/",
                depth=owner.depth + 1,
                plan_id=plan.id,
                quota_overrides={},
            )
            if not changed:
                raise DomainError(ErrorCode.INVALID_STATE, "It changed meanwhile.", _field(index))
            moved = await Organization.get(id=org.id)
            former = await Organization.get(id=org.owner_id)
            await audit.record(
                actor,
                "organization.move",
                moved,
                summary={**_came_from(former, moved), "to": owner.name, "plan": plan.name},
            )
            await _tell_former_owner(actor, former, moved)
            await endpoints.disable_those_left_behind(moved)
        return moved
