"""Services: one resource of a customer."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated
from uuid import UUID

import strawberry

from domain.provisioning import service_state
from gql.context import Context
from gql.fastpath.direct import direct
from gql.schema.enums import ServiceEffectiveStatus, ServiceKind, ServiceStatus
from gql.schema.owning_organization import organization_of
from gql.schema.relay import Node, to_global_id
from models import Service
from models.enums import OrganizationStatus

if TYPE_CHECKING:
    from gql.schema.organization import OrganizationType

Info = strawberry.Info[Context, None]


@strawberry.type(name="Service", description="A website, database, mailbox, ... of a customer.")
class ServiceType(Node):
    kind: ServiceKind = strawberry.field(description="What kind of service it is.")
    name: str = strawberry.field(description="Its name (a domain, a database name, ...).")
    domain: str | None = strawberry.field(
        description="A website's or DNS zone's domain as the platform compares it (lower "
        "case, no trailing dot, an internationalized name in its xn-- form), unique on the "
        "platform per kind; null for the other kinds."
    )
    status: ServiceStatus = strawberry.field(
        description="Its own status (see effectiveStatus for what it does now)."
    )
    created_at: datetime = strawberry.field(description="When it was created.")
    organization_pk: strawberry.Private[UUID]

    @classmethod
    def from_model(cls, service: Service) -> ServiceType:
        return cls(
            id=to_global_id("Service", service.id),
            kind=service.kind,
            name=service.name,
            domain=service.domain,
            status=service.status,
            created_at=service.created_at,
            organization_pk=service.organization_id,
        )

    @strawberry.field(
        description="What it does now: its own status as its organization's effective "
        "status allows (see ServiceEffectiveStatus). Filter lists by it to find what to "
        "switch off."
    )
    @direct
    def effective_status(self, info: Info) -> ServiceEffectiveStatus:
        return info.context.loaders.effective_status_by_organization.value_for(  # type: ignore[no-any-return]
            self.organization_pk, self._effective
        )

    def _effective(self, organization: OrganizationStatus | None) -> ServiceEffectiveStatus:
        # An organization gone meanwhile (purged) leaves nothing to keep on.
        return service_state.effective(
            self.kind, self.status, organization or OrganizationStatus.DELETED
        )

    @strawberry.field(description="The customer it belongs to.")
    @direct
    def organization(
        self, info: Info
    ) -> Annotated[OrganizationType, strawberry.lazy("gql.schema.organization")] | None:
        return organization_of(info, self.organization_pk)  # type: ignore[no-any-return]
