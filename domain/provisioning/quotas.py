"""Hierarchical quotas: a plan bounds the whole subtree of the organization on it.

As with cgroups or ZFS quotas, a plan's quota counts every service anywhere below the
organization on that plan, and a service kind is allowed only where every plan on the
ancestor path enables it. A customer is bounded by its own plan and by the plan of every
reseller above it; one without a plan is bounded by those alone, never unlimited. Plans may
promise more than their seller has (overselling): what can never pass a quota is usage.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass, fields
from typing import Any
from uuid import UUID

from pypika_tortoise.functions import Coalesce, Count, Sum
from pypika_tortoise.queries import Query, QueryBuilder, Table
from pypika_tortoise.terms import Case, Criterion, Star, ValueWrapper

from database import Param, placeholder, query_class, render
from db_routing import read_connection
from domain.actor import Actor
from domain.conditions import InSubtree, subtree_bounds
from domain.errors import DomainError, ErrorCode
from models import Organization, Plan, Service
from models.enums import OrganizationKind, ServiceKind
from models.tortoise_internals import model_field

QUOTA_COLUMN = {
    ServiceKind.WEBSITE: "website_quota",
    ServiceKind.DATABASE: "database_quota",
    ServiceKind.MAILBOX: "mailbox_quota",
    ServiceKind.FTP_ACCOUNT: "ftp_account_quota",
    ServiceKind.DNS_ZONE: "dns_zone_quota",
    ServiceKind.BACKUP: "backup_quota",
}
_COLUMNS = (*QUOTA_COLUMN.values(), "disk_quota_mb")


@dataclass(frozen=True)
class Quotas:
    """Limits per kind and disk space; None means unlimited."""

    websites: int | None = None
    databases: int | None = None
    mailboxes: int | None = None
    ftp_accounts: int | None = None
    dns_zones: int | None = None
    backups: int | None = None
    disk_mb: int | None = None

    def columns(self) -> dict[str, int | None]:
        """The plan columns these values go in."""
        return dict(zip(_COLUMNS, (getattr(self, f.name) for f in fields(self)), strict=True))

    @classmethod
    def of(cls, plan: Plan | None) -> Quotas:
        """A plan's quotas; no plan: unlimited."""
        if plan is None:
            return cls()
        return cls(*(getattr(plan, column) for column in _COLUMNS))

    def capped(self, other: Quotas) -> Quotas:
        """The smaller of each pair (unlimited is larger than anything)."""
        values = [
            b if a is None else a if b is None else min(a, b)
            for a, b in zip(self.columns().values(), other.columns().values(), strict=True)
        ]
        return Quotas(*values)


# The quota columns by the name of their Quotas field ("websites" -> "website_quota").
COLUMN_OF = dict(zip((f.name for f in fields(Quotas)), _COLUMNS, strict=True))

ALL_KINDS = frozenset(ServiceKind)


def with_overrides(plan: Plan, overrides: Mapping[str, int | None]) -> Plan:
    """The plan with these values (by plan column) replacing its own: an unsaved copy when
    there are any, never saved."""
    replaced = {column: value for column, value in overrides.items() if column in _COLUMNS}
    if not replaced:
        return plan
    bound = copy(plan)
    for column, value in replaced.items():
        setattr(bound, column, value)
    return bound


def effective_plan(organization: Organization, plan: Plan) -> Plan:
    """The plan as it binds this organization: its quota overrides (WHM's editquota)
    replace the plan's values."""
    return with_overrides(plan, organization.quota_overrides or {})


def effective_quotas(organization: Organization, plan: Plan | None) -> Quotas:
    """The organization's own limits: its plan's, its overrides replacing them."""
    return Quotas.of(None if plan is None else effective_plan(organization, plan))


@dataclass(frozen=True)
class Bound:
    """What the plans on an ancestor path allow together: the smallest quota of each kind
    and the kinds all of them enable."""

    quotas: Quotas = Quotas()
    kinds: frozenset[ServiceKind] = ALL_KINDS

    def within(self, plan: Plan) -> Bound:
        """This bound, further limited by `plan`."""
        kinds = self.kinds & {ServiceKind(k) for k in plan.enabled_kinds}
        return Bound(self.quotas.capped(Quotas.of(plan)), kinds)


def kinds_of(plan: Plan | None) -> frozenset[ServiceKind]:
    """The kinds a plan enables; no plan: every kind (its owner chain decides)."""
    return ALL_KINDS if plan is None else frozenset(ServiceKind(k) for k in plan.enabled_kinds)


def _ancestor_ids(organization: Organization) -> list[UUID]:
    return [UUID(part) for part in organization.ancestor_ids]


async def chain(organization: Organization) -> list[Organization]:
    """The organization and its ancestors, root first (one query by primary key)."""
    found = Organization.filter(id__in=_ancestor_ids(organization)).order_by("depth")
    return list(await found)


async def lock_organizations(ids: Sequence[UUID]) -> list[Organization]:
    """These organizations (the Master left out), their rows locked until the transaction
    ends, as they are now: ordered by depth, then id.

    PostgreSQL: one SELECT ... FOR UPDATE, which locks rows in that order (SQLite's
    transactions hold the write lock from BEGIN, which serialises them already). Every
    writer that counts against a quota locks its rows this way, in one statement, so
    writers under one reseller queue on its row and no two wait on each other crosswise.
    The Master never has a plan; locking its row would queue every service of the platform
    behind one lock.
    """
    found = (
        Organization.select_for_update()
        .filter(id__in=list(ids), depth__gte=1)
        .order_by("depth", "id")
    )
    return list(await found)


async def lock_chain(organization: Organization) -> list[Organization]:
    """The organization and its ancestors below the Master, root first, locked (see
    lock_organizations)."""
    return await lock_organizations(_ancestor_ids(organization))


async def with_plans(organizations: Sequence[Organization]) -> list[tuple[Organization, Plan]]:
    """The organizations that have a plan, each with it as it binds them (their quota
    overrides applied, see effective_plan), in the given order."""
    ids = [o.plan_id for o in organizations if o.plan_id]
    plans = {p.id: p for p in await Plan.filter(id__in=ids)} if ids else {}
    return [(o, effective_plan(o, plans[o.plan_id])) for o in organizations if o.plan_id in plans]


async def bound_of(organization: Organization) -> Bound:
    """What the plans of the organization and of its owner chain allow together."""
    bound = Bound()
    for _, plan in await with_plans(await chain(organization)):
        bound = bound.within(plan)
    return bound


_SERVICE, _ORGANIZATION = Table("service").as_("s"), Table("organization").as_("o")


def _services_with_organizations(builder: type[Query]) -> QueryBuilder:
    """FROM service s JOIN organization o (the service's organization)."""
    s, o = _SERVICE, _ORGANIZATION
    return builder.from_(s).join(o).on(o.id == s.organization_id)


def _literal(value: int) -> ValueWrapper:
    return ValueWrapper(value, allow_parametrize=False)


async def _rows(statement: Callable[[type[Query]], QueryBuilder]) -> list[Any]:
    """The rows of a statement built for the database in use, whose Params are keyed by
    their own values (it is built anew each time)."""
    connection = read_connection()
    dialect = connection.capabilities.dialect
    sql, values = render(statement(query_class(dialect)), dialect)
    _, rows = await connection.execute_query(sql, list(values))
    return list(rows)


def _subtree(path: str) -> Criterion:
    """The organizations o of the subtree at `path` (the scope's rule, InSubtree)."""
    low, high = subtree_bounds(path)
    return InSubtree("path", Param(low), Param(high)).criterion(_ORGANIZATION)


async def subtree_usage(paths: Sequence[str], kind: ServiceKind) -> list[int]:
    """How many services of `kind` each subtree holds, for nested paths (root first).

    One statement: the outermost subtree is a range on the indexed `path`, and each inner
    one is summed over the same rows by its own range; no walk of the tree.
    """
    if not paths:
        return []

    def statement(builder: type[Query]) -> QueryBuilder:
        sums = [
            Coalesce(
                Sum(Case().when(_subtree(path), _literal(1)).else_(_literal(0))),
                _literal(0),
            )
            for path in paths
        ]
        return (
            _services_with_organizations(builder)
            .select(*sums)
            .where(_subtree(paths[0]) & (_SERVICE.kind == Param(kind.value)))
        )

    (row,) = await _rows(statement)
    return [int(value) for value in row]


async def customers_usage(path: str) -> dict[ServiceKind, int]:
    """The services of each kind the customers of the subtree at `path` have (one
    statement on the indexed path; kinds they have none of are left out)."""

    def statement(builder: type[Query]) -> QueryBuilder:
        s, o = _SERVICE, _ORGANIZATION
        customers = _subtree(path) & (o.kind == OrganizationKind.CUSTOMER)
        query = _services_with_organizations(builder).select(s.kind, Count(Star()))
        return query.where(customers).groupby(s.kind)

    return {ServiceKind(kind): int(count) for kind, count in await _rows(statement)}


async def usage_on_plan(plan_id: UUID) -> dict[UUID, dict[ServiceKind, int]]:
    """Per organization on the plan, the services of each kind in its whole subtree.

    One statement: each organization on the plan joins the organizations of its subtree by
    their indexed path range (subtree_bounds, written in SQL), then their services.
    """
    connection = read_connection()
    dialect = connection.capabilities.dialect
    sql = (
        "SELECT p.id, s.kind, COUNT(*) FROM organization p"
        " JOIN organization o ON o.path >= p.path"
        " AND o.path < substr(p.path, 1, length(p.path) - 1) || '0'"
        " JOIN service s ON s.organization_id = o.id"
        f" WHERE p.plan_id = {placeholder(dialect, 1)} GROUP BY p.id, s.kind"
    )
    _, rows = await connection.execute_query(sql, [str(plan_id)])
    to_id = model_field(Organization, "id").to_python_value
    usage: dict[UUID, dict[ServiceKind, int]] = {}
    for organization_id, kind, count in rows:
        usage.setdefault(to_id(organization_id), {})[ServiceKind(kind)] = int(count)
    return usage


def whose_plan(actor: Actor, organization: Organization) -> str:
    """The plan named for the actor: by its organization when the actor may see that one,
    otherwise as its provider's (a customer never learns who manages it)."""
    if actor.is_administrator or organization.path.startswith(actor.organization.path):
        return f"The plan of {organization.name}"
    return "Your provider's plan"


def label(kind: ServiceKind) -> str:
    """A kind as a plural for messages ("dns zones")."""
    return kind.lower().replace("_", " ") + "s"


async def check_room(
    actor: Actor,
    levels: Sequence[tuple[Organization, Plan]],
    adding: Mapping[ServiceKind, int],
    field: Sequence[str],
) -> None:
    """Refuse adding these services below every level (nested, root first): a kind some
    level's plan does not enable is SERVICE_NOT_ENABLED, a quota it would pass is
    QUOTA_EXCEEDED. The nearest level at fault is the one named."""
    wanted = {kind: n for kind, n in adding.items() if n > 0}
    for organization, plan in reversed(levels):
        missing = sorted(set(wanted) - kinds_of(plan))
        if missing:
            raise DomainError(
                ErrorCode.SERVICE_NOT_ENABLED,
                f"{whose_plan(actor, organization)} does not include {label(missing[0])}.",
                field,
            )
    for kind, count in sorted(wanted.items()):
        limited = [
            (organization, limit)
            for organization, plan in levels
            if (limit := getattr(plan, QUOTA_COLUMN[kind])) is not None
        ]
        used = await subtree_usage([organization.path for organization, _ in limited], kind)
        for (organization, limit), in_use in reversed(list(zip(limited, used, strict=True))):
            if in_use + count > limit:
                raise DomainError(
                    ErrorCode.QUOTA_EXCEEDED,
                    f"{whose_plan(actor, organization)} allows {limit} {label(kind)} in all;"
                    f" {in_use} are in use.",
                    field,
                )


async def own_usage(organization: Organization) -> dict[ServiceKind, int]:
    """How many services of each kind the organization itself has."""
    counts: dict[ServiceKind, int] = {}
    for service in await Service.filter(organization=organization).only("id", "kind"):
        kind = ServiceKind(service.kind)
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def shortfalls(
    usage: Mapping[ServiceKind, int], quotas: Quotas, kinds: frozenset[ServiceKind]
) -> list[str]:
    """What of `usage` a plan of these quotas and kinds would not allow, as phrases."""
    found = []
    limits = quotas.columns()
    for kind, count in sorted(usage.items()):
        limit = limits[QUOTA_COLUMN[kind]]
        if kind not in kinds:
            found.append(f"{count} {kind} (not enabled)")
        elif limit is not None and count > limit:
            found.append(f"{count} {kind} (allows {limit})")
    return found


def plan_shortfalls(usage: Mapping[ServiceKind, int], plan: Plan) -> list[str]:
    """What of `usage` the plan would not allow (see shortfalls)."""
    return shortfalls(usage, Quotas.of(plan), kinds_of(plan))


def refuse_conflicts(conflicts: Sequence[str], field: Sequence[str]) -> None:
    """QUOTA_EXCEEDED listing the conflicts a reshaping or plan change meets, if any: the
    answer a dry run previews and a real call is refused with."""
    if conflicts:
        raise DomainError(
            ErrorCode.QUOTA_EXCEEDED, "Conflicts: " + "; ".join(conflicts) + ".", field
        )
