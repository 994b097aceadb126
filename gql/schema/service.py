"""Services: one resource of a customer."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gql.schema.relay import Node, to_global_id
from models import Service
from models.enums import ServiceKind, ServiceStatus

strawberry.enum(ServiceStatus, description="Whether a service is enabled.")


@strawberry.type(name="Service", description="A website, database, mailbox, ... of a customer.")
class ServiceType(Node):
    kind: ServiceKind = strawberry.field(description="What kind of service it is.")
    name: str = strawberry.field(description="Its name (a domain, a database name, ...).")
    status: ServiceStatus = strawberry.field(
        description="Its own status; it is also off while its organization is not ACTIVE."
    )
    created_at: datetime = strawberry.field(description="When it was created.")

    @classmethod
    def from_model(cls, service: Service) -> ServiceType:
        return cls(
            id=to_global_id("Service", service.id),
            kind=service.kind,
            name=service.name,
            status=service.status,
            created_at=service.created_at,
        )
