"""Account expiry (Plesk's "expiration date"): `Organization.expires_at`, set by the
organization's managers, and the scheduler's two steps around it.

- `warn_expiring`: EXPIRY_WARNING_DAYS before the date, the organization is emailed once
  (`expiry_warned_at`); a new date (updateOrganization) may be warned of again.
- `expire_due`: once the date has passed, an ACTIVE organization is suspended with the
  reason "expired" and emailed. The suspension is recorded at the level of the manager who
  set the date (read from the audit event that set it, never deeper than the organization's
  own owner), so that seller, or anyone above it, may reactivate it. A date no event
  tells of (written outside the API: the demo, an import) counts as its owner's, the
  account's seller. Reactivating an account whose date has passed lifts the date
  (domain/hierarchy/lifecycle.py), or the next tick would suspend it again.

Each step changes one organization per short transaction, conditionally on what it read,
so ticks may repeat or overlap a mutation without doubling an email or a suspension; each
change writes an audit event as `system`, and its emails in the same transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tortoise.timezone import now
from tortoise.transactions import in_transaction

from domain import authority
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode
from domain.events import audit
from domain.hierarchy import notifications
from domain.hierarchy.status import effective_status
from models import AuditEvent, Organization, OutboxEmail
from models.enums import EmailTemplateKind, OrganizationStatus

REASON = "expired"
# Every change of the date writes this key into its audit event's summary: the depth of the
# organization whose staff set it, which the expiry's suspension is recorded at.
LEVEL_KEY = "expiryLevel"
_SETTING_ACTIONS = ("organization.create", "organization.update")
_PAGE = 200


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()  # "leave the date as it is", distinct from None ("no expiry")


def check_may_set(actor: Actor, organization: Organization, field: list[str]) -> None:
    """The date is a term of the account its managers sell: the organization itself may
    read it, never change it."""
    if not authority.manages(actor, organization):
        raise authority.forbidden("Only the organization's managers set its expiry date.", field)


async def check_level(actor: Actor, organization: Organization, field: list[str]) -> None:
    """A date already set is a term of the level that set it, as a suspension is: only
    that level or one above changes or removes it (a reseller may not extend or drop the
    platform's date, which would lift the platform's suspension before it falls)."""
    if organization.expires_at is None:
        return
    if not authority.Level.of(actor).may_lift(await setter_level(organization)):
        raise authority.forbidden(
            "The expiry date was set from above you: only that level changes it.", field
        )


def validate(value: datetime | None, field: list[str]) -> datetime | None:
    """A date in the future, or None (no expiry)."""
    if value is not None and value <= now():
        raise DomainError(ErrorCode.INVALID, "The expiry date must be in the future.", field)
    return value


def audit_entry(actor: Actor, value: datetime | None) -> dict[str, Any]:
    """What an audit summary records of a new date: the date and the setter's level."""
    return {"expiresAt": value.isoformat() if value else None, LEVEL_KEY: actor.organization.depth}


async def setter_level(organization: Organization) -> int:
    """The depth of the organization whose staff set the date (the newest event that set
    it), capped at the organization's owner; the owner's when no event tells."""
    owner_depth: int = max(organization.depth - 1, 0)
    events = AuditEvent.filter(target_id=organization.id, action__in=_SETTING_ACTIONS).order_by(
        "-created_at", "-id"
    )
    # Page through them all: the organization's own edits (a rename) write events of the
    # same action without the key, and must not push the one that set the date out of
    # sight, which would hand a platform's expiry down to its owner.
    offset = 0
    while page := await events.offset(offset).limit(_PAGE).values_list("summary", flat=True):
        for summary in page:
            if isinstance(summary, dict) and isinstance(summary.get(LEVEL_KEY), int):
                return min(int(summary[LEVEL_KEY]), owner_depth)
        offset += _PAGE
    return owner_depth


async def warn_expiring(days: int, moment: datetime | None = None) -> list[OutboxEmail]:
    """Email organizations whose date is within `days`, once per date (0: never); one
    under a deleted organization is left until that is restored."""
    if days <= 0:
        return []
    moment = moment or now()
    due = await Organization.filter(
        status__in=[OrganizationStatus.ACTIVE, OrganizationStatus.PENDING],
        expires_at__gt=moment,
        expires_at__lte=moment + timedelta(days=days),
        expiry_warned_at__isnull=True,
    )
    emails: list[OutboxEmail] = []
    for org in due:
        if await effective_status(org) == OrganizationStatus.DELETED:
            continue  # under a deleted organization: warned once that is restored
        async with in_transaction("default"):
            claimed = await Organization.filter(
                id=org.id, expires_at=org.expires_at, expiry_warned_at__isnull=True
            ).update(expiry_warned_at=moment)
            if not claimed:
                continue  # changed since it was read: the next tick looks again
            kind = EmailTemplateKind.EXPIRY_WARNING
            sent = await notifications.notify(kind, org, notifications.values_for(kind, org))
            await audit.record(
                None,
                "organization.expiry_warning",
                org,
                summary={"expiresAt": _iso(org.expires_at), "emails": len(sent)},
            )
            emails.extend(sent)
    return emails


async def expire_due(moment: datetime | None = None) -> tuple[int, list[OutboxEmail]]:
    """Suspend ACTIVE organizations whose date has passed; (how many, their emails).
    One under a deleted or pending organization is left until that is settled."""
    moment = moment or now()
    due = await Organization.filter(status=OrganizationStatus.ACTIVE, expires_at__lte=moment)
    expired = 0
    emails: list[OutboxEmail] = []
    for org in due:
        if await effective_status(org) in (OrganizationStatus.DELETED, OrganizationStatus.PENDING):
            continue
        level = await setter_level(org)
        async with in_transaction("default"):
            changed = await Organization.filter(
                id=org.id, status=OrganizationStatus.ACTIVE, expires_at=org.expires_at
            ).update(
                status=OrganizationStatus.SUSPENDED,
                suspended_at=moment,
                suspension_reason=REASON,
                suspended_by_id=None,
                suspended_by_depth=level,
            )
            if not changed:
                continue
            await audit.record(
                None,
                "organization.expire",
                org,
                summary={
                    "from": OrganizationStatus.ACTIVE,
                    "to": OrganizationStatus.SUSPENDED,
                    "reason": REASON,
                    "expiresAt": _iso(org.expires_at),
                    "level": level,
                },
            )
            suspended = await Organization.get(id=org.id)
            kind = EmailTemplateKind.EXPIRED
            emails.extend(
                await notifications.notify(
                    kind, suspended, notifications.values_for(kind, suspended)
                )
            )
        expired += 1
    return expired, emails


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
