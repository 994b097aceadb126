"""Services of a customer, within the quotas and kinds of every plan above it."""

from __future__ import annotations

from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain import authority, scope, validation
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode, not_found
from domain.events import audit
from domain.hierarchy.status import effective_status, require_live
from domain.provisioning import domains, quotas
from models import Organization, Service
from models.enums import OrganizationKind, OrganizationStatus, ServiceKind, ServiceStatus


def checked_name(kind: ServiceKind | str, name: str) -> tuple[str, str | None]:
    """(name, domain): the name as given, trimmed, and for a website or DNS zone the
    domain it stands for (INVALID when it is none)."""
    cleaned = validation.text(name, ["name"], max_length=255, required=True)
    if not domains.carries_domain(kind):
        return cleaned, None
    return cleaned, domains.normalize(cleaned, ["name"])


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
    cleaned, domain = checked_name(kind, name)
    if await effective_status(org) != OrganizationStatus.ACTIVE:
        raise DomainError(
            ErrorCode.INVALID_STATE, "The organization is not active.", ["organizationId"]
        )
    try:
        return await _insert(actor, org, kind, cleaned, domain)
    except IntegrityError:
        # A concurrent create took the domain between our check and our insert: the
        # unique index on (kind, domain) decided, and the loser hears what a later call
        # would have heard.
        if not await domains.lost_race(kind, domain):
            raise
        raise domains.taken() from None


async def _insert(
    actor: Actor, org: Organization, kind: ServiceKind, name: str, domain: str | None
) -> Service:
    async with in_transaction("default"):
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
        if domain is not None:
            await domains.require_free(kind, domain)
        elif await Service.filter(organization=org, kind=kind, name=name).exists():
            raise DomainError(ErrorCode.INVALID, "A service of this kind has this name.", ["name"])
        service = await Service.create(organization=org, kind=kind, name=name, domain=domain)
        await audit.record(
            actor,
            "service.create",
            org,
            target_type="Service",
            target_id=service.id,
            target_name=name,
            summary={"kind": kind},
        )
    return service


async def _managed(actor: Actor, service_id: UUID, verb: str) -> Service:
    """The service, when the actor sees it (else NOT_FOUND) and administers its
    organization with the right of its kind (else FORBIDDEN)."""
    service = (
        await scope.visible_services(actor)
        .filter(id=service_id)
        .select_related("organization")
        .first()
    )
    if service is None:
        raise not_found(["id"], "service")
    if not authority.administers(actor, service.organization):
        raise DomainError(ErrorCode.FORBIDDEN, f"You may not {verb} this service.", ["id"])
    authority.require_service_right(actor, ServiceKind(service.kind), ["id"])
    return service


async def delete(actor: Actor, service_id: UUID) -> UUID:
    service = await _managed(actor, service_id, "remove")
    async with in_transaction("default"):
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


async def update(
    actor: Actor, service_id: UUID, *, name: str | None, status: ServiceStatus | None
) -> Service:
    """Rename a service (a website's or zone's new domain must be free on the platform)
    or switch it on or off (DISABLED: off whatever its organization's state)."""
    service = await _managed(actor, service_id, "change")
    changes: dict[str, object] = {}
    if name is not None:
        cleaned, domain = checked_name(service.kind, name)
        if cleaned != service.name:
            changes.update(name=cleaned, domain=domain)
    if status is not None and status != service.status:
        changes["status"] = status
    if not changes:
        return service
    try:
        async with in_transaction("default"):
            await require_live(service.organization, ["id"], "The organization")
            if changes.get("domain") is not None:
                await domains.require_free(service.kind, str(changes["domain"]), but=service.id)
            elif "name" in changes and not domains.carries_domain(service.kind):
                clash = Service.filter(
                    organization_id=service.organization.id, kind=service.kind, name=changes["name"]
                )
                if await clash.exclude(id=service.id).exists():
                    raise DomainError(
                        ErrorCode.INVALID, "A service of this kind has this name.", ["name"]
                    )
            await Service.filter(id=service.id).update(**changes)
            await audit.record(
                actor,
                "service.update",
                service.organization,
                target_type="Service",
                target_id=service.id,
                target_name=str(changes.get("name", service.name)),
                summary={
                    "kind": service.kind,
                    "changed": {
                        k: {"from": str(getattr(service, k)), "to": str(v)}
                        for k, v in changes.items()
                        if k != "domain"
                    },
                },
            )
    except IntegrityError:
        wanted = changes.get("domain")
        if not await domains.lost_race(
            service.kind, str(wanted) if wanted else None, but=service.id
        ):
            raise
        raise domains.taken() from None
    return await Service.get(id=service.id)
