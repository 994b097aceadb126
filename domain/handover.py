"""reassignCustomersTo: a purged reseller's customers handed to another organization,
keeping their limits and fitting the plans above their new place."""

from __future__ import annotations

from domain import quotas, scope
from domain.actor import Actor
from domain.errors import DomainError
from domain.plans import custom_plan
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
        await Organization.filter(id=customer.id).update(
            owner_id=target.id,
            path=target.path + customer.id.hex + "/",
            depth=target.depth + 1,
            plan_id=plan_id,
            quota_overrides=overrides,
        )
    return len(customers)
