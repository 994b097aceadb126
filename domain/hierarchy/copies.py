"""copyCustomer: a new customer with another's settings, never its users."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain import authority, idempotency, scope
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode, not_found
from domain.hierarchy import panel_settings
from domain.hierarchy.organizations import (
    Created,
    NewOrganization,
    OwnerLogin,
    create_under,
    recreated,
)
from domain.provisioning import domains
from domain.provisioning.plans import custom_plan, plan_of
from domain.provisioning.quotas import Quotas, check_room, lock_chain, with_plans
from models import Department, Organization, OrganizationSettings, SecurityPolicy, Service
from models.enums import OrganizationKind, ServiceKind
from models.tortoise_internals import field_names
from settings import Settings


@dataclass(frozen=True)
class CopySpec:
    source_id: UUID
    name: str
    owner: OwnerLogin
    service_kinds: frozenset[ServiceKind]
    idempotency_key: str | None = None
    activate: bool = True


async def copy_customer(
    actor: Actor,
    spec: CopySpec,
    *,
    settings: Settings,
) -> Created:
    """A new customer under the same owner: plan, quotas, security policy and departments
    copied (departments without users), services of the chosen kinds copied as settings
    (never data) within the quotas of every plan above, users never copied; a new owner
    login as in createCustomer, whose password must meet the copied policy. Left PENDING
    unless `activate`.

    A source's websites and DNS zones are refused (DOMAIN_TAKEN): their domain is the
    source's, and a domain belongs to one service of its kind on the whole platform."""
    scope.require_organization_manager(actor)
    operation = "copy:customer"
    key = idempotency.validate_key(spec.idempotency_key)
    fingerprint = idempotency.fingerprint(operation, spec, settings.secret_key) if key else None
    if (earlier := await idempotency.recall(actor, operation, key, fingerprint)) is not None:
        return await recreated(actor, earlier)
    source = await _copyable_source(actor, spec.source_id)
    parent = await Organization.get(id=source.owner_id)

    async def copy_settings(org: Organization) -> None:
        await _copy_plan(org, source, parent)
        await _copy_policy_and_settings(org, source)
        await _copy_departments(org, source)
        await _copy_services(actor, org, source, spec.service_kinds)

    new = NewOrganization(
        kind=OrganizationKind.CUSTOMER,
        name=spec.name,
        owner=spec.owner,
        company=source.company,
        idempotency_key=spec.idempotency_key,
        activate=spec.activate,
    )
    return await create_under(
        actor,
        parent,
        new,
        settings=settings,
        operation=operation,
        also=copy_settings,
        audit_action="organization.copy",
        fingerprint=fingerprint,
        # Same owner, and the source's own policy copied: the copy's policy is the source's.
        rules_like=source,
    )


async def _copyable_source(actor: Actor, source_id: UUID) -> Organization:
    """The customer to copy: visible, managed by the actor, within its levels."""
    source = await scope.visible_organizations(actor).filter(id=source_id).first()
    if source is None:
        raise not_found(["sourceId"], "organization")
    if not authority.manages(actor, source):
        raise DomainError(ErrorCode.FORBIDDEN, "You may not copy this organization.", ["sourceId"])
    await authority.check_levels_within(actor, source, ["sourceId"])
    if source.kind != OrganizationKind.CUSTOMER:
        raise DomainError(ErrorCode.INVALID, "Only customers can be copied.", ["sourceId"])
    return source


async def _copy_plan(org: Organization, source: Organization, parent: Organization) -> None:
    """The source's plan (a custom plan as a custom plan of the copy's own) and quotas."""
    plan = await plan_of(source)
    if plan is not None and plan.is_custom:
        plan = await custom_plan(org, parent, Quotas.of(plan), list(plan.enabled_kinds))
    if plan is not None:
        org.plan_id = plan.id  # on the instance the payload returns
        # Its own quotas too: they stay within the same owner's limits.
        org.quota_overrides = dict(source.quota_overrides or {})
        await org.save(update_fields=["plan_id", "quota_overrides"])


async def _copy_policy_and_settings(org: Organization, source: Organization) -> None:
    """The source's own security policy and panel settings, when it has them."""
    policy = await SecurityPolicy.get_or_none(organization=source)
    if policy is not None:
        values = {
            f: getattr(policy, f)
            for f in field_names(SecurityPolicy)
            if f not in ("id", "organization", "organization_id", "updated_at")
        }
        await SecurityPolicy.create(organization=org, **values)
    own_settings = await OrganizationSettings.get_or_none(organization=source)
    if own_settings is not None:
        await OrganizationSettings.create(
            organization=org, **panel_settings.own_of_row(own_settings)
        )


async def _copy_departments(org: Organization, source: Organization) -> None:
    """The source's departments, without their users."""
    for department in await Department.filter(organization=source):
        await Department.create(
            organization=org,
            name=department.name,
            description=department.description,
            allowed_ip_ranges=list(department.allowed_ip_ranges),
            **{name: getattr(department, name) for name in panel_settings.FIELDS},
        )


async def _copy_services(
    actor: Actor, org: Organization, source: Organization, kinds: frozenset[ServiceKind]
) -> None:
    """The source's services of `kinds`, as settings (never data), within every plan's
    quotas above the copy."""
    copied = await Service.filter(organization=source, kind__in=list(kinds))
    adding: dict[ServiceKind, int] = {}
    for service in copied:
        adding[ServiceKind(service.kind)] = adding.get(ServiceKind(service.kind), 0) + 1
    # The copies count against the new customer's plan and every plan above it.
    levels = await with_plans(await lock_chain(org))
    await check_room(actor, levels, adding, ["serviceKinds"])
    _refuse_domains(copied)
    for service in copied:
        await Service.create(
            organization=org,
            kind=service.kind,
            name=service.name,
            # A service switched off stays off in the copy (the copy is no reason to
            # turn it back on).
            status=service.status,
            settings=dict(service.settings),
        )


def _refuse_domains(copied: list[Service]) -> None:
    """DOMAIN_TAKEN for a website or DNS zone among the services to copy: its domain is
    the source's, and stays the source's (another kind of the same choice still copies
    when the source has none of them)."""
    kinds = sorted({ServiceKind(s.kind) for s in copied if domains.carries_domain(s.kind)})
    if kinds:
        raise DomainError(
            ErrorCode.DOMAIN_TAKEN,
            f"The source's {' and '.join(k.value for k in kinds)} services cannot be copied: "
            "their domains are the source's, and a domain belongs to one service of its kind "
            "on the whole platform. Copy without these kinds, then add the copy's own.",
            ["serviceKinds"],
        )
