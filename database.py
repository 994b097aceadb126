"""Tortoise configuration and migrations, and SQL written for either database kind.

aerich writes SQL for one database kind, so each kind keeps its own migrations folder
(`migrations/sqlite`, `migrations/postgres`), both generated from the same models.

Our own statements are built with pypika's query class for the database in use (`render`),
or, where pypika cannot say them, written as text naming their parameters with
`placeholder`.
"""

from __future__ import annotations

import fcntl
import shutil
import tempfile
from collections.abc import AsyncIterator, Callable, Hashable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import anyio.to_thread
from aerich import Command
from pypika_tortoise.dialects import PostgreSQLQuery, SQLLiteQuery
from pypika_tortoise.queries import Query, QueryBuilder
from pypika_tortoise.terms import Parameterizer, Term
from tortoise.backends.base.config_generator import expand_db_url

from db_routing import SEARCHES as SEARCHES
from db_routing import ReplicaRouter, replica_name
from models.tortoise_internals import ReportingCommand

APP_LABEL = "models"
MIGRATIONS_ROOT = Path(__file__).resolve().parent / "migrations"

Dialect = Literal["sqlite", "postgres"]


def dialect_of(database_url: str) -> Dialect:
    return "sqlite" if database_url.startswith("sqlite://") else "postgres"


def _connection_url(database_url: str) -> str:
    # Tortoise names the asyncpg backend "postgres"; accept the common "postgresql" spelling.
    if database_url.startswith("postgresql://"):
        return "postgres://" + database_url.removeprefix("postgresql://")
    return database_url


# Query parameters of DATABASE_URL that size Tortoise's connection pool (`?maxsize=20`);
# PostgreSQL itself would refuse them as unknown settings.
_POOL_PARAMETERS = frozenset(
    {"minsize", "maxsize", "max_queries", "max_inactive_connection_lifetime"}
)


def driver_dsn(database_url: str) -> str:
    """A PostgreSQL DATABASE_URL as asyncpg takes it for a connection of its own: the
    `postgresql://` scheme, without the pool's parameters."""
    parts = urlsplit("postgresql://" + _connection_url(database_url).removeprefix("postgres://"))
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in _POOL_PARAMETERS]
    return urlunsplit(parts._replace(query=urlencode(query)))


async def _release_without_reset(connection: Any) -> None:
    """What a pooled PostgreSQL connection is given back with: nothing sent.

    asyncpg's default reset sends `pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *;
    RESET ALL` on every release: one more round trip per statement, which doubled a page's
    (tests/test_round_trips.py). None of it has anything to undo here: the app's advisory
    locks are transaction-scoped (`pg_advisory_xact_lock`) or taken on a connection of its
    own (`process_lock`), it declares no cursors past a statement, listens on nothing, and
    never `SET`s a session setting (the session's settings are given at connect time). A
    transaction left open is still rolled back: asyncpg does that itself before it calls
    this (tests/test_round_trips.py holds it to that)."""


# The connection the customer search runs on (PostgreSQL only), whose sessions plan each
# statement for its own parameters instead of the plan PostgreSQL caches for a prepared
# statement after its fifth run ("generic": blind to the values). asyncpg prepares every
# statement and the app reuses them; planned blind to its text (a LIKE pattern) and its
# role, the search's page took 170-390 ms instead of 11 ms on the 1x bench data (no
# trigram index for an unknown pattern, no partial OWNER index for an unknown role). Only
# the search: on every connection the plan per run cost the small requests half again
# (bench/RESULTS.md, 2026-12-03). docs/search.md. Its name is db_routing.SEARCHES.
CUSTOM_PLANS = {"plan_cache_mode": "force_custom_plan"}

# Every session of the app's, on every PostgreSQL connection. No JIT compilation: the
# app's statements are short ones that PostgreSQL's cost estimate can still put over
# `jit_above_cost` once the data grows (the search page at 10x the bench data: 33 ms of
# its 90 ms compiling, bench/RESULTS.md 2026-12-04), and compiling never pays off on a
# statement that runs for milliseconds.
SESSION_SETTINGS = {"jit": "off"}


def _connection(database_url: str, server_settings: dict[str, str] | None = None) -> dict[str, Any]:
    """Tortoise's connection settings: for PostgreSQL the URL's, with the pool's release
    (`_release_without_reset`) and its sessions' settings (`SESSION_SETTINGS` and
    `server_settings`); for SQLite the URL's on our SQLite backend, whose transactions
    take the write lock as they begin."""
    expanded = expand_db_url(_connection_url(database_url))
    if dialect_of(database_url) == "postgres":
        credentials = {
            **expanded["credentials"],
            "reset": _release_without_reset,
            "server_settings": {**SESSION_SETTINGS, **(server_settings or {})},
        }
        return {**expanded, "credentials": credentials}
    return {**expanded, "engine": "sqlite_backend"}


def tortoise_config(database_url: str, replica_urls: Sequence[str] = ()) -> dict[str, Any]:
    """The Tortoise config for one database URL, with aerich's bookkeeping model included.

    Read replicas (PostgreSQL only) are connections of their own, `replica_0`, ..., which
    db_routing's router sends a request's reads to; the models' own connection stays the
    primary. On PostgreSQL the primary has a second pool, `searches`, for the customer
    search (`SEARCHES`). Tortoise connects to each on its first statement, so a replica that is down
    does not stop the process from starting.
    """
    replicas = {replica_name(index): _connection(url) for index, url in enumerate(replica_urls)}
    searches = (
        {SEARCHES: _connection(database_url, CUSTOM_PLANS)}
        if dialect_of(database_url) == "postgres"
        else {}
    )
    config: dict[str, Any] = {
        "connections": {"default": _connection(database_url), **searches, **replicas},
        "apps": {
            APP_LABEL: {
                "models": ["models", "aerich.models"],
                "default_connection": "default",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }
    if replicas:
        config["routers"] = [ReplicaRouter]
    return config


def query_class(dialect: str) -> type[Query]:
    """pypika's query builder for the database kind, the one Tortoise builds with: it
    writes that database's placeholders ($1 on PostgreSQL, ? on SQLite) and quoting."""
    return PostgreSQLQuery if dialect == "postgres" else SQLLiteQuery


@dataclass(frozen=True)
class Param:
    """A parameter of a statement built with pypika, named by `key` and given its value only
    when the statement runs: the statement's text is built once per database kind."""

    key: Hashable


class _Parameters(Parameterizer):
    # pypika takes a term given as a value (a CASE in DO UPDATE SET) for a constant: it must
    # be written out, its own values becoming parameters.
    def should_parameterize(self, value: Any) -> bool:
        return not isinstance(value, Term) and super().should_parameterize(value)


def render(statement: Term | QueryBuilder, dialect: str) -> tuple[str, tuple[Hashable, ...]]:
    """The SQL text of a pypika statement or condition for the database kind, and the keys
    of its `Param`s in the order the database takes them (a key used twice comes twice).
    Constants are written as literals (`ValueWrapper(..., allow_parametrize=False)`)."""
    parameters = _Parameters()
    context = query_class(dialect).SQL_CONTEXT.copy(with_namespace=True, parameterizer=parameters)
    text = statement.get_sql(context)
    keys = []
    for value in parameters.values:
        if not isinstance(value, Param):
            raise TypeError(f"a value of a built statement must be a Param, not {value!r}")
        keys.append(value.key)
    return text, tuple(keys)


def placeholder(dialect: str, number: int) -> str:
    """The `number`-th parameter (from 1) of a hand-written statement, as the database kind
    numbers it: `$1` on PostgreSQL, `?1` on SQLite. A statement may name one twice. (After
    SQLite's unnumbered `?`, which `render` writes, numbering continues from their count.)"""
    return f"?{number}" if dialect == "sqlite" else f"${number}"


def migrations_location(database_url: str) -> Path:
    return MIGRATIONS_ROOT / dialect_of(database_url)


class MissingMigrationsError(RuntimeError):
    """The install has no migrations for this database kind (a broken package)."""


def _require_migrations(location: Path) -> None:
    # aerich finding no migration files applies nothing and reports success: an install
    # without its migrations (a wheel built without them) would "migrate" to no tables.
    if not any((location / APP_LABEL).glob("*.py")):
        raise MissingMigrationsError(
            f"no migrations in {location / APP_LABEL}: this installation of Tenantry is "
            "incomplete (the package must ship its migrations folder)"
        )


# Any constants will do; they name Tenantry's locks among PostgreSQL advisory locks (which
# are per database) and, on SQLite, the lock file beside the database file.
LockName = Literal["migrate", "scheduler"]
_LOCK_KEYS: dict[LockName, int] = {"migrate": 0x7E4A47_0001, "scheduler": 0x7E4A47_0002}


@asynccontextmanager
async def process_lock(database_url: str, name: LockName, *, wait: bool) -> AsyncIterator[bool]:
    """A lock every process on this database sees, held for the block.

    Yields True when this block holds the lock. With `wait=False` it does not queue: it
    yields False at once when someone else holds it (the caller skips its work).

    PostgreSQL: a session advisory lock on a connection of its own, so it lasts across the
    block's transactions; closing the connection releases it, and so does a dead process.
    SQLite: an exclusive `flock` on a file beside the database file (`PATH.NAME-lock`),
    released when the file closes or the process dies. An in-memory database has no other
    process to exclude: the lock is always granted.
    """
    if dialect_of(database_url) == "postgres":
        import asyncpg

        connection = await asyncpg.connect(driver_dsn(database_url))
        try:
            if wait:
                await connection.execute("SELECT pg_advisory_lock($1)", _LOCK_KEYS[name])
                held = True
            else:
                held = await connection.fetchval(
                    "SELECT pg_try_advisory_lock($1)", _LOCK_KEYS[name]
                )
            yield bool(held)
        finally:
            await connection.close()
        return
    path = database_url.removeprefix("sqlite://").split("?")[0]
    if path in ("", ":memory:"):
        yield True
        return
    # flock locks belong to the open file: two opens exclude each other even in one process.
    with open(f"{path}.{name}-lock", "a") as lock_file:  # noqa: ASYNC230 - opening is instant
        if wait:
            await anyio.to_thread.run_sync(fcntl.flock, lock_file, fcntl.LOCK_EX)
            held = True
        else:
            try:
                fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                held = True
            except BlockingIOError:
                held = False
        try:
            yield held
        finally:
            if held:
                fcntl.flock(lock_file, fcntl.LOCK_UN)


async def migrate(
    database_url: str, on_applied: Callable[[str], object] = lambda version: None
) -> list[str]:
    """Bring the database to the current schema; returns the migrations it applied
    (`on_applied` hears of each as it is done).

    Safe to run from several processes at once. Leaves Tortoise initialised on the current
    event loop (aerich initialises it).
    """
    location = migrations_location(database_url)
    _require_migrations(location)
    command = ReportingCommand(
        on_applied=on_applied,
        tortoise_config=tortoise_config(database_url),
        app=APP_LABEL,
        location=str(location),
    )
    # aerich takes no lock, and two processes creating the same tables race into errors:
    # several `serve` processes start at once.
    async with process_lock(database_url, "migrate", wait=True):
        await command.init()
        applied: list[str] = await command.upgrade(run_in_transaction=True)
    return applied


async def make_migration(database_url: str, name: str) -> str | None:
    """Write the next migration for this database kind from the models' changes.

    Runs against a scratch database of that kind brought to the current head first, so the
    diff is exactly "models now" against "migrations so far". Returns the new file's name,
    or None when the models did not change.
    """
    from aerich.migrate import Migrate

    location = migrations_location(database_url)
    command = Command(tortoise_config(database_url), app=APP_LABEL, location=str(location))
    if not any((location / APP_LABEL).glob("*.py")):
        await command.init_db(safe=True)
        return "initial"
    await command.init()
    await command.upgrade(run_in_transaction=True)
    await command.init()  # again: aerich reads the head's model state during init
    version: str = await Migrate.migrate(name, empty=False, no_input=True)
    return version or None


async def unmigrated_changes(database_url: str) -> str | None:
    """Whether the models have changes no migration of this kind holds (a drift check).

    The database must already be at the migrations' head. aerich writes its diff into a
    scratch copy of the migrations folder, never into the real one; the diff's SQL is
    returned, or None when models and migrations agree.
    """
    from aerich.migrate import Migrate

    with tempfile.TemporaryDirectory() as scratch:
        shutil.copytree(migrations_location(database_url), scratch, dirs_exist_ok=True)
        command = Command(tortoise_config(database_url), app=APP_LABEL, location=scratch)
        await command.init()
        version: str = await Migrate.migrate("drift", empty=False, no_input=True)
        if not version:
            return None
        return (Path(scratch) / APP_LABEL / version).read_text(encoding="utf-8")


def is_transient_failure(error: BaseException) -> bool:
    """Whether `error` (or what caused it) is the database being busy or out of reach,
    rather than a fault of the request or of our code: the same request may succeed when
    tried again. Clients are told so (UNAVAILABLE) instead of INTERNAL."""
    import sqlite3

    import asyncpg.exceptions as pg
    from tortoise.exceptions import DBConnectionError

    # Failures of reaching or sharing the database, never of the statement itself: a
    # constraint or a bad column stays INTERNAL (or a userError) however often it is sent.
    transient = (
        DBConnectionError,
        pg.PostgresConnectionError,  # SQLSTATE class 08: the connection failed or was lost
        pg.DeadlockDetectedError,  # rolled back by the server to break a deadlock
        pg.SerializationError,
        pg.TooManyConnectionsError,
        pg.CannotConnectNowError,  # starting up or shutting down
        pg.AdminShutdownError,
        pg.LockNotAvailableError,
    )
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, transient):
            return True
        # SQLite has one error class for everything; SQLITE_BUSY is another connection's
        # lock held past the busy timeout (SQLITE_LOCKED, a conflict within one
        # connection, is a fault of ours).
        code = getattr(cause, "sqlite_errorcode", None)
        if (
            isinstance(cause, sqlite3.Error)
            and code is not None
            and code & 0xFF == sqlite3.SQLITE_BUSY
        ):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def is_refused_text(error: BaseException) -> bool:
    """Whether `error` (or what caused it) is PostgreSQL refusing a text value it cannot
    store (a NUL character). Inputs are checked before they get there; this is the net for
    one that was not, so the client hears it was its input (BAD_REQUEST), not INTERNAL."""
    import asyncpg.exceptions as pg

    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, pg.CharacterNotInRepertoireError):  # SQLSTATE 22021
            return True
        cause = cause.__cause__ or cause.__context__
    return False
