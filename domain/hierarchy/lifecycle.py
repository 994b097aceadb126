"""Lifecycle of organizations (SPEC §2): activate, suspend, reactivate, soft delete, restore.

```
PENDING --activate--> ACTIVE --suspend--> SUSPENDED --reactivate--> ACTIVE
PENDING | ACTIVE | SUSPENDED --delete--> DELETED --restore--> (status before delete)
```

Every action takes many ids and answers per id; one bad id never blocks the others. Each
id changes in its own short transaction with a conditional UPDATE (`WHERE status = <seen>`),
so two concurrent calls on one id cannot both succeed, and each success writes exactly one
audit event in the same transaction.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

from tortoise.timezone import now
from tortoise.transactions import in_transaction

from domain import authority, scope, validation
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode, not_found
from domain.events import audit
from domain.hierarchy import notifications
from models import DeletionJob, Organization, OutboxEmail
from models.enums import EmailTemplateKind, JobStatus, OrganizationStatus

MAX_IDS = 100
_EVERY_LIVE_STATUS = frozenset(
    {OrganizationStatus.PENDING, OrganizationStatus.ACTIVE, OrganizationStatus.SUSPENDED}
)


class Transition(StrEnum):
    ACTIVATE = "activate"
    SUSPEND = "suspend"
    REACTIVATE = "reactivate"
    DELETE = "delete"
    RESTORE = "restore"


_ALLOWED_FROM: dict[Transition, frozenset[OrganizationStatus]] = {
    Transition.ACTIVATE: frozenset({OrganizationStatus.PENDING}),
    Transition.SUSPEND: frozenset({OrganizationStatus.ACTIVE}),
    Transition.REACTIVATE: frozenset({OrganizationStatus.SUSPENDED}),
    Transition.DELETE: _EVERY_LIVE_STATUS,
    Transition.RESTORE: frozenset({OrganizationStatus.DELETED}),
}
# The transitions that tell the organization by email (unless the call says notify: false).
NOTICES: dict[Transition, EmailTemplateKind] = {
    Transition.SUSPEND: EmailTemplateKind.SUSPENDED,
    Transition.REACTIVATE: EmailTemplateKind.REACTIVATED,
    Transition.DELETE: EmailTemplateKind.DELETED,
}


@dataclass(frozen=True)
class Outcome:
    """What happened (or, in a dry run, would happen) to one requested id."""

    organization: Organization | None
    error: DomainError | None = None
    # Outbox rows written with the change: send them once it has committed.
    emails: tuple[OutboxEmail, ...] = ()


# A change computes the new column values from the organization as it stands.
Change = Callable[[Organization], dict[str, Any]]


def _changes(
    actor: Actor, transition: Transition, reason: str | None, retention_days: int
) -> Change:
    # The level of the actor's organization is kept with a suspension or deletion: only
    # that level or one above lifts it (domain/authority.py, check_lifecycle).
    level = actor.organization.depth

    def change(org: Organization) -> dict[str, Any]:
        moment = now()
        if transition in (Transition.ACTIVATE, Transition.REACTIVATE):
            values: dict[str, Any] = {
                "status": OrganizationStatus.ACTIVE,
                "activated_at": moment,
                "suspended_at": None,
                "suspension_reason": None,
                "suspended_by_id": None,
                "suspended_by_depth": None,
            }
            if org.expires_at is not None and org.expires_at <= moment:
                # Bringing back an expired account lifts its expiry, or the next scheduler
                # tick would suspend it again; a new date is set with updateOrganization.
                values.update(expires_at=None, expiry_warned_at=None)
            return values
        if transition == Transition.SUSPEND:
            return {
                "status": OrganizationStatus.SUSPENDED,
                "suspended_at": moment,
                "suspension_reason": reason,
                "suspended_by_id": actor.user.id if actor.user else None,
                "suspended_by_depth": level,
            }
        if transition == Transition.DELETE:
            return {
                "status": OrganizationStatus.DELETED,
                "status_before_delete": org.status,
                "deleted_at": moment,
                "deleted_by_depth": level,
                "purge_after": moment + timedelta(days=retention_days),
                "purge_warned_at": None,  # a new purge date: it is warned of again
            }
        return {
            "status": org.status_before_delete or OrganizationStatus.ACTIVE,
            "status_before_delete": None,
            "deleted_at": None,
            "deleted_by_depth": None,
            "purge_after": None,
            "purge_warned_at": None,
        }

    return change


async def target(
    actor: Actor, organization_id: UUID | None, index: int, action: str = "manage"
) -> Organization:
    """A visible organization the actor may do `action` to, else NOT_FOUND / FORBIDDEN for
    `ids[i]` (domain/authority.py: the owner chain's managers, within suspension levels)."""
    field = ["ids", str(index)]
    org = None
    if organization_id is not None:
        org = await scope.visible_organizations(actor).filter(id=organization_id).first()
    if org is None:
        raise not_found(field, "organization")
    authority.check_lifecycle(actor, org, action, field)
    if action in ("delete", "purge", "manage"):
        # Deleting or purging a parent destroys its children too; moving or converting
        # must not free what is blocked above (authority.check_levels_within).
        await authority.check_levels_within(actor, org, field, subtree=action != "manage")
    return org


def check_id_count(ids: Sequence[object]) -> None:
    if not ids:
        raise DomainError(ErrorCode.INVALID, "Give at least one id.", ["ids"])
    if len(ids) > MAX_IDS:
        raise DomainError(ErrorCode.INVALID, f"Give at most {MAX_IDS} ids per call.", ["ids"])


async def for_each(
    actor: Actor,
    ids: Sequence[UUID | None],
    work: Callable[[Organization, int], Awaitable[Organization]],
    action: str = "manage",
) -> list[Outcome]:
    """Run `work` per id on its target; collect per-id outcomes, never stopping early."""
    scope.require_organization_manager(actor)
    check_id_count(ids)
    outcomes = []
    for index, organization_id in enumerate(ids):
        try:
            org = await target(actor, organization_id, index, action)
            outcomes.append(Outcome(await work(org, index)))
        except DomainError as error:
            outcomes.append(Outcome(None, error))
    return outcomes


async def under_purge(org: Organization) -> bool:
    """Whether a purge of the organization, or of one above it, is QUEUED or RUNNING."""
    parts = org.ancestor_ids
    paths = ["".join(f"{part}/" for part in parts[: depth + 1]) for depth in range(len(parts))]
    return await DeletionJob.filter(
        organization_path__in=paths, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
    ).exists()


async def refuse_while_purging(org: Organization, index: int) -> None:
    """INVALID_STATE while the organization is under a purge: restoring it would report
    success while the purge goes on destroying it."""
    if await under_purge(org):
        raise DomainError(
            ErrorCode.INVALID_STATE,
            "A purge of this organization is under way: it can no longer be restored.",
            ["ids", str(index)],
        )


async def transition(
    actor: Actor,
    ids: Sequence[UUID | None],
    action: Transition,
    *,
    dry_run: bool = False,
    reason: str | None = None,
    retention_days: int = 30,
    notify: bool = True,
) -> list[Outcome]:
    """Apply one lifecycle transition to each id (or, with `dry_run`, only check it).
    Suspending, reactivating and deleting email the organization (domain/hierarchy/notifications.py)
    unless `notify` is False; the outcomes carry the emails to send after the commit."""
    if reason is not None:
        reason = validation.text(reason, ["reason"], max_length=500, multiline=True)
    change = _changes(actor, action, reason, retention_days)
    allowed = _ALLOWED_FROM[action]
    guard = refuse_while_purging if action == Transition.RESTORE else None
    notice = NOTICES.get(action) if notify else None
    queued: dict[UUID, tuple[OutboxEmail, ...]] = {}

    async def apply(org: Organization, index: int) -> Organization:
        if org.status not in allowed:
            raise DomainError(
                ErrorCode.INVALID_STATE,
                f"Cannot {action} an organization that is {org.status.lower()}.",
                ["ids", str(index)],
            )
        if guard is not None:
            await guard(org, index)
        if dry_run:
            return org
        values = change(org)
        async with in_transaction("default"):
            # Conditional on the status we checked: a concurrent change makes this a no-op.
            changed = await Organization.filter(id=org.id, status=org.status).update(**values)
            if not changed:
                raise DomainError(
                    ErrorCode.INVALID_STATE,
                    "The organization changed meanwhile; reload it and try again.",
                    ["ids", str(index)],
                )
            if guard is not None:
                # Again after the UPDATE, which holds the row: a purge that started since
                # the first check is seen here, and this restore rolls back.
                await guard(org, index)
            await audit.record(
                actor,
                f"organization.{action}",
                org,
                summary={
                    "from": org.status,
                    "to": values["status"],
                    "reason": reason,
                    **({"expiryLifted": True} if "expires_at" in values else {}),
                    **({"notified": notify} if action in NOTICES else {}),
                },
            )
            changed_org = await Organization.get(id=org.id)
            if notice is not None:
                values_of = notifications.values_for(notice, changed_org)
                queued[org.id] = tuple(await notifications.notify(notice, changed_org, values_of))
        return changed_org

    outcomes = await for_each(actor, ids, apply, str(action))
    return [
        replace(o, emails=queued.get(o.organization.id, ())) if o.organization else o
        for o in outcomes
    ]
