"""API keys for partner integrations (SPEC §1): bound to one organization and one role,
the secret shown once and stored only as a keyed hash, a short prefix kept visible."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from tortoise.models import Model
from tortoise.queryset import QuerySet
from tortoise.timezone import now
from tortoise.transactions import in_transaction

from domain import authority, scope, validation
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode, not_found
from domain.events import audit
from domain.hierarchy.status import require_live
from domain.people.access import ALL_ACCESS_RIGHTS
from domain.security.tokens import API_KEY_PREFIX, hash_secret
from models import ApiKey, Organization
from models.enums import OrganizationKind, Role

RowT = TypeVar("RowT", bound=Model)

VISIBLE_CHARACTERS = 8  # of the secret, after the "tnk_" marker


def _manages_keys_of(actor: Actor, org: Organization) -> bool:
    """Logins (not keys) who administer the organization; see domain/authority.py."""
    return actor.user is not None and authority.administers(actor, org)


def rows_of_managed_organizations(actor: Actor, model: type[RowT]) -> QuerySet[RowT]:
    """Rows (with an `organization` key) of organizations the actor manages
    (administrators: all); none for MEMBERs. API keys and webhook endpoints share it."""
    if actor.is_administrator:
        return model.all()
    if not actor.can_manage:
        return model.filter(id=None)
    if actor.organization.kind == OrganizationKind.CUSTOMER:
        return model.filter(organization_id=actor.organization.id)
    return model.filter(**scope.subtree(actor.organization.path, "organization__path"))


def visible_keys(actor: Actor) -> QuerySet[ApiKey]:
    """Keys of organizations the actor manages (administrators: all)."""
    return rows_of_managed_organizations(actor, ApiKey)


@dataclass(frozen=True)
class CreatedKey:
    key: ApiKey
    secret: str


async def create(
    actor: Actor,
    organization_id: UUID,
    name: str,
    role: Role,
    access_rights: list[str] | None,
    expires_at: datetime | None,
    *,
    secret_key: str,
) -> CreatedKey:
    authority.refuse_lasting_credentials(actor, "create API keys")
    authority.require_login(actor, "create API keys")
    org = await scope.visible_organizations(actor).filter(id=organization_id).first()
    if org is None:
        raise not_found(["organizationId"], "organization")
    if not _manages_keys_of(actor, org):
        raise DomainError(
            ErrorCode.FORBIDDEN, "You may not create its API keys.", ["organizationId"]
        )
    if expires_at is not None and expires_at <= now():
        raise DomainError(ErrorCode.INVALID, "The expiry must be in the future.", ["expiresAt"])
    rights = sorted(set(access_rights or []))
    if set(rights) - set(ALL_ACCESS_RIGHTS):
        raise DomainError(ErrorCode.INVALID, "Unknown access rights.", ["accessRights"])
    # A key is a colleague that never logs out: no stronger than its creator.
    authority.check_grant(actor, org, role, rights)
    cleaned = validation.text(name, ["name"], max_length=200, required=True)
    body = secrets.token_urlsafe(32)
    secret = f"{API_KEY_PREFIX}{body}"
    async with in_transaction("default"):
        await require_live(org, ["organizationId"], "The organization")
        key = await ApiKey.create(
            organization=org,
            name=cleaned,
            role=role,
            access_rights=rights,
            prefix=f"{API_KEY_PREFIX}{body[:VISIBLE_CHARACTERS]}",
            secret_hash=hash_secret(secret, secret_key),
            created_by=actor.user,
            expires_at=expires_at,
        )
        await audit.record(
            actor,
            "api_key.create",
            org,
            target_type="ApiKey",
            target_id=key.id,
            target_name=cleaned,
            summary={"role": role},
        )
    return CreatedKey(key, secret)


async def revoke(actor: Actor, key_id: UUID) -> ApiKey:
    authority.require_login(actor, "revoke API keys")
    key = await visible_keys(actor).filter(id=key_id).select_related("organization").first()
    if key is None:
        raise not_found(["id"], "API key")
    if not _manages_keys_of(actor, key.organization):
        raise DomainError(ErrorCode.FORBIDDEN, "You may not revoke this key.", ["id"])
    if key.revoked_at is None:
        async with in_transaction("default"):
            await ApiKey.filter(id=key.id).update(revoked_at=now())
            await audit.record(
                actor,
                "api_key.revoke",
                key.organization,
                target_type="ApiKey",
                target_id=key.id,
                target_name=key.name,
            )
    return await ApiKey.get(id=key.id)
