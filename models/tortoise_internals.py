"""Every use Tenantry makes of the undocumented internals of Tortoise ORM (with its query
builder, pypika-tortoise, and aerich, its migration tool), in one place.

Tortoise documents its models, querysets and `in_transaction`; what lies below (a model's
`_meta`, `_init_from_db`, the private caches of related objects, a queryset's ordering,
the statement a query builds before it runs, a client's pool and locks, the SQLite
transaction entry, aerich's step for one migration) can change in any release. The
hand-written batch reads (domain/batches.py, domain/security/session_lookup.py), the
keyset pager (gql/schema/paging.py), the pool gauges (ops/gauges.py), the SQLite engine
(sqlite_backend.py) and the migration runner (database.py) reach it only through what is
below, so an upgrade of tortoise-orm, pypika-tortoise or aerich means re-reading this
module. `WRITTEN_FOR` holds the versions it was read against;
tests/test_adapter_versions.py fails when the installed ones differ.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Collection, Mapping
from typing import Any, TypeVar

from aerich import Command
from pypika_tortoise.context import SqlContext
from pypika_tortoise.queries import QueryBuilder, Selectable
from pypika_tortoise.terms import Term
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionContext
from tortoise.backends.sqlite import client as tortoise_sqlite
from tortoise.connection import get_connections
from tortoise.exceptions import TransactionManagementError
from tortoise.expressions import Subquery
from tortoise.fields import Field
from tortoise.models import Model
from tortoise.queryset import QuerySet

WRITTEN_FOR = {"tortoise-orm": "1.1.9", "pypika-tortoise": "0.6.5", "aerich": "0.10.1"}

ModelT = TypeVar("ModelT", bound=Model)


# -- models ------------------------------------------------------------------------------


def model_field(model: type[Model], name: str) -> Field[Any]:
    """The model's field `name` (its conversions `to_python_value`, `to_db_value`)."""
    return model._meta.fields_map[name]


def field_names(model: type[Model]) -> Collection[str]:
    """The names of all the model's fields, relations and their `_id` columns included."""
    return model._meta.fields_map.keys()


def column_names(model: type[Model]) -> list[str]:
    """The model's table columns, sorted. Complete only once Tortoise is initialised:
    foreign-key columns exist from then on."""
    return sorted(model._meta.db_fields)


def attribute_names(model: type[Model]) -> Collection[str]:
    """The attribute names the model's columns are read under (`owner_id` for `owner`)."""
    return model._meta.fields_db_projection.keys()


def table_name(model: type[Model]) -> str:
    return model._meta.db_table


def driver_converted_columns(model: type[Model]) -> set[str]:
    """Columns whose driver value is already the Python value (the model converts none)."""
    return {key for key, _, _ in model._meta.db_native_fields}


def from_row(model: type[ModelT], columns: Mapping[str, Any]) -> ModelT:
    """A model instance built from a database row by column name, exactly as a queryset
    builds it."""
    return model._init_from_db(**columns)


def attach_related(instance: Model, relation: str, related: Model | None) -> None:
    """Give `instance` its related object `relation` as `select_related` does, so reading
    `instance.<relation>` makes no query."""
    object.__setattr__(instance, f"_{relation}", related)


# -- querysets ---------------------------------------------------------------------------


def orderings(queryset: QuerySet[Any]) -> list[tuple[str, Any]]:
    """The queryset's ORDER BY as (field or annotation name, `Order`) pairs."""
    return list(queryset._orderings)


def rows_of_ids_picked(queryset: QuerySet[Any], limit: int) -> QuerySet[Any]:
    """The queryset's first `limit` rows as the rows whose ids a subquery picks: `pk IN
    (SELECT pk ... ORDER BY ... LIMIT limit)`, with the queryset's annotations, order and
    connection but not its filters, which the subquery has already applied and need not be
    evaluated again (a search's would be)."""
    picked = queryset.limit(limit).values(queryset.model._meta.pk_attr)
    narrowed = queryset._clone()
    narrowed._q_objects = []
    return narrowed.filter(pk__in=Subquery(picked))


def annotation(queryset: QuerySet[Any], name: str) -> Any:
    """The expression the queryset annotates as `name`."""
    return queryset._annotations[name]


class _CountOf(Term):
    """`count_column`: built afresh each time it is rendered, since a CountQuery built twice
    loses its joins (it remembers them as joined)."""

    def __init__(self, queryset: QuerySet[Any]) -> None:
        super().__init__()
        self.queryset = queryset

    def _counting(self) -> QueryBuilder:
        counting = self.queryset.count()
        counting._choose_db_if_not_chosen()
        counting._make_query()
        built: QueryBuilder = counting.query
        # Grouped (for a sort key that counts), COUNT(*) OVER () answers once per group,
        # each row the number of groups: a scalar subquery may hold one row.
        return built.limit(1) if built._groupbys else built

    def get_sql(self, ctx: SqlContext) -> str:
        return self._counting().get_sql(ctx)

    def as_(self, alias: str) -> Selectable:  # type: ignore[override]
        return self._counting().as_(alias)


def count_column(queryset: QuerySet[Any]) -> Term:
    """`(SELECT COUNT(*) ...)`: the statement `queryset.count()` sends (whatever the
    queryset's joins and grouping), as a term for another statement to select."""
    return _CountOf(queryset)


async def values_rows(
    queryset: QuerySet[Any], names: list[str], once: Collection[str]
) -> list[tuple[Any, ...]]:
    """`await queryset.values_list(*names)`, selecting the annotations `once` once.

    Tortoise selects each annotation a values_list names twice, under its name and its
    position; an ORDER BY may refer to the name, so only for those it does not (`once`)
    is the copy under its name left out.
    """
    query = queryset.values_list(*names)
    query._choose_db_if_not_chosen()
    query._make_query()
    query.query._selects = [term for term in query.query._selects if term.alias not in once]
    rows = await query._execute()
    assert isinstance(rows, list)  # a values_list of many rows, not `.first()`
    return rows


# -- clients -----------------------------------------------------------------------------


def asyncpg_pool(client: BaseDBAsyncClient) -> Any | None:
    """The asyncpg pool behind a PostgreSQL client; None for other clients (or no pool yet)."""
    return getattr(client, "_pool", None)


def sqlite_connection_lock(client: BaseDBAsyncClient) -> asyncio.Lock | None:
    """The lock in front of a SQLite client's single connection; None for other clients."""
    lock = getattr(client, "_lock", None)
    if lock is None or hasattr(client, "_template"):  # pooled clients have a lock too
        return None
    return lock  # type: ignore[no-any-return]


# -- the SQLite transaction entry (sqlite_backend.py says why) ---------------------------

# Rollbacks of failed BEGINs still running: the loop keeps only weak references to tasks.
_abandoning: set[asyncio.Task[None]] = set()


class _TransactionContext(tortoise_sqlite.SqliteTransactionContext):
    async def __aenter__(self) -> Any:
        # As Tortoise's, except when BEGIN fails (the write lock stayed busy past the
        # timeout) or its wait is cancelled: Tortoise's kept the connection's lock, and
        # every later query of this process waited on it forever.
        await self._trxlock.acquire()
        try:
            await self.ensure_connection()
        except BaseException:
            self._trxlock.release()
            raise
        self.token = get_connections().set(self.connection_name, self.connection)
        try:
            await self.connection.begin()
        except BaseException:
            get_connections().reset(self.token)
            abandoning = asyncio.ensure_future(self._abandon())
            _abandoning.add(abandoning)
            abandoning.add_done_callback(_abandoning.discard)
            raise
        return self.connection

    async def _abandon(self) -> None:
        """End whatever a failed BEGIN started, then free the connection. aiosqlite runs
        statements on a thread of its own, where a cancelled wait does not stop them: the
        BEGIN may still take the write lock, and nobody would end that transaction. The
        rollback queues behind it on that thread."""
        try:
            await self.connection._connection.rollback()
        finally:
            self._trxlock.release()


def _transaction_wrapper(begin_statement: str) -> type[tortoise_sqlite.SqliteTransactionWrapper]:
    class Wrapper(tortoise_sqlite.SqliteTransactionWrapper):
        async def begin(self) -> None:
            try:
                await self._connection.commit()
                await self._connection.execute(begin_statement)
            except sqlite3.OperationalError as error:
                raise TransactionManagementError(error) from error

    return Wrapper


def sqlite_client_beginning_with(begin_statement: str) -> type[tortoise_sqlite.SqliteClient]:
    """Tortoise's SQLite client whose transactions open with `begin_statement` instead of
    a plain `BEGIN`, and free the connection when that statement fails.

    (A nested block is a savepoint of the transaction already begun: Tortoise's own
    nested wrapper never begins, so it needs no change.)
    """
    wrapper = _transaction_wrapper(begin_statement)

    class Client(tortoise_sqlite.SqliteClient):
        def _in_transaction(self) -> TransactionContext:
            return _TransactionContext(wrapper(self), self._lock)

    return Client


# -- aerich ------------------------------------------------------------------------------


class ReportingCommand(Command):
    """aerich's command, telling `on_applied` of each migration as it is applied (aerich has
    no hook for it: `_upgrade` is its step for one migration)."""

    def __init__(self, *args: Any, on_applied: Callable[[str], object], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on_applied = on_applied

    async def _upgrade(self, conn: Any, version_file: str, *args: Any, **kwargs: Any) -> None:
        await super()._upgrade(conn, version_file, *args, **kwargs)
        self.on_applied(version_file)


__all__: list[str] = [
    "WRITTEN_FOR",
    "ReportingCommand",
    "annotation",
    "asyncpg_pool",
    "attach_related",
    "attribute_names",
    "column_names",
    "driver_converted_columns",
    "field_names",
    "from_row",
    "model_field",
    "orderings",
    "sqlite_client_beginning_with",
    "sqlite_connection_lock",
    "table_name",
]
