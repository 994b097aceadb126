"""copyCustomer: a new customer with another's settings, never its users."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain import authority, idempotency, scope
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode, not_found
from domain.organizations import Created, NewOrganization, OwnerLogin, create_under, recreated
from domain.plans import custom_plan, plan_of
from domain.quotas import Quotas, check_room, lock_chain, with_plans
from models import Department, Organization, SecurityPolicy, Service
from models.enums import OrganizationKind, ServiceKind


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
    (never data) within the quotas of every plan above, users never copied; a new owner
    login as in createCustomer."""
    scope.require_organization_manager(actor)
    operation = "copy:customer"
    key = idempotency.validate_key(spec.idempotency_key)
    fingerprint = idempotency.fingerprint(operation, spec, secret_key) if key else None
    if (earlier := await idempotency.recall(actor, operation, key, fingerprint)) is not None:
        return await recreated(actor, earlier)
    source = await scope.visible_organizations(actor).filter(id=spec.source_id).first()
    if source is None:
        raise not_found(["sourceId"], "organization")
    if not authority.manages(actor, source):
        raise DomainError(ErrorCode.FORBIDDEN, "You may not copy this organization.", ["sourceId"])
    await authority.check_levels_within(actor, source, ["sourceId"])
    if source.kind != OrganizationKind.CUSTOMER:
        raise DomainError(ErrorCode.INVALID, "Only customers can be copied.", ["sourceId"])
    parent = await Organization.get(id=source.owner_id)  # type: ignore[attr-defined]

    async def copy_settings(org: Organization) -> None:
        plan = await plan_of(source)
        if plan is not None and plan.is_custom:
            plan = await custom_plan(org, parent, Quotas.of(plan), list(plan.enabled_kinds))
        if plan is not None:
            org.plan_id = plan.id  # on the instance the payload returns
            # Its own quotas too: they stay within the same owner's limits.
            org.quota_overrides = dict(source.quota_overrides or {})
            await org.save(update_fields=["plan_id", "quota_overrides"])
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
        copied = await Service.filter(organization=source, kind__in=list(spec.service_kinds))
        adding: dict[ServiceKind, int] = {}
        for service in copied:
            adding[ServiceKind(service.kind)] = adding.get(ServiceKind(service.kind), 0) + 1
        # The copies count against the new customer's plan and every plan above it.
        levels = await with_plans(await lock_chain(org))
        await check_room(actor, levels, adding, ["serviceKinds"])
        for service in copied:
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
