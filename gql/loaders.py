"""Per-request DataLoaders, one class per key: `<Model>By<Key>Loader`."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from strawberry.dataloader import DataLoader

from domain.status import combine
from models import Organization, User
from models.enums import OrganizationStatus


async def _organizations_by_id(ids: Sequence[UUID]) -> list[Organization | None]:
    found = {org.id: org for org in await Organization.filter(id__in=list(ids))}
    return [found.get(i) for i in ids]


async def _users_by_id(ids: Sequence[UUID]) -> list[User | None]:
    found = {user.id: user for user in await User.filter(id__in=list(ids))}
    return [found.get(i) for i in ids]


async def _effective_status_by_path(paths: Sequence[str]) -> list[OrganizationStatus]:
    """Every ancestor of every organization in the batch, in one query."""
    ancestor_ids = {UUID(hex=part) for path in paths for part in path.split("/") if part}
    rows = await Organization.filter(id__in=list(ancestor_ids)).values_list("id", "status")
    status_of = {row_id.hex: OrganizationStatus(status) for row_id, status in rows}
    return [
        combine(status_of[part] for part in path.split("/") if part and part in status_of)
        for path in paths
    ]


class Loaders:
    """Created per request: a loader's cache must never outlive the viewer it was built for."""

    def __init__(self) -> None:
        self.organization_by_id = DataLoader(load_fn=_organizations_by_id)
        self.user_by_id = DataLoader(load_fn=_users_by_id)
        self.effective_status_by_path = DataLoader(load_fn=_effective_status_by_path)
