"""Services of a customer, within the quotas and kinds of its plan."""

from __future__ import annotations

from uuid import UUID

from tortoise.transactions import in_transaction

from domain import audit, scope, validation
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode, not_found
from domain.plans import QUOTA_COLUMN
from domain.status import effective_status, require_live
from models import Organization, Plan, Service
from models.enums import OrganizationKind, OrganizationStatus, ServiceKind


async def create(actor: Actor, organization_id: UUID, kind: ServiceKind, name: str) -> Service:
    """Add a service; QUOTA_EXCEEDED at the plan's limit, SERVICE_NOT_ENABLED for a kind the
    plan does not enable. The quota check and the insert are serialised per organization."""
    org = await scope.visible_organizations(actor).filter(id=organization_id).first()
    if org is None:
        raise not_found(["organizationId"], "organization")
    if not scope.administers(actor, org):
        raise DomainError(ErrorCode.FORBIDDEN, "You may not add services here.", ["organizationId"])
    if org.kind != OrganizationKind.CUSTOMER:
        raise DomainError(ErrorCode.INVALID, "Only customers have services.", ["organizationId"])
    cleaned = validation.text(name, ["name"], max_length=255, required=True)
    if await effective_status(org) != OrganizationStatus.ACTIVE:
        raise DomainError(
            ErrorCode.INVALID_STATE, "The organization is not active.", ["organizationId"]
        )
    async with in_transaction():
        # Lock the organization row (PostgreSQL) so concurrent creates count one by one.
        org = await Organization.select_for_update().get(id=org.id)
        await require_live(org, ["organizationId"], "The organization")
        plan = await Plan.get_or_none(id=org.plan_id) if org.plan_id else None
        if plan is not None:
            if kind not in plan.enabled_kinds:
                raise DomainError(
                    ErrorCode.SERVICE_NOT_ENABLED,
                    f"The plan does not include {kind.lower().replace('_', ' ')}s.",
                    ["kind"],
                )
            limit: int | None = getattr(plan, QUOTA_COLUMN[kind])
            if (
                limit is not None
                and await Service.filter(organization=org, kind=kind).count() >= limit
            ):
                raise DomainError(
                    ErrorCode.QUOTA_EXCEEDED,
                    f"The plan allows {limit} of these and all are in use.",
                    ["kind"],
                )
        if await Service.filter(organization=org, kind=kind, name=cleaned).exists():
            raise DomainError(ErrorCode.INVALID, "A service of this kind has this name.", ["name"])
        service = await Service.create(organization=org, kind=kind, name=cleaned)
        await audit.record(
            actor,
            "service.create",
            org,
            target_type="Service",
            target_id=service.id,
            target_name=cleaned,
            summary={"kind": kind},
        )
    return service


async def delete(actor: Actor, service_id: UUID) -> UUID:
    service = (
        await scope.visible_services(actor)
        .filter(id=service_id)
        .select_related("organization")
        .first()
    )
    if service is None:
        raise not_found(["id"], "service")
    if not scope.administers(actor, service.organization):
        raise DomainError(ErrorCode.FORBIDDEN, "You may not remove this service.", ["id"])
    async with in_transaction():
        await service.delete()
        await audit.record(
            actor,
            "service.delete",
            service.organization,
            target_type="Service",
            target_id=service_id,
            target_name=service.name,
            summary={"kind": service.kind},
        )
    return service_id
