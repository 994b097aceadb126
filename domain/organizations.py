"""Creating organizations with their materialized ancestry."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from tortoise.timezone import now

from models import Organization
from models.enums import OrganizationKind, OrganizationStatus


async def new_organization(
    kind: OrganizationKind,
    name: str,
    owner: Organization | None,
    *,
    status: OrganizationStatus = OrganizationStatus.ACTIVE,
    **fields: Any,
) -> Organization:
    """Insert an organization under `owner`, computing its path and depth."""
    organization_id = uuid4()
    path = (owner.path if owner else "") + organization_id.hex + "/"
    return await Organization.create(
        id=organization_id,
        kind=kind,
        name=name,
        owner=owner,
        path=path,
        depth=owner.depth + 1 if owner else 0,
        status=status,
        activated_at=now() if status == OrganizationStatus.ACTIVE else None,
        **fields,
    )
