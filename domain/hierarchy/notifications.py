"""Notification emails about an organization's account: suspended, reactivated, deleted,
purge near, expiry near, expired (docs/notifications.md).

Who is told: the organization's contact address and each of its active OWNER logins, each
address once. The contact address is the one its provider keeps for the account (often a
billing address); the owners are the people who log in and act on it. Only the
organization itself is told, not those below it: a reseller's suspension stops its
customers too, and telling them is the reseller's business (they learn, when they try to
log in, that their provider's account is suspended, and nothing more).

Emails are outbox rows written in the transaction of the change they report; the caller
sends them once it has committed. Their wording comes from domain/hierarchy/email_templates.py.
"""

from __future__ import annotations

from datetime import datetime

from domain.hierarchy import email_templates
from domain.hierarchy.suspension_notice import suspender_kind
from domain.jobs import outbox
from models import Organization, OutboxEmail, User
from models.enums import EmailTemplateKind, OrganizationKind, Role, UserStatus


def when(moment: datetime | None) -> str:
    """A moment as emails show it."""
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else ""


def imposed_by(depth: int | None) -> str:
    """Who imposed a suspension, told by its level only: never a person, nor (for a
    customer of a reseller) which organization above it."""
    return "the platform" if suspender_kind(depth) == OrganizationKind.MASTER else "your provider"


async def recipients(organization: Organization) -> list[str]:
    """The contact address, then the OWNER logins (active ones), each address once."""
    owners = (
        await User.filter(
            memberships__organization_id=organization.id,
            memberships__role=Role.OWNER,
            status=UserStatus.ACTIVE,
        )
        .order_by("email")
        .values_list("email", flat=True)
    )
    addresses: list[str] = []
    for address in [organization.contact_email, *(str(owner) for owner in owners)]:
        if address and address.lower() not in {a.lower() for a in addresses}:
            addresses.append(address)
    return addresses


async def notify(
    kind: EmailTemplateKind, organization: Organization, values: dict[str, str]
) -> list[OutboxEmail]:
    """Queue the email of `kind` about `organization` to each recipient; call inside the
    transaction of the change it reports."""
    addresses = await recipients(organization)
    if not addresses:
        return []
    text = await email_templates.render(kind, organization, values)
    outbox_kind = "notice-" + kind.value.lower().replace("_", "-")
    return [await outbox.queue(outbox_kind, to, text.subject, text.body) for to in addresses]


def values_for(kind: EmailTemplateKind, organization: Organization) -> dict[str, str]:
    """The placeholders of a lifecycle email, from the organization as it is after the
    change."""
    if kind == EmailTemplateKind.SUSPENDED:
        return {
            "reason": organization.suspension_reason or "no reason was given",
            "suspended_at": when(organization.suspended_at),
            "suspended_by": imposed_by(organization.suspended_by_depth),
        }
    if kind in (EmailTemplateKind.DELETED, EmailTemplateKind.PURGE_WARNING):
        return {"purge_date": when(organization.purge_after)}
    if kind in (EmailTemplateKind.EXPIRY_WARNING, EmailTemplateKind.EXPIRED):
        return {"expiry_date": when(organization.expires_at)}
    return {}
