"""The batch reads of the per-request loaders (gql/loaders.py), as hand-written statements.

A list page asks for one relation of all its rows at once (100 keys). Through the ORM each
such read cost 3-14 ms here, most of it Tortoise's: building the statement anew (an IN
list of 100 parameters) and turning every row into a model instance (10-28 µs each). Here
each shape of statement is written once per process; the keys travel as one array
parameter; only the columns the GraphQL types read are selected; and rows become light
tuples (`UserRow`, ...) carrying the same attribute names as the models, converted by the
models' own fields, so their values are exactly what the ORM would have given.

Scoped reads apply the visibility rule's SQL form (`scope.<row>_rule(actor).sql(...)`),
never a condition of their own.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple, TypeVar
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from database import placeholder
from db_routing import read_connection
from domain import scope
from domain.actor import Actor
from domain.conditions import RowCondition
from domain.hierarchy.status import combine, severity
from models import Department, Note, Organization, Service, User
from models.enums import (
    AttachmentPolicy,
    ContactsVisibility,
    OrganizationStatus,
    Role,
    ServiceKind,
    UserStatus,
)
from models.tortoise_internals import (
    column_names,
    driver_converted_columns,
    from_row,
    model_field,
    table_name,
)

RowT = TypeVar("RowT", bound=tuple[Any, ...])
ModelT = TypeVar("ModelT", bound=Model)


class UserRow(NamedTuple):
    """What the User type reads of a login."""

    id: UUID
    email: str
    first_name: str
    last_name: str
    language: str
    status: UserStatus
    created_at: datetime
    department_id: UUID | None
    last_login_at: datetime | None
    last_login_ip: str | None
    failed_login_count: int
    bounce_processing: bool | None
    message_disclaimer: str | None
    properties: dict[str, str]


class NoteRow(NamedTuple):
    """What the Note type reads of a note."""

    id: UUID
    text: str
    created_at: datetime
    updated_at: datetime
    author_id: UUID | None


class DepartmentRow(NamedTuple):
    """What the Department type reads of a department (and its policy: organization_id)."""

    id: UUID
    organization_id: UUID
    name: str
    description: str
    primary_color: str | None
    logo_url: str | None
    footer: str
    language: str | None
    timezone: str | None
    allowed_ip_ranges: list[str]
    created_at: datetime
    images: dict[str, str] | None
    attachments_policy: AttachmentPolicy | None
    max_attachment_mb: int | None
    bounce_processing: bool | None
    message_disclaimer: str | None
    contacts_visibility: ContactsVisibility | None
    contacts_may_edit_own: bool | None
    contacts_may_share: bool | None


def _connection() -> tuple[BaseDBAsyncClient, str]:
    # Where the request reads: a query's batches read the replica its rows came from.
    connection = read_connection()
    return connection, connection.capabilities.dialect


def _keys(dialect: str, keys: Sequence[UUID]) -> Any:
    """The batch's keys as one parameter (see `_any`)."""
    if dialect == "sqlite":
        return json.dumps([str(key) for key in keys])  # UUIDs as Tortoise stores them there
    return list(keys)


def _any(column: str, placeholder: str, dialect: str) -> str:
    """`column` is one of the keys in `placeholder`: a PostgreSQL array, a SQLite JSON array."""
    if dialect == "sqlite":
        return f"{column} IN (SELECT value FROM json_each({placeholder}))"
    return f"{column} = ANY({placeholder})"


@cache
def _converters(model: type[Model], columns: tuple[str, ...], dialect: str) -> list[Any]:
    """Per column, the model field's conversion of a database value (None: the driver's
    value is already the Python one), as a queryset converts it. (`dialect` keys
    the cache: which fields the driver converts itself depends on the database.)"""
    native = driver_converted_columns(model)
    return [
        None if column in native else model_field(model, column).to_python_value
        for column in columns
    ]


def _reader(
    model: type[Model], row_type: type[RowT], dialect: str
) -> Callable[[Sequence[Any]], RowT]:
    """Builds a `row_type` from a database row whose first column is the batch's key and
    whose other columns are `row_type`'s fields, in order, as columns of `model`."""
    converters = _converters(model, row_type._fields, dialect)  # type: ignore[attr-defined]
    convert = [(i + 1, c) for i, c in enumerate(converters) if c is not None]
    make = row_type._make  # type: ignore[attr-defined]

    def read(row: Sequence[Any]) -> RowT:
        values = list(row)
        for i, to_python in convert:
            values[i] = to_python(values[i])
        del values[0]
        return make(values)  # type: ignore[no-any-return]

    return read


def _grouped(
    keys: Sequence[UUID], rows: Sequence[Any], read: Callable[[Sequence[Any]], RowT]
) -> list[list[RowT]]:
    """Rows whose first column is the key, in their order, grouped by key in `keys`' order."""
    to_key = model_field(Organization, "id").to_python_value
    groups: defaultdict[UUID, list[RowT]] = defaultdict(list)
    for row in rows:
        groups[to_key(row[0])].append(read(row))
    return [groups.get(key, []) for key in keys]


@cache
def _scoped_statement(
    dialect: str, template: str, condition: str, parameters: int, key: str
) -> str:
    """`template` with its `{where}` filled in: the rule's condition, whose parameters come
    first, and the batch's keys, the parameter after them. Written once per shape."""
    keys = _any(key, placeholder(dialect, parameters + 1), dialect)
    return template.format(where=f"WHERE ({condition}) AND {keys}")


async def _scoped(
    template: str, rule: RowCondition, alias: str, key: str, keys: Sequence[UUID]
) -> tuple[list[Any], str]:
    """The rows of the statement `template`, filtered by the visibility rule (on the table
    aliased `alias`) and by its `key` column being among `keys`; and the database's dialect."""
    connection, dialect = _connection()
    condition = rule.sql(alias, dialect)
    statement = _scoped_statement(dialect, template, condition.sql, len(condition.params), key)
    _, rows = await connection.execute_query(statement, [*condition.params, _keys(dialect, keys)])
    return list(rows), dialect


async def _per_organization(
    template: str,
    rule: RowCondition,
    alias: str,
    organization_ids: Sequence[UUID],
    model: type[Model],
    row_type: type[RowT],
) -> list[list[RowT]]:
    """The rows of `template` (its first column `alias.organization_id`) that the rule lets
    through, for the given organizations, as `row_type`s grouped in `organization_ids`'
    order."""
    key = f"{alias}.organization_id"
    rows, dialect = await _scoped(template, rule, alias, key, organization_ids)
    return _grouped(organization_ids, rows, _reader(model, row_type, dialect))


def _columns(alias: str, row_type: type[tuple[Any, ...]]) -> str:
    names = row_type._fields  # type: ignore[attr-defined]
    return ", ".join(f'{alias}."{column}"' if alias else f'"{column}"' for column in names)


_OWNER_LOGINS = (
    f"SELECT m.organization_id, {_columns('u', UserRow)} "
    'FROM membership m JOIN "user" u ON u.id = m.user_id '
    f"{{where}} AND m.role = '{Role.OWNER.value}' ORDER BY m.created_at, m.id"
)


async def owner_logins(actor: Actor, organization_ids: Sequence[UUID]) -> list[list[UserRow]]:
    """Per organization, the logins of its OWNER memberships the actor may see, oldest
    membership first."""
    rule = scope.membership_rule(actor)
    return await _per_organization(_OWNER_LOGINS, rule, "m", organization_ids, User, UserRow)


_NOTES = (
    f"SELECT n.organization_id, {_columns('n', NoteRow)} FROM note n "
    "{where} ORDER BY n.created_at DESC, n.id DESC"
)
# Only the newest of each organization's visible notes (the rule applies before ranking).
_LATEST_NOTES = (
    f"SELECT organization_id, {_columns('', NoteRow)} FROM ("
    f"SELECT n.organization_id, {_columns('n', NoteRow)}, ROW_NUMBER() OVER ("
    "PARTITION BY n.organization_id ORDER BY n.created_at DESC, n.id DESC) AS newness "
    "FROM note n {where}) ranked WHERE newness = 1"
)


async def notes(actor: Actor, organization_ids: Sequence[UUID]) -> list[list[NoteRow]]:
    """Per organization, the notes about it the actor may read, newest first."""
    rule = scope.note_rule(actor)
    return await _per_organization(_NOTES, rule, "n", organization_ids, Note, NoteRow)


async def latest_notes(actor: Actor, organization_ids: Sequence[UUID]) -> list[list[NoteRow]]:
    """Per organization, what `notes` answers first (nothing or one note), without reading
    the others: a list page shows only the latest."""
    rule = scope.note_rule(actor)
    return await _per_organization(_LATEST_NOTES, rule, "n", organization_ids, Note, NoteRow)


_DEPARTMENTS = (
    f"SELECT d.organization_id, {_columns('d', DepartmentRow)} FROM department d "
    "{where} ORDER BY d.name, d.id"
)


async def departments(actor: Actor, organization_ids: Sequence[UUID]) -> list[list[DepartmentRow]]:
    """Per organization, its departments the actor may see, by name."""
    rule = scope.department_rule(actor)
    return await _per_organization(
        _DEPARTMENTS, rule, "d", organization_ids, Department, DepartmentRow
    )


@cache
def _usage_statement(dialect: str) -> str:
    keys = _any("organization_id", placeholder(dialect, 1), dialect)
    return (
        f"SELECT organization_id, kind, COUNT(id) FROM service WHERE {keys} "
        "GROUP BY organization_id, kind"
    )


async def usage(organization_ids: Sequence[UUID]) -> list[dict[ServiceKind, int]]:
    """Per organization, how many services of each kind it has (kinds it has none of are
    left out). Unscoped: the organizations are the ones the caller was allowed to see."""
    connection, dialect = _connection()
    _, rows = await connection.execute_query(
        _usage_statement(dialect), [_keys(dialect, organization_ids)]
    )
    to_id = model_field(Service, "organization_id").to_python_value
    counts: defaultdict[UUID, dict[ServiceKind, int]] = defaultdict(dict)
    for organization_id, kind, count in rows:
        counts[to_id(organization_id)][ServiceKind(kind)] = count
    return [counts.get(i, {}) for i in organization_ids]


@cache
def _statuses_statement(dialect: str) -> str:
    keys = _any("id", placeholder(dialect, 1), dialect)
    return f"SELECT id, status FROM organization WHERE {keys}"


def _parts(path: str) -> list[str]:
    return [part for part in path.split("/") if part]


async def effective_statuses(
    paths: Sequence[str], known: Mapping[str, OrganizationStatus] | None = None
) -> list[OrganizationStatus]:
    """Per organization path, the status it has in effect (status.combine of every
    organization on the path), from one read of every ancestor of the batch whose status
    is not `known` (by id in hex, as paths spell it): none when all are."""
    status_of = dict(known or {})
    unknown = {part for path in paths for part in _parts(path) if part not in status_of}
    if unknown:  # each once: a page shares its owners
        connection, dialect = _connection()
        ancestors = [UUID(hex=part) for part in unknown]
        _, rows = await connection.execute_query(
            _statuses_statement(dialect), [_keys(dialect, ancestors)]
        )
        to_id = model_field(Organization, "id").to_python_value
        status_of.update((to_id(row_id).hex, OrganizationStatus(status)) for row_id, status in rows)
    return [
        combine(status_of[part] for part in _parts(path) if part in status_of) for path in paths
    ]


async def effective_statuses_of(
    viewer: Actor | None, rows: Sequence[tuple[str, OrganizationStatus]]
) -> list[OrganizationStatus]:
    """Per (path, status) of an organization row just read, its effective status. Read
    only for the organizations between the viewer's and the row: the row's own status came
    with it, and the viewer's organization and those above were ACTIVE when this request
    authenticated it (Actor.chain_active). A page of a viewer's own customers reads none."""
    known = {_parts(path)[-1]: status for path, status in rows}
    if viewer is not None and viewer.chain_active:
        known.update(dict.fromkeys(_parts(viewer.organization.path), OrganizationStatus.ACTIVE))
    return await effective_statuses([path for path, _ in rows], known)


_BLOCKING = [status for status in OrganizationStatus if severity(status)]


def _severity_case(column: str) -> str:
    """SQL for status.severity of a status column."""
    cases = " ".join(f"WHEN '{status.value}' THEN {severity(status)}" for status in _BLOCKING)
    return f"CASE {column} {cases} ELSE 0 END"


@cache
def effective_severity_sql() -> str:
    """SQL for the severity (status.severity) of the effective status of the row of the
    enclosing query on "organization": the most severe status on its path, for a filter
    in the list's own statement (listing.with_effective_status). Only the organizations
    that are not ACTIVE are read (an indexed column), each compared as a prefix of the
    row's path; a list of mostly active organizations reads few."""
    listed = ", ".join(f"'{status.value}'" for status in _BLOCKING)
    return (
        f"(SELECT COALESCE(MAX({_severity_case('a.status')}), 0) FROM organization a "
        f"WHERE a.status IN ({listed}) "
        'AND substr("organization"."path", 1, length(a.path)) = a.path)'
    )


@cache
def chain_severity_sql(alias: str, below_depth: int | None = None) -> str:
    """SQL for the severity of the effective status of one organization row (`alias` in the
    enclosing query), walking up its owners by primary key: a handful of index lookups per
    row. Both dialects run a correlated recursive query in a scalar subquery.

    With `below_depth`, the walk stops above that depth: the row's own status and its
    owners' below a viewer known to be ACTIVE with all above it (Actor.chain_active), for
    a page of that viewer's list (a direct customer's walk reads nothing more)."""
    stop = "" if below_depth is None else f" WHERE a.depth > {int(below_depth)}"
    return (
        "(WITH RECURSIVE chain(owner_id, status) AS ("
        f"SELECT {alias}.owner_id, {alias}.status "
        "UNION ALL SELECT a.owner_id, a.status FROM organization a "
        f"JOIN chain ON a.id = chain.owner_id{stop}) "
        f"SELECT MAX({_severity_case('chain.status')}) FROM chain)"
    )


@cache
def severity_below_sql(depth: int) -> str:
    """SQL for the severity of the effective status of a row of the enclosing query on
    "organization" in the list of a viewer at `depth` that is ACTIVE with all above it: a
    row right below the viewer has its own status in effect; only deeper ones walk up
    (chain_severity_sql), so a page of the viewer's own customers reads no other row."""
    own = _severity_case('"organization"."status"')
    walk = chain_severity_sql('"organization"', depth)
    return f'(CASE WHEN "organization"."depth" <= {int(depth) + 1} THEN {own} ELSE {walk} END)'


@cache
def _paths_statement(dialect: str) -> str:
    keys = _any("id", placeholder(dialect, 1), dialect)
    return f"SELECT id, path FROM organization WHERE {keys}"


async def effective_statuses_by_id(
    organization_ids: Sequence[UUID],
) -> list[OrganizationStatus | None]:
    """Per organization id, its effective status (None for an id that does not exist):
    two statements for the whole batch, its paths and then their ancestors' statuses.
    Unscoped: for the organizations of services the caller was allowed to see."""
    connection, dialect = _connection()
    _, rows = await connection.execute_query(
        _paths_statement(dialect), [_keys(dialect, organization_ids)]
    )
    to_id = model_field(Organization, "id").to_python_value
    path_of = {to_id(row_id): path for row_id, path in rows}
    known = [i for i in organization_ids if i in path_of]
    statuses = dict(zip(known, await effective_statuses([path_of[i] for i in known]), strict=True))
    return [statuses.get(i) for i in organization_ids]


@cache
def _by_id_statement(model: type[Model], dialect: str) -> tuple[list[str], str]:
    # Read once Tortoise is initialised: foreign-key columns exist only from then on.
    columns = column_names(model)
    names = ", ".join(f'"{column}"' for column in columns)
    table = table_name(model)
    keys = _any('"id"', placeholder(dialect, 1), dialect)
    return columns, f'SELECT {names} FROM "{table}" WHERE {keys}'


async def by_id(model: type[ModelT], ids: Sequence[UUID]) -> list[ModelT | None]:
    """Whole model instances by primary key (None for ids that do not exist), unscoped:
    for references from objects the caller was already allowed to see."""
    connection, dialect = _connection()
    columns, statement = _by_id_statement(model, dialect)
    _, rows = await connection.execute_query(statement, [_keys(dialect, ids)])
    found: dict[UUID, ModelT] = {}
    for row in rows:
        instance = from_row(model, dict(zip(columns, row, strict=True)))
        found[instance.pk] = instance
    return [found.get(i) for i in ids]


_ROW = "r"  # the alias of the table a visible_models statement reads


@cache
def _visible_models_statement(
    model: type[Model], dialect: str, condition: str, parameters: int, key: str, order_by: str
) -> tuple[list[str], str]:
    """The columns and the statement of `visible_models` for one shape of rule: the rule's
    parameters first, then the batch's keys. Written once per shape."""
    columns = column_names(model)
    names = ", ".join(f'{_ROW}."{column}"' for column in columns)
    keys = _any(f'{_ROW}."{key}"', placeholder(dialect, parameters + 1), dialect)
    ordering = f' ORDER BY {_ROW}."{order_by}"' if order_by else ""
    statement = (
        f'SELECT {names} FROM "{table_name(model)}" {_ROW} WHERE ({condition}) AND {keys}{ordering}'
    )
    return columns, statement


async def visible_models(
    model: type[ModelT], rule: RowCondition, key: str, keys: Sequence[UUID], order_by: str = ""
) -> list[ModelT]:
    """Whole instances of `model` that the visibility rule lets through and whose `key`
    column is among `keys` (ascending by `order_by` when given): what
    `rule.rows(model).filter(<key>__in=keys)` answers, without building that queryset's
    statement anew on every request (most of a small request's time through the ORM)."""
    connection, dialect = _connection()
    condition = rule.sql(_ROW, dialect)
    columns, statement = _visible_models_statement(
        model, dialect, condition.sql, len(condition.params), key, order_by
    )
    _, rows = await connection.execute_query(statement, [*condition.params, _keys(dialect, keys)])
    return [from_row(model, dict(zip(columns, row, strict=True))) for row in rows]
