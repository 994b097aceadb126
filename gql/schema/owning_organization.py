"""The `organization` field of rows that belong to one (services, webhook endpoints):
answered from the request's organization loader, batched with the rest of the page."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import strawberry

from gql.context import Context

Info = strawberry.Info[Context, None]


def organization_of(info: Info, organization_pk: UUID) -> Any:
    """The OrganizationType of `organization_pk`, or None when it is gone (purged)."""
    return info.context.loaders.organization_by_id.value_for(organization_pk, _as_type)


def _as_type(organization: Any) -> Any:
    from gql.schema.organization import OrganizationType

    return OrganizationType.from_model(organization) if organization else None
