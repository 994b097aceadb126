"""Webhook endpoints: created, changed, deleted and given new secrets by the logins who
administer their organization (domain/webhooks/access.py), each change audited in its own
transaction. The secret is shown in the answer that made it, never again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from tortoise import connections
from tortoise.timezone import now
from tortoise.transactions import in_transaction

from domain import scope, validation
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode, not_found
from domain.events import audit, catalog
from domain.hierarchy.status import require_live
from domain.validation import AllFields, InvalidFields
from domain.webhooks import access, secrets, urls
from models import Membership, Organization, WebhookDelivery, WebhookEndpoint
from models.enums import DeliveryStatus

UNSET: Any = object()  # "leave as it is"
MAX_PER_ORGANIZATION = 20
MAX_EVENT_TYPES = 100
MAX_DESCRIPTION = 200
DISABLED_BY_A_USER = "Disabled by a user."
DISABLED_BY_A_MOVE = (
    "Disabled by the platform: its organization moved, and the login that made this endpoint "
    "no longer manages it."
)
WHAT = "manage webhook endpoints"
# pg_advisory_xact_lock(class, key): this class's key is an organization's; the two-key
# space never meets the one-key space the event sequencer locks in.
_LOCK_CLASS = 0x7768_6B73  # "whks"


@dataclass(frozen=True)
class WithSecret:
    """An endpoint and the secret just made for it (shown this once)."""

    endpoint: WebhookEndpoint
    secret: str


def event_types(values: list[str], field: list[str]) -> list[str]:
    """Known event types or families (`organization.*`), each once, in the given order;
    empty means every type. INVALID on each unknown entry (`eventTypes[i]`)."""
    if len(values) > MAX_EVENT_TYPES:
        raise DomainError(
            ErrorCode.INVALID, f"An endpoint takes at most {MAX_EVENT_TYPES} event types.", field
        )
    unknown = [
        DomainError(
            ErrorCode.INVALID,
            "No event type or family of this name." + catalog.hint_for(value),
            [*field, str(i)],
        )
        for i, value in enumerate(values)
        if not catalog.is_event_type(value)
    ]
    if unknown:
        raise InvalidFields(unknown)
    return list(dict.fromkeys(values))


def _description(value: str) -> str:
    return validation.text(value, ["description"], max_length=MAX_DESCRIPTION)


async def _organization_for(actor: Actor, organization_id: UUID) -> Organization:
    org = await scope.visible_organizations(actor).filter(id=organization_id).first()
    if org is None:
        raise not_found(["organizationId"], "organization")
    if not access.manages_endpoints_of(actor, org):
        raise DomainError(
            ErrorCode.FORBIDDEN, "You may not manage its webhook endpoints.", ["organizationId"]
        )
    return org


async def _lock_endpoints_of(org: Organization) -> None:
    """Serialize creates in one organization so that two cannot both pass the limit.
    An advisory lock, not the organization's row: require_live share-locks that row, and
    two creators holding the share lock would each wait for the other's update lock.
    SQLite's transactions hold the write lock from BEGIN already."""
    connection = connections.get("default")
    if connection.capabilities.dialect == "postgres":
        key = int.from_bytes(org.id.bytes[:4], "big", signed=True)
        await connection.execute_query("SELECT pg_advisory_xact_lock($1, $2)", [_LOCK_CLASS, key])


async def create(
    actor: Actor,
    organization_id: UUID | None,
    url: str,
    description: str,
    types: list[str],
    enabled: bool = True,
    *,
    secret_key: str,
    https_only: bool,
) -> WithSecret:
    """A new endpoint of the organization (the actor's own when None) and its secret."""
    access.require_manager(actor, WHAT)
    own = actor.organization.id
    org = await _organization_for(actor, own if organization_id is None else organization_id)
    with AllFields() as fields:
        cleaned_url = fields.check(urls.checked, url, ["url"], https_only=https_only)
        cleaned_description = fields.check(_description, description)
        cleaned_types = fields.check(event_types, types, ["eventTypes"])
    secret = secrets.new_secret()
    async with in_transaction("default"):
        await _lock_endpoints_of(org)
        await require_live(org, ["organizationId"], "The organization")
        if await WebhookEndpoint.filter(organization_id=org.id).count() >= MAX_PER_ORGANIZATION:
            raise DomainError(
                ErrorCode.QUOTA_EXCEEDED,
                f"An organization has at most {MAX_PER_ORGANIZATION} webhook endpoints; "
                "delete one first.",
                ["organizationId"],
            )
        endpoint = await WebhookEndpoint.create(
            organization=org,
            url=cleaned_url,
            description=cleaned_description,
            event_types=cleaned_types,
            enabled=enabled,
            disabled_reason="" if enabled else DISABLED_BY_A_USER,
            disabled_at=None if enabled else now(),
            secret_sealed=secrets.seal(secret, secret_key),
            created_by=actor.user,
        )
        await audit.record(
            actor,
            "webhook_endpoint.create",
            org,
            target_type="WebhookEndpoint",
            target_id=endpoint.id,
            target_name=urls.endpoint_name(cleaned_url, cleaned_description),
            summary={
                "host": urls.origin(cleaned_url),
                "eventTypes": cleaned_types,
                "enabled": enabled,
            },
        )
    return WithSecret(endpoint, secret)


def _changes(
    url: Any, description: Any, types: Any, enabled: Any, *, https_only: bool
) -> dict[str, Any]:
    """The given fields, checked (all at once), by column. A null description or event
    type list clears it (no description; every type); a URL or `enabled` cannot be null."""
    columns: dict[str, Any] = {}
    with AllFields() as fields:
        if url is None:
            fields.errors.append(DomainError(ErrorCode.INVALID, "A URL cannot be null.", ["url"]))
        elif url is not UNSET:
            columns["url"] = fields.check(urls.checked, url, ["url"], https_only=https_only)
        if description is not UNSET:
            columns["description"] = fields.check(_description, description or "")
        if types is not UNSET:
            columns["event_types"] = fields.check(event_types, types or [], ["eventTypes"])
        if enabled is None:
            fields.errors.append(
                DomainError(
                    ErrorCode.INVALID, "This cannot be null: say true or false.", ["enabled"]
                )
            )
        elif enabled is not UNSET:
            columns["enabled"] = enabled
    return columns


async def update(
    actor: Actor,
    endpoint_id: UUID,
    *,
    url: Any = UNSET,
    description: Any = UNSET,
    types: Any = UNSET,
    enabled: Any = UNSET,
    https_only: bool,
) -> WebhookEndpoint:
    """Change the given fields. Enabling a disabled endpoint starts it afresh (no failures
    counted, nothing waiting to retry), and so does a new URL for the wait; a person
    disabling one is recorded as the reason."""
    access.require_manager(actor, WHAT)
    found = await access.endpoint_for(actor, endpoint_id, ["id"])
    columns = _changes(url, description, types, enabled, https_only=https_only)
    async with in_transaction("default"):
        # Under the row's lock: the delivery worker writes the failure columns meanwhile.
        endpoint = await _locked(found.id)
        changed = [name for name, value in columns.items() if getattr(endpoint, name) != value]
        if not changed:
            return endpoint
        for name in changed:
            setattr(endpoint, name, columns[name])
        extra = _enabled_state(endpoint) if "enabled" in changed else []
        if "url" in changed and "next_attempt_at" not in extra:
            # A new address deserves a try now, not at the end of the old one's backoff.
            endpoint.next_attempt_at = None
            extra.append("next_attempt_at")
        endpoint.updated_at = now()
        await endpoint.save(update_fields=[*changed, *extra, "updated_at"])
        await audit.record(
            actor,
            "webhook_endpoint.update",
            found.organization,
            target_type="WebhookEndpoint",
            target_id=endpoint.id,
            target_name=urls.endpoint_name(endpoint.url, endpoint.description),
            summary={
                "changed": sorted(_API_NAMES[name] for name in changed),
                **({"host": urls.origin(endpoint.url)} if "url" in changed else {}),
                **({"enabled": endpoint.enabled} if "enabled" in changed else {}),
            },
        )
    return endpoint


async def _locked(endpoint_id: UUID) -> WebhookEndpoint:
    """The endpoint, row-locked until the transaction ends; NOT_FOUND when it was deleted
    since it was looked up."""
    endpoint = await WebhookEndpoint.select_for_update().get_or_none(id=endpoint_id)
    if endpoint is None:
        raise not_found(["id"], "webhook endpoint")
    return endpoint


_API_NAMES = {
    "url": "url",
    "description": "description",
    "event_types": "eventTypes",
    "enabled": "enabled",
}


def _enabled_state(endpoint: WebhookEndpoint) -> list[str]:
    """Set the columns that go with `enabled` having just changed; their names."""
    if endpoint.enabled:
        endpoint.disabled_reason = ""
        endpoint.disabled_at = None
        endpoint.failing_since = None
        endpoint.consecutive_failures = 0
        endpoint.next_attempt_at = None
    else:
        endpoint.disabled_reason = DISABLED_BY_A_USER
        endpoint.disabled_at = now()
        return ["disabled_reason", "disabled_at"]
    return [
        "disabled_reason",
        "disabled_at",
        "failing_since",
        "consecutive_failures",
        "next_attempt_at",
    ]


async def delete(actor: Actor, endpoint_id: UUID) -> UUID:
    """Delete an endpoint with its deliveries: nothing more is sent to it."""
    access.require_manager(actor, WHAT)
    endpoint = await access.endpoint_for(actor, endpoint_id, ["id"])
    async with in_transaction("default"):
        await WebhookEndpoint.filter(id=endpoint.id).delete()
        await audit.record(
            actor,
            "webhook_endpoint.delete",
            endpoint.organization,
            target_type="WebhookEndpoint",
            target_id=endpoint.id,
            target_name=urls.endpoint_name(endpoint.url, endpoint.description),
        )
    return endpoint.id


async def rotate_secret(actor: Actor, endpoint_id: UUID, *, secret_key: str) -> WithSecret:
    """A new secret; the one it replaces keeps signing too for `secrets.OVERLAP`, so the
    receiver can switch without losing a message. A secret rotated out earlier, still in
    its overlap, stops at once: two secrets sign at most."""
    access.require_manager(actor, WHAT)
    found = await access.endpoint_for(actor, endpoint_id, ["id"])
    secret = secrets.new_secret()
    async with in_transaction("default"):
        # Locked: two rotations at once must each move the other's secret, not lose one.
        endpoint = await _locked(found.id)
        endpoint.previous_secret_sealed = endpoint.secret_sealed
        endpoint.previous_secret_expires_at = now() + secrets.OVERLAP
        endpoint.secret_sealed = secrets.seal(secret, secret_key)
        endpoint.updated_at = now()
        await endpoint.save(
            update_fields=[
                "previous_secret_sealed",
                "previous_secret_expires_at",
                "secret_sealed",
                "updated_at",
            ]
        )
        await audit.record(
            actor,
            "webhook_endpoint.rotate_secret",
            found.organization,
            target_type="WebhookEndpoint",
            target_id=endpoint.id,
            target_name=urls.endpoint_name(endpoint.url, endpoint.description),
            summary={"previousValidUntil": endpoint.previous_secret_expires_at.isoformat()},
        )
    return WithSecret(endpoint, secret)


async def disable_those_left_behind(moved: Organization) -> list[WebhookEndpoint]:
    """Inside a move's transaction: disable the endpoints of the moved organization (and
    anything under it) whose maker no longer manages it, and fail their waiting deliveries.

    An endpoint sends an organization's events to whoever made it; made by the former
    owner's staff, it would go on telling the former owner everything that happens to a
    customer it may no longer see. A maker manages the organization while one of its
    memberships is in the organization's owner chain (or in the organization itself): the
    platform's staff always, the customer's own logins, the new owner's. An endpoint whose
    maker is gone is left as it is, for the organization's managers to judge.
    """
    endpoints = await WebhookEndpoint.filter(
        organization__path__startswith=moved.path, enabled=True, created_by_id__isnull=False
    ).select_related("organization")
    if not endpoints:
        return []
    paths_of: dict[UUID | None, list[str]] = {}
    makers = {endpoint.created_by_id for endpoint in endpoints}
    for user_id, path in await Membership.filter(user_id__in=makers).values_list(
        "user_id", "organization__path"
    ):
        paths_of.setdefault(user_id, []).append(path)
    left_behind = [
        endpoint
        for endpoint in endpoints
        if not any(
            endpoint.organization.path.startswith(path)
            for path in paths_of.get(endpoint.created_by_id, [])
        )
    ]
    for endpoint in left_behind:
        endpoint.enabled = False
        endpoint.disabled_reason = DISABLED_BY_A_MOVE
        endpoint.disabled_at = now()
        await endpoint.save(
            update_fields=["enabled", "disabled_reason", "disabled_at", "updated_at"]
        )
        await WebhookDelivery.filter(endpoint_id=endpoint.id, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.FAILED
        )
        await audit.record(
            None,
            "webhook_endpoint.disable",
            endpoint.organization,
            target_type="WebhookEndpoint",
            target_id=endpoint.id,
            target_name=urls.endpoint_name(endpoint.url, endpoint.description)[:254],
            summary={"reason": DISABLED_BY_A_MOVE},
        )
    return left_behind
