"""reassignCustomersTo: a purged reseller's customers handed to another organization,
keeping their limits and fitting the plans above their new place."""

from __future__ import annotations

from collections import Counter

from domain import scope
from domain.actor import Actor
from domain.errors import DomainError
from domain.events import audit
from domain.hierarchy import external_ids
from domain.provisioning import quotas
from domain.provisioning.plans import custom_plan
from models import DeletionJob, Organization, Plan
from models.enums import OrganizationKind


async def check_room(
    actor: Actor, org: Organization, target: Organization, field: list[str]
) -> None:
    """QUOTA_EXCEEDED when the plans above `target` have no room for the services of the
    customers it would receive (levels already above `org` count them already)."""
    levels = [
        (level, plan)
        for level, plan in await quotas.with_plans(await quotas.chain(target))
        if not org.path.startswith(level.path)
    ]
    adding = await quotas.customers_usage(org.path)
    try:
        await quotas.check_room(actor, levels, adding, field)
    except DomainError as error:
        raise DomainError(
            error.code, f"Its customers do not fit: {error.message}", error.field
        ) from error


async def _external_ids_leaving(org: Organization) -> list[str]:
    return [
        str(value)
        for value in await Organization.filter(
            **scope.subtree(org.path), kind=OrganizationKind.CUSTOMER, external_id__isnull=False
        ).values_list("external_id", flat=True)
    ]


async def check_external_ids(org: Organization, target: Organization, field: list[str]) -> None:
    """DUPLICATE when the customers handed over would hold one external id twice among the
    target's children (an id is unique per owner): one of the target's has it, or two
    customers of the purged tree (of two sub-resellers) do."""
    leaving = await _external_ids_leaving(org)
    twice = [value for value, count in Counter(leaving).items() if count > 1]
    held = await Organization.filter(owner_id=target.id, external_id__in=leaving).exists()
    if twice or (leaving and held):
        raise external_ids.duplicate(field, "the organizations it would hand its customers to")


async def reassign_batch(job: DeletionJob, batch: int) -> int:
    """Hand one batch of the subtree's customers to the job's target organization.

    A customer on a plan of the purged tree (which goes with it) gets a custom plan of its
    new owner with the same quotas and kinds: its limits stay as they were.
    """
    target = await Organization.get(id=job.reassign_customers_to)
    customers = await Organization.filter(
        **scope.subtree(job.organization_path), kind=OrganizationKind.CUSTOMER
    ).limit(batch)
    plans = {
        plan.id: plan
        for plan in await Plan.filter(
            id__in=[c.plan_id for c in customers if c.plan_id],
            **scope.subtree(job.organization_path, "owner__path"),
        )
    }
    for customer in customers:
        plan_id, overrides = customer.plan_id, customer.quota_overrides
        if plan_id in plans:
            kept = plans[plan_id]
            # Its overrides become the custom plan's own values, as on a move.
            limits = quotas.effective_quotas(customer, kept)
            copied = await custom_plan(customer, target, limits, list(kept.enabled_kinds))
            plan_id, overrides = copied.id, {}
        external_id = customer.external_id
        if (
            external_id is not None
            and await Organization.filter(owner_id=target.id, external_id=external_id).exists()
        ):
            # Taken there since the purge was asked for (checked then): the customer keeps
            # its place in the job's hand-over without the id, rather than failing the job.
            external_id = None
            await audit.record(
                None,
                "organization.update",
                customer,
                summary={"externalId": None, "reason": "taken at the new owner"},
            )
        await Organization.filter(id=customer.id).update(
            external_id=external_id,
            owner_id=target.id,
            path=target.path + customer.id.hex + "/",
            depth=target.depth + 1,
            plan_id=plan_id,
            quota_overrides=overrides,
        )
    return len(customers)
