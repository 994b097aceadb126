"""Services of a customer, within the quotas and kinds of every plan above it."""

from __future__ import annotations

from uuid import UUID

from tortoise.transactions import in_transaction

from domain import audit, authority, quotas, scope, validation
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode, not_found
from domain.status import effective_status, require_live
from models import Service
from models.enums import OrganizationKind, OrganizationStatus, ServiceKind


async def create(actor: Actor, organization_id: UUID, kind: ServiceKind, name: str) -> Service:
    """Add a service; QUOTA_EXCEEDED when it would pass the quota of the customer's plan or
    of any plan above it (each counts its whole subtree), SERVICE_NOT_ENABLED for a kind one
    of them does not enable. The check and the insert are serialised per owner chain."""
    org = await scope.visible_organizations(actor).filter(id=organization_id).first()
    if org is None:
        raise not_found(["organizationId"], "organization")
    if not authority.administers(actor, org):
        raise DomainError(ErrorCode.FORBIDDEN, "You may not add services here.", ["organizationId"])
    authority.require_service_right(actor, kind, ["kind"])
    if org.kind != OrganizationKind.CUSTOMER:
        raise DomainError(ErrorCode.INVALID, "Only customers have services.", ["organizationId"])
    cleaned = validation.text(name, ["name"], max_length=255, required=True)
    if await effective_status(org) != OrganizationStatus.ACTIVE:
        raise DomainError(
            ErrorCode.INVALID_STATE, "The organization is not active.", ["organizationId"]
        )
    async with in_transaction():
        # The organization and its owner chain, locked root first: a create anywhere under
        # a reseller waits here for any other under it, so their counts come one by one.
        levels = await quotas.lock_chain(org)
        here = levels[-1] if levels else None
        if here is None or (here.id, here.path, here.kind) != (org.id, org.path, org.kind):
            raise DomainError(
                ErrorCode.INVALID_STATE, "The organization moved meanwhile.", ["organizationId"]
            )
        await require_live(org, ["organizationId"], "The organization")
        await quotas.check_room(actor, await quotas.with_plans(levels), {kind: 1}, ["kind"])
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
    if not authority.administers(actor, service.organization):
        raise DomainError(ErrorCode.FORBIDDEN, "You may not remove this service.", ["id"])
    authority.require_service_right(actor, ServiceKind(service.kind), ["id"])
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
