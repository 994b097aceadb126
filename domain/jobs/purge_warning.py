"""The scheduler's warning before a retention purge: PURGE_WARNING_DAYS before a deleted
organization's `purge_after`, it is emailed once (`purge_warned_at`; deleting it again
after a restore sets a new date, which is warned of again). Audited as `system`."""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.timezone import now
from tortoise.transactions import in_transaction

from domain.events import audit
from domain.hierarchy import notifications
from models import Organization, OutboxEmail
from models.enums import EmailTemplateKind, OrganizationStatus


async def warn_coming_purges(days: int, moment: datetime | None = None) -> list[OutboxEmail]:
    """Email deleted organizations whose purge is within `days`, once per date (0: never)."""
    if days <= 0:
        return []
    moment = moment or now()
    due = await Organization.filter(
        status=OrganizationStatus.DELETED,
        purge_after__gt=moment,
        purge_after__lte=moment + timedelta(days=days),
        purge_warned_at__isnull=True,
    )
    emails: list[OutboxEmail] = []
    kind = EmailTemplateKind.PURGE_WARNING
    for org in due:
        async with in_transaction("default"):
            claimed = await Organization.filter(
                id=org.id,
                status=OrganizationStatus.DELETED,
                purge_after=org.purge_after,
                purge_warned_at__isnull=True,
            ).update(purge_warned_at=moment)
            if not claimed:
                continue  # restored or rescheduled since it was read
            sent = await notifications.notify(kind, org, notifications.values_for(kind, org))
            await audit.record(
                None,
                "organization.purge_warning",
                org,
                summary={
                    "purgeAfter": org.purge_after.isoformat() if org.purge_after else None,
                    "emails": len(sent),
                },
            )
            emails.extend(sent)
    return emails
