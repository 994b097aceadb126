"""Per-request DataLoaders, one per key: every relation a list touches costs one query per
request shape, never one per row.

Loaders that return objects start from the viewer's scope querysets (domain/scope.py), or
for the relations of a list page's rows (domain/batches.py), from those rules' SQL forms,
so a relation can never reach past what the viewer may see.
"""

from __future__ import annotations

import asyncio
import inspect
from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from uuid import UUID

from tortoise.models import Model
from tortoise.queryset import QuerySet

from domain import batches, scope
from domain.actor import Actor
from domain.jobs import purge
from gql.fastpath.loaders import PageLoader
from models import Membership, Organization, OrganizationSettings, Plan, User
from models.enums import OrganizationKind

ModelT = TypeVar("ModelT", bound=Model)
RowT = TypeVar("RowT")
K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")
R = TypeVar("R")
Viewer = Callable[[], Awaitable[Actor]]


async def settled(*awaitables: Awaitable[Any]) -> None:
    """Await all of them concurrently; should any fail, raise its error once all have
    finished. (A plain gather would return at the first failure and leave the others'
    queries running past the request.)"""
    for outcome in await asyncio.gather(*awaitables, return_exceptions=True):
        if isinstance(outcome, BaseException):
            raise outcome


async def awaited(value: Any) -> Any:
    """A `Loaders.answer` as a plain value, whether it came warmed or as an awaitable."""
    return await value if inspect.isawaitable(value) else value


def _by_id(queryset: Callable[[], Awaitable[QuerySet[ModelT]]]) -> PageLoader[UUID, ModelT | None]:
    """Objects of a queryset by primary key; None for ids outside it."""

    async def load(ids: Sequence[UUID]) -> list[ModelT | None]:
        found = {row.pk: row for row in await (await queryset()).filter(id__in=list(ids))}
        return [found.get(i) for i in ids]

    return PageLoader(load)


async def _unscoped(queryset: QuerySet[ModelT]) -> QuerySet[ModelT]:
    return queryset


def _grouped(
    queryset: Callable[[], Awaitable[QuerySet[ModelT]]], key: str
) -> PageLoader[UUID, list[ModelT]]:
    """All rows of a (scoped, ordered) queryset whose `key` is in the batch, grouped by key."""

    async def load(keys: Sequence[UUID]) -> list[list[ModelT]]:
        groups: defaultdict[Hashable, list[ModelT]] = defaultdict(list)
        for row in await (await queryset()).filter(**{f"{key}__in": list(keys)}):
            groups[getattr(row, key)].append(row)
        return [groups.get(k, []) for k in keys]

    return PageLoader(load)


def _scoped_batch(
    viewer: Viewer, read: Callable[[Actor, Sequence[UUID]], Awaitable[list[R]]]
) -> PageLoader[UUID, R]:
    """A batch read of domain/batches.py for the request's viewer."""

    async def load(keys: Sequence[UUID]) -> list[R]:
        return await read(await viewer(), keys)

    return PageLoader(load)


def _whole(model: type[ModelT]) -> PageLoader[UUID, ModelT | None]:
    """Whole objects by primary key, unscoped (see batches.by_id)."""

    async def load(ids: Sequence[UUID]) -> list[ModelT | None]:
        return await batches.by_id(model, ids)

    return PageLoader(load)


async def _panel_settings(ids: Sequence[UUID]) -> list[OrganizationSettings | None]:
    found = await OrganizationSettings.filter(organization_id__in=list(ids))
    by_organization = {row.organization_id: row for row in found}
    return [by_organization.get(i) for i in ids]


class Loaders:
    """Created per request: a loader's cache must never outlive the viewer it was built for.

    One attribute per relation and key, each a PageLoader (a list page can `warm` it for
    all its rows, then its rows' fields `answer` from it): a field's resolver names its
    loader, and the loader's definition here names the batch read and its SQL."""

    def __init__(self, viewer: Viewer) -> None:
        async def scoped(build: Callable[[Actor], QuerySet[ModelT]]) -> QuerySet[ModelT]:
            return build(await viewer())

        # Unscoped: for references from objects already known to be visible (an owner the
        # permission class allowed, a note's author, the plan an organization is on).
        self.organization_by_id = _whole(Organization)
        self.user_by_id = _whole(User)
        self.plan_by_id = _whole(Plan)
        self.effective_status_by_path = PageLoader(batches.effective_statuses)
        # An organization's own panel settings (None: it sets none); effective settings
        # read those of a row's whole ancestry, a page's in one query.
        self.panel_settings_by_organization = PageLoader(_panel_settings)
        # A service's organization's, for Service.effectiveStatus.
        self.effective_status_by_organization = PageLoader(batches.effective_statuses_by_id)
        self.usage_by_organization = PageLoader(batches.usage)
        # What a list page shows of its rows, by hand-written statements (batches.py) that
        # apply the scope rules' SQL forms, as light rows with the models' attribute names.
        self.owner_logins_by_organization = _scoped_batch(viewer, batches.owner_logins)
        self.notes_by_organization = _scoped_batch(viewer, batches.notes)
        # latestNote needs only this: one row per organization instead of all its notes.
        self.latest_note_by_organization = _scoped_batch(viewer, batches.latest_notes)
        self.departments_by_organization = _scoped_batch(viewer, batches.departments)
        self.customers_by_owner = _grouped(
            lambda: scoped(
                lambda a: (
                    scope.visible_organizations(a)
                    .filter(kind=OrganizationKind.CUSTOMER)
                    .order_by("name", "id")
                )
            ),
            "owner_id",
        )
        self.services_by_organization = _grouped(
            lambda: scoped(lambda a: scope.visible_services(a).order_by("kind", "name", "id")),
            "organization_id",
        )
        self.memberships_by_organization = _grouped(
            lambda: scoped(
                lambda a: (
                    scope.visible_memberships(a).select_related("user").order_by("user__email")
                )
            ),
            "organization_id",
        )
        self.deletion_jobs_by_organization = _grouped(
            lambda: scoped(lambda a: purge.visible_jobs(a).order_by("-created_at")),
            "organization_id",
        )
        self.memberships_by_user = _grouped(
            lambda: scoped(lambda a: scope.visible_memberships(a).order_by("created_at")),
            "user_id",
        )
        self.department_by_id = _by_id(lambda: scoped(scope.visible_departments))
        # Unscoped on purpose: permission classes read a visible user's memberships to decide.
        self.login_memberships_by_user = _grouped(
            lambda: _unscoped(Membership.all().select_related("organization")), "user_id"
        )


@dataclass(frozen=True)
class Relation(Generic[RowT, K, V]):
    """A relation of `RowT` rows (an organization's owner, its notes, ...) that one of the
    request's loaders answers, by the key a row gives it. A list page `warm`s it for all
    its rows at once; each row's field then takes its `answer`."""

    loader: Callable[[Loaders], PageLoader[K, V]]
    key: Callable[[RowT], K | None]

    def answer(self, loaders: Loaders, row: RowT, convert: Callable[[V], R]) -> Any:
        """`convert` of the row's answer: a plain value when its page prefetched it, else
        an awaitable."""
        return self.loader(loaders).answer(self.key(row), convert)  # type: ignore[arg-type]

    async def warm(self, loaders: Loaders, rows: Iterable[RowT]) -> None:
        """Load the answers of all `rows` (those with a key) in one batch."""
        keys = [key for key in map(self.key, rows) if key]
        await self.loader(loaders).warm(keys)
