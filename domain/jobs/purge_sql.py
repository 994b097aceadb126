"""The purge's phases as SQL, and deleting one batch of a phase.

SQL rather than querysets so that a batch is one `DELETE … RETURNING` round trip, instead
of a select, a delete, and the ORM's work on a thousand ids in between (on PostgreSQL, a
batch with dependents too, and the count comes back as one row, not an id per row). One
text serves both databases: its parameters are named fields (`{low}`), filled in with the
database's numbered placeholders (database.placeholder) as a statement is sent. Every
condition takes the same two parameters, the bounds of the subtree's paths (scope.subtree):
`{low}` ($1) is the subtree's path, `{high}` ($2) the first path after it. Nothing but
these constants and a batch size ever goes into the SQL text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient

from database import placeholder
from domain import scope

_SUBTREE = '"path" >= {low} AND "path" < {high}'
# With reassignCustomersTo, the subtree's customers leave it before anything is deleted;
# counting ahead of that, they are "outside" already (only customers ever move out).
_STAYING = '"path" >= {low} AND "path" < {high} AND "kind" <> \'CUSTOMER\''
_OUTSIDE = 'o."path" < {low} OR o."path" >= {high}'
_OUTSIDE_OR_LEAVING = f"{_OUTSIDE} OR o.\"kind\" = 'CUSTOMER'"


@dataclass(frozen=True)
class Phase:
    """One kind of row to remove: its table, and which of its rows are left to go."""

    name: str
    table: str
    # A condition on the table's rows, with the parameters {low} and {high} described above.
    where: str
    # (table, column): rows referencing a batch's ids, deleted (and counted) just before it.
    dependents: tuple[str, str] | None = None
    # A cheaper SELECT of the ids left, to take a batch from (an id may come twice).
    candidates: str | None = None
    # Organizations reference their owner with RESTRICT, which PostgreSQL checks row by
    # row: a batch takes one depth level at a time, deepest first.
    by_depth: bool = False


def _phases(subtree: str, outside: str) -> tuple[Phase, ...]:
    """The phases for a subtree whose organizations match `subtree` (on "path") and whose
    outside is `outside` (on an organization aliased o)."""
    subtree_ids = f'SELECT "id" FROM "organization" WHERE {subtree}'
    in_subtree = f'"organization_id" IN ({subtree_ids})'
    # Users whose every membership is inside the subtree go with it (a user with two there
    # comes twice). Taken from the subtree's memberships, each checked by index probes on
    # its user for a membership outside: a batch stops once it has enough users, and never
    # reads the memberships of the rest of the platform. (Written as a join: PostgreSQL's
    # estimate of `organization_id NOT IN (…)` made it hash every membership instead.)
    leaving_users = (
        f'SELECT m."user_id" FROM "membership" m WHERE m.{in_subtree} AND NOT EXISTS'
        ' (SELECT 1 FROM "membership" other JOIN "organization" o'
        ' ON o."id" = other."organization_id"'
        f' WHERE other."user_id" = m."user_id" AND ({outside}))'
    )
    # Bottom-up: nothing is deleted while something still points at it with RESTRICT.
    return (
        Phase("services", "service", in_subtree),
        Phase("notes", "note", f'{in_subtree} OR "author_organization_id" IN ({subtree_ids})'),
        Phase(
            "sessions",
            "session_token",
            f'"membership_id" IN (SELECT "id" FROM "membership" WHERE {in_subtree})',
        ),
        Phase("api_keys", "api_key", in_subtree),
        Phase("reset_tokens", "password_reset_token", f'"user_id" IN ({leaving_users})'),
        Phase(
            "users",
            "user",
            f'"id" IN ({leaving_users})',
            dependents=("membership", "user_id"),
            candidates=leaving_users,
        ),
        Phase("memberships", "membership", in_subtree),
        Phase("departments", "department", in_subtree),
        Phase("security_policies", "security_policy", in_subtree),
        Phase("plans", "plan", f'"owner_id" IN ({subtree_ids})'),
        # Deepest first: an owner goes only after everything it owns.
        Phase("organizations", "organization", subtree, by_depth=True),
    )


PHASES = _phases(_SUBTREE, _OUTSIDE)
# What the phases will find once the subtree's customers were handed over: for counting
# ahead of a purge with reassignCustomersTo, so that its total is what it deletes.
PHASES_WITHOUT_CUSTOMERS = _phases(_STAYING, _OUTSIDE_OR_LEAVING)


@dataclass(frozen=True)
class Progress:
    """What a step records on its job along with a batch: the deleted rows are added to
    `done`, and these fields set."""

    job_id: UUID
    phase: str
    status: str
    started_at: datetime | None
    heartbeat_at: datetime | None

    def parameters(self) -> list[Any]:
        """$3 to $7, _RECORD's fields (the batch's statement has $1 and $2)."""
        return [self.job_id, self.phase, self.status, self.started_at, self.heartbeat_at]


# Appended to a batch's WITH statement, {deleted} being its count of deleted rows (filled
# in first: the parameters' fields are doubled to outlast that).
_RECORD = (
    ', progress AS (UPDATE "deletion_job" SET "done" = "done" + {deleted}, "phase" = {{phase}},'
    ' "status" = {{status}}, "started_at" = {{started_at}}, "heartbeat_at" = {{heartbeat_at}}'
    ' WHERE "id" = {{job}})'
)


def records_progress(connection: BaseDBAsyncClient) -> bool:
    """Whether delete_batch records the progress it is given, in the batch's own statement
    (PostgreSQL). Otherwise (SQLite, which has no DELETE inside WITH) the caller saves it."""
    return connection.capabilities.dialect == "postgres"


async def count(connection: BaseDBAsyncClient, phase: Phase, path: str) -> int:
    """How many rows the phase has left in the subtree at `path`."""
    sql = f'SELECT COUNT(*) FROM "{phase.table}" WHERE {phase.where}'
    (rows,) = await _column(connection, sql, _bounds(path))
    return int(rows)


async def delete_batch(
    connection: BaseDBAsyncClient,
    phase: Phase,
    path: str,
    size: int,
    progress: Progress | None = None,
) -> int:
    """Delete up to `size` rows of what the phase has left (and their dependents).

    Returns how many rows went: 0 when nothing was left. With `progress`, on PostgreSQL
    (records_progress), the job row gets it in the same statement, even when nothing went.
    """
    bounds = _bounds(path)
    postgres = connection.capabilities.dialect == "postgres"
    if phase.dependents is None:
        # One statement: the batch is picked by row address, which needs no index lookup.
        row = "ctid" if postgres else "rowid"
        batch = _batch(phase, row, size)
        # PostgreSQL plans `IN (SELECT … LIMIT n)` in a DELETE as a hash join reading the
        # whole table; an array of addresses is a direct fetch of each.
        among = f"= ANY(ARRAY({batch}))" if postgres else f"IN ({batch})"
        return await _delete(connection, phase.table, f"{row} {among}", bounds, progress)
    if phase.candidates is not None:
        batch = f"{phase.candidates} LIMIT {int(size)}"
    else:
        batch = _batch(phase, '"id"', size)
    table, column = phase.dependents
    if postgres:
        # One statement instead of three round trips: the batch's ids are picked once (a
        # WITH query named twice is computed once) and both deletes take them from it.
        # All parts see the snapshot the statement started with, so the ids are picked
        # before any membership goes; the count comes back as one row.
        picked = 'ANY(ARRAY(SELECT "id" FROM batch))'
        sql = (
            f'WITH batch ("id") AS ({batch}),'
            f' dependents AS (DELETE FROM "{table}" WHERE "{column}" = {picked} RETURNING 1),'
            f' gone AS (DELETE FROM "{phase.table}" WHERE "id" = {picked} RETURNING 1)'
        )
        counted = "(SELECT COUNT(*) FROM dependents) + (SELECT COUNT(*) FROM gone)"
        if progress is not None:
            sql += _RECORD.format(deleted=counted)
            bounds += progress.parameters()
        (deleted,) = await _column(connection, f"{sql} SELECT {counted}", bounds)
        return int(deleted)
    # SQLite: the ids come back, and both deletes name them. The dependents go first.
    ids = list(dict.fromkeys(await _column(connection, batch, bounds)))
    if not ids:
        return 0
    dialect = connection.capabilities.dialect
    placeholders = ", ".join(placeholder(dialect, number) for number in range(1, len(ids) + 1))
    deleted = await _delete(connection, table, f'"{column}" IN ({placeholders})', ids)
    return deleted + await _delete(connection, phase.table, f'"id" IN ({placeholders})', ids)


def _batch(phase: Phase, column: str, size: int) -> str:
    """SELECT of `column` for up to `size` rows the phase has left.

    Any rows will do: ordering them would sort everything left on every step.
    """
    where = phase.where
    if phase.by_depth:
        deepest = f'SELECT MAX("depth") FROM "{phase.table}" WHERE {phase.where}'
        where = f'({where}) AND "depth" = ({deepest})'
    return f'SELECT {column} FROM "{phase.table}" WHERE {where} LIMIT {int(size)}'


async def _delete(
    connection: BaseDBAsyncClient,
    table: str,
    where: str,
    params: list[Any],
    progress: Progress | None = None,
) -> int:
    """Delete the rows of `table` that match `where`; how many went (and the progress, on
    PostgreSQL).

    Counts the RETURNING rows, not the driver's row count: the SQLite client's includes
    rows that foreign-key actions touched. PostgreSQL counts them itself and sends one row,
    not an id per deleted row.
    """
    if connection.capabilities.dialect == "postgres":
        sql = f'WITH gone AS (DELETE FROM "{table}" WHERE {where} RETURNING 1)'
        if progress is not None:
            sql += _RECORD.format(deleted="(SELECT COUNT(*) FROM gone)")
            params = params + progress.parameters()
        (deleted,) = await _column(connection, f"{sql} SELECT COUNT(*) FROM gone", params)
        return int(deleted)
    sql = f'DELETE FROM "{table}" WHERE {where} RETURNING "id"'
    return len(await connection.execute_query_dict(_sql(connection, sql), params))


async def _column(connection: BaseDBAsyncClient, sql: str, params: list[Any]) -> list[Any]:
    """The first column of every row the query returns."""
    rows = await connection.execute_query_dict(_sql(connection, sql), params)
    return [next(iter(row.values())) for row in rows]


# The named parameters of the statements above, by their position in the parameters sent.
_PARAMETERS = ("low", "high", "job", "phase", "status", "started_at", "heartbeat_at")


def _sql(connection: BaseDBAsyncClient, sql: str) -> str:
    """The statement with its named parameters written as the database numbers them."""
    dialect = connection.capabilities.dialect
    numbered = {name: placeholder(dialect, n) for n, name in enumerate(_PARAMETERS, start=1)}
    return sql.format_map(numbered)


def _bounds(path: str) -> list[Any]:
    """The parameters {low} and {high} ($1 and $2) of every phase's condition."""
    bounds = scope.subtree(path)
    return [bounds["path__gte"], bounds["path__lt"]]
