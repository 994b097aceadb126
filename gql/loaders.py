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
from typing import Any, TypeVar
from uuid import UUID

from strawberry.dataloader import DataLoader
from tortoise.models import Model
from tortoise.queryset import QuerySet

from domain import batches, purge, scope
from domain.actor import Actor
from models import Membership, Organization, OrganizationSettings, Plan, User
from models.enums import OrganizationKind

ModelT = TypeVar("ModelT", bound=Model)
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


def resolved(pending: Awaitable[T], convert: Callable[[T], R]) -> Any:
    """`convert` of a loader's answer: a plain value when the answer is already in the
    loader's cache (a list prefetched it for its whole page), an awaitable otherwise.

    graphql-core awaits only what is awaitable, so a field of a prefetched row costs no
    coroutine, task or gather: the difference between ~4 and ~25 µs per field per row.
    """
    if isinstance(pending, asyncio.Future) and pending.done():
        return convert(pending.result())

    async def later() -> R:
        return convert(await pending)

    return later()


async def awaited(value: Any) -> Any:
    """A `Loaders.answer` as a plain value, whether it came warmed or as an awaitable."""
    return await value if inspect.isawaitable(value) else value


def _by_id(queryset: Callable[[], Awaitable[QuerySet[ModelT]]]) -> DataLoader[UUID, ModelT | None]:
    """Objects of a queryset by primary key; None for ids outside it."""

    async def load(ids: Sequence[UUID]) -> list[ModelT | None]:
        found = {row.pk: row for row in await (await queryset()).filter(id__in=list(ids))}
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load)


async def _unscoped(queryset: QuerySet[ModelT]) -> QuerySet[ModelT]:
    return queryset


def _grouped(
    queryset: Callable[[], Awaitable[QuerySet[ModelT]]], key: str
) -> DataLoader[UUID, list[ModelT]]:
    """All rows of a (scoped, ordered) queryset whose `key` is in the batch, grouped by key."""

    async def load(keys: Sequence[UUID]) -> list[list[ModelT]]:
        groups: defaultdict[Hashable, list[ModelT]] = defaultdict(list)
        for row in await (await queryset()).filter(**{f"{key}__in": list(keys)}):
            groups[getattr(row, key)].append(row)
        return [groups.get(k, []) for k in keys]

    return DataLoader(load_fn=load)


def _scoped_batch(
    viewer: Viewer, read: Callable[[Actor, Sequence[UUID]], Awaitable[list[R]]]
) -> DataLoader[UUID, R]:
    """A batch read of domain/batches.py for the request's viewer."""

    async def load(keys: Sequence[UUID]) -> list[R]:
        return await read(await viewer(), keys)

    return DataLoader(load_fn=load)


def _whole(model: type[ModelT]) -> DataLoader[UUID, ModelT | None]:
    """Whole objects by primary key, unscoped (see batches.by_id)."""

    async def load(ids: Sequence[UUID]) -> list[ModelT | None]:
        return await batches.by_id(model, ids)

    return DataLoader(load_fn=load)


async def _panel_settings(ids: Sequence[UUID]) -> list[OrganizationSettings | None]:
    found = await OrganizationSettings.filter(organization_id__in=list(ids))
    by_organization = {row.organization_id: row for row in found}
    return [by_organization.get(i) for i in ids]


_MISSING = object()


class Loaders:
    """Created per request: a loader's cache must never outlive the viewer it was built for."""

    def __init__(self, viewer: Viewer) -> None:
        # What `warm` fetched for a list's whole page, by loader name, then key.
        self._warmed: defaultdict[str, dict[Any, Any]] = defaultdict(dict)

        async def scoped(build: Callable[[Actor], QuerySet[ModelT]]) -> QuerySet[ModelT]:
            return build(await viewer())

        # Unscoped: for references from objects already known to be visible (an owner the
        # permission class allowed, a note's author, the plan an organization is on).
        self.organization_by_id = _whole(Organization)
        self.user_by_id = _whole(User)
        self.plan_by_id = _whole(Plan)
        self.effective_status_by_path = DataLoader(load_fn=batches.effective_statuses)
        # An organization's own panel settings (None: it sets none); effective settings
        # read those of a row's whole ancestry, a page's in one query.
        self.panel_settings_by_organization = DataLoader(load_fn=_panel_settings)
        # A service's organization's, for Service.effectiveStatus.
        self.effective_status_by_organization = DataLoader(load_fn=batches.effective_statuses_by_id)
        self.usage_by_organization = DataLoader(load_fn=batches.usage)
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

    async def warm(self, name: str, keys: Iterable[Any]) -> None:
        """Fetch the answers of loader `name` for `keys` it has not answered yet, with one
        call of its batch function, for `answer` to read as plain values.

        What `load_many` would do, without a future, a batch task and a gather callback
        per key: a page prefetching five loaders for 100 rows queued ~1,500 event-loop
        callbacks and ~500 futures.
        """
        warmed = self._warmed[name]
        loader: DataLoader[Any, Any] = getattr(self, name)
        missing = [
            key
            for key in dict.fromkeys(keys)
            if key not in warmed and loader.cache_map.get(key) is None
        ]
        if missing:
            warmed.update(zip(missing, await loader.load_fn(missing), strict=True))

    def answer(self, name: str, key: Any, convert: Callable[[Any], R]) -> Any:
        """`convert` of loader `name`'s answer for `key`: a plain value when `warm` fetched
        it (or the loader's cache holds it), an awaitable otherwise (see `resolved`)."""
        warmed = self._warmed.get(name)
        if warmed is not None:
            value = warmed.get(key, _MISSING)
            if isinstance(value, Exception):
                raise value  # a batch function's error for this key, as DataLoader.load would
            if value is not _MISSING:
                return convert(value)
        return resolved(getattr(self, name).load(key), convert)
