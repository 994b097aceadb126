"""Per-request DataLoaders, one per batch read: every relation a list touches costs one
query per request shape, never one per row.

A relation of a row type (`Relation`, `ScopedRelation`, declared beside the type in
gql/schema/) names its batch read itself: a hand-written statement of domain/batches.py,
or a scope queryset grouped by a key (`grouped`). The request's `Loaders` builds one
PageLoader per read the first time anything asks for it, so every relation and resolver
naming the same read shares the request's loader and its cache.

Reads that return objects start from the viewer's scope querysets (domain/scope.py), or
for the relations of a list page's rows (domain/batches.py), from those rules' SQL forms,
so a relation can never reach past what the viewer may see.
"""

from __future__ import annotations

import asyncio
import inspect
from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, TypeVar
from uuid import UUID

from tortoise.models import Model
from tortoise.queryset import QuerySet

from domain import batches, scope
from domain.actor import Actor
from gql.fastpath.loaders import PageLoader
from models import Department, Membership, Organization, OrganizationSettings, User
from models.enums import OrganizationStatus

ModelT = TypeVar("ModelT", bound=Model)
RowT = TypeVar("RowT")
K = TypeVar("K")
V = TypeVar("V")
R = TypeVar("R")
Viewer = Callable[[], Awaitable[Actor]]
# A batch read: the values for a batch of keys, in the keys' order (a value may be an
# exception: that key's error). A scoped one reads them for the request's viewer.
Read = Callable[[Sequence[K]], Awaitable[Sequence[V]]]
ScopedRead = Callable[[Actor, Sequence[K]], Awaitable[Sequence[V]]]
# An unscoped batch read that may take as known what authenticating the viewer already read
# (None: no viewer, or not authenticated yet): to skip reading it again, never to widen.
HintedRead = Callable[[Actor | None, Sequence[K]], Awaitable[Sequence[V]]]


async def await_all(*awaitables: Awaitable[Any]) -> None:
    """Await all of them concurrently; should any fail, raise its error once all have
    finished. (A plain gather would return at the first failure and leave the others'
    queries running past the request.)"""
    for outcome in await asyncio.gather(*awaitables, return_exceptions=True):
        if isinstance(outcome, BaseException):
            raise outcome


async def plain_value(value: Any) -> Any:
    """A `value_for` as a plain value, whether it came prefetched or as an awaitable."""
    return await value if inspect.isawaitable(value) else value


def unchanged(value: V) -> V:
    """The conversion of a `value_for` that keeps the value as it is."""
    return value


def _by_key(rows: Iterable[ModelT], key: str, keys: Sequence[Hashable]) -> list[list[ModelT]]:
    groups: defaultdict[Hashable, list[ModelT]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, key)].append(row)
    return [groups.get(k, []) for k in keys]


def grouped(rows: Callable[[Actor], QuerySet[ModelT]], key: str) -> ScopedRead[UUID, list[ModelT]]:
    """A scoped read: the rows of `rows(actor)` (a scope queryset, ordered) whose `key` is
    in the batch, grouped by key. Create it once (at import): the read is its loader's key."""

    async def read(actor: Actor, keys: Sequence[UUID]) -> list[list[ModelT]]:
        return _by_key(await rows(actor).filter(**{f"{key}__in": list(keys)}), key, keys)

    return read


@cache
def models_by_id(model: type[ModelT]) -> Read[UUID, ModelT | None]:
    """Whole objects of `model` by primary key, unscoped (see batches.by_id): for
    references from objects already known to be visible (an owner the permission class
    allowed, a note's author, the plan an organization is on). One read per model, so
    everything naming it shares the request's loader."""

    async def read(ids: Sequence[UUID]) -> list[ModelT | None]:
        return await batches.by_id(model, ids)

    return read


async def own_panel_settings(ids: Sequence[UUID]) -> list[OrganizationSettings | None]:
    """An organization's own panel settings (None: it sets none); effective settings read
    those of a row's whole ancestry, a page's in one query."""
    found = await OrganizationSettings.filter(organization_id__in=list(ids))
    by_organization = {row.organization_id: row for row in found}
    return [by_organization.get(i) for i in ids]


async def visible_departments_by_id(actor: Actor, ids: Sequence[UUID]) -> list[Department | None]:
    """Departments by id, None for those outside the viewer's scope."""
    found = {row.pk: row for row in await scope.visible_departments(actor).filter(id__in=list(ids))}
    return [found.get(i) for i in ids]


async def login_memberships(user_ids: Sequence[UUID]) -> list[list[Membership]]:
    """Every membership of each login, with its organization. Unscoped on purpose:
    permission classes read a visible user's memberships to decide."""
    rows = await Membership.filter(user_id__in=list(user_ids)).select_related("organization")
    return _by_key(rows, "user_id", user_ids)


async def visible_memberships_by_user(
    actor: Actor, user_ids: Sequence[UUID]
) -> list[list[Membership]]:
    """Each user's memberships the viewer may see, oldest first: one statement written
    once per rule shape (the scope queryset's, built anew, cost most of a `node` request)."""
    rule = scope.membership_rule(actor)
    rows = await batches.visible_models(Membership, rule, "user_id", user_ids, "created_at")
    return _by_key(rows, "user_id", user_ids)


class Loaders:
    """Created per request: a loader's cache must never outlive the viewer it was built for.

    One PageLoader per batch read (a list page can `prefetch` it for all its rows, then its
    rows' fields take their `value_for` from it), built on first use. Row relations name
    their read (`Relation`); resolvers outside lists use the typed properties below, each
    naming its read too, and share the same loaders."""

    def __init__(
        self, viewer: Viewer, known_viewer: Callable[[], Actor | None] = lambda: None
    ) -> None:
        self._viewer = viewer
        self._known_viewer = known_viewer
        # The read function itself is the key: whoever names the same read, shares.
        self._by_read: dict[Callable[..., Any], PageLoader[Any, Any]] = {}

    def of(self, read: Read[K, V]) -> PageLoader[K, V]:
        """The request's loader of an unscoped batch read."""
        loader = self._by_read.get(read)
        if loader is None:
            loader = self._by_read[read] = PageLoader(read)
        return loader

    def of_scoped(self, read: ScopedRead[K, V]) -> PageLoader[K, V]:
        """The request's loader of a batch read for the viewer (authenticated only when
        its first batch runs)."""
        loader = self._by_read.get(read)
        if loader is None:
            viewer = self._viewer

            async def load(keys: list[K]) -> Sequence[V]:
                return await read(await viewer(), keys)

            loader = self._by_read[read] = PageLoader(load)
        return loader

    def of_hinted(self, read: HintedRead[K, V]) -> PageLoader[K, V]:
        """The request's loader of an unscoped read hinted with the viewer, as far as
        authentication has finished when a batch runs (it never waits for it)."""
        loader = self._by_read.get(read)
        if loader is None:
            known_viewer = self._known_viewer

            async def load(keys: list[K]) -> Sequence[V]:
                return await read(known_viewer(), keys)

            loader = self._by_read[read] = PageLoader(load)
        return loader

    @property
    def organization_by_id(self) -> PageLoader[UUID, Organization | None]:
        return self.of(models_by_id(Organization))

    @property
    def user_by_id(self) -> PageLoader[UUID, User | None]:
        return self.of(models_by_id(User))

    @property
    def panel_settings_by_organization(self) -> PageLoader[UUID, OrganizationSettings | None]:
        return self.of(own_panel_settings)

    @property
    def effective_status_by_organization(self) -> PageLoader[UUID, OrganizationStatus | None]:
        """A service's organization's, for Service.effectiveStatus."""
        return self.of(batches.effective_statuses_by_id)

    @property
    def department_by_id(self) -> PageLoader[UUID, Department | None]:
        return self.of_scoped(visible_departments_by_id)

    @property
    def memberships_by_user(self) -> PageLoader[UUID, list[Membership]]:
        return self.of_scoped(visible_memberships_by_user)

    @property
    def login_memberships_by_user(self) -> PageLoader[UUID, list[Membership]]:
        return self.of(login_memberships)


class RowRelation(Generic[RowT, K, V]):
    """A relation of `RowT` rows (an organization's owner, its notes, ...) that one of the
    request's loaders holds, by the key a row gives it. A list page prefetches it for all
    its rows at once (`prefetch_page`); each row's field then takes its `value_for`."""

    key: Callable[[RowT], K | None]

    def loader(self, loaders: Loaders) -> PageLoader[K, V]:
        raise NotImplementedError

    def value_for(self, loaders: Loaders, row: RowT, convert: Callable[[V], R]) -> Any:
        """`convert` of the row's value: a plain value when its page prefetched it, else
        an awaitable."""
        return self.loader(loaders).value_for(self.key(row), convert)  # type: ignore[arg-type]

    def keys_of(self, rows: Iterable[RowT]) -> list[K]:
        """The keys of `rows` (those that have one)."""
        return [key for key in map(self.key, rows) if key]


@dataclass(frozen=True)
class Relation(RowRelation[RowT, K, V]):
    """A relation read by an unscoped batch read, e.g.
    `Relation(models_by_id(Organization), key=lambda o: o.owner_id)`."""

    read: Read[K, V]
    key: Callable[[RowT], K | None]

    def loader(self, loaders: Loaders) -> PageLoader[K, V]:
        return loaders.of(self.read)


@dataclass(frozen=True)
class HintedRelation(RowRelation[RowT, K, V]):
    """A relation read by an unscoped read hinted with the viewer (`HintedRead`), e.g.
    `HintedRelation(batches.effective_statuses_of, key=lambda o: (o.path, o.status))`."""

    read: HintedRead[K, V]
    key: Callable[[RowT], K | None]

    def loader(self, loaders: Loaders) -> PageLoader[K, V]:
        return loaders.of_hinted(self.read)


@dataclass(frozen=True)
class ScopedRelation(RowRelation[RowT, K, V]):
    """A relation read for the request's viewer, e.g.
    `ScopedRelation(batches.owner_logins, key=lambda o: o.pk)`."""

    read: ScopedRead[K, V]
    key: Callable[[RowT], K | None]

    def loader(self, loaders: Loaders) -> PageLoader[K, V]:
        return loaders.of_scoped(self.read)


async def prefetch_page(
    loaders: Loaders, relations: Iterable[RowRelation[RowT, Any, Any]], rows: Sequence[RowT]
) -> None:
    """Load every relation of `relations` for all `rows`, all in one round: one batch per
    loader, so relations naming the same read share one statement."""
    keys_by_loader: dict[int, tuple[PageLoader[Any, Any], list[Any]]] = {}
    for relation in relations:
        loader = relation.loader(loaders)
        keys_by_loader.setdefault(id(loader), (loader, []))[1].extend(relation.keys_of(rows))
    await await_all(*(loader.prefetch(keys) for loader, keys in keys_by_loader.values()))
