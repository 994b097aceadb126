"""Who sees and manages webhook endpoints: the rule of API keys (domain/security/api_keys.py), since
an endpoint is as lasting a channel out of the platform as a key is into it. Logins who
administer the owning organization; never an API key, never an impersonation."""

from __future__ import annotations

from uuid import UUID

from tortoise.queryset import QuerySet

from domain import authority
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode, not_found
from domain.security import api_keys
from models import Organization, WebhookEndpoint


def visible_endpoints(actor: Actor) -> QuerySet[WebhookEndpoint]:
    """Endpoints of organizations the actor manages (administrators: all)."""
    return api_keys.rows_of_managed_organizations(actor, WebhookEndpoint)


def manages_endpoints_of(actor: Actor, org: Organization) -> bool:
    return actor.user is not None and authority.administers(actor, org)


def require_manager(actor: Actor, what: str) -> None:
    """A login acting as itself (top-level FORBIDDEN otherwise)."""
    authority.require_login(actor, what)
    authority.refuse_lasting_credentials(actor, what)


async def endpoint_for(actor: Actor, endpoint_id: UUID, field: list[str]) -> WebhookEndpoint:
    """A visible endpoint the actor manages (organization loaded); NOT_FOUND when it is
    not visible, exactly as for an id that never existed; FORBIDDEN when it is visible
    but not the actor's to manage."""
    endpoint = (
        await visible_endpoints(actor).filter(id=endpoint_id).select_related("organization").first()
    )
    if endpoint is None:
        raise not_found(field, "webhook endpoint")
    if not manages_endpoints_of(actor, endpoint.organization):
        raise DomainError(ErrorCode.FORBIDDEN, "You may not manage this endpoint.", field)
    return endpoint
