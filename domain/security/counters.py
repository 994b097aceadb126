"""Counters in a time window, kept in the `login_throttle` table and shared by every process.

Three kinds of key share the table, told apart by a prefix: client addresses (no prefix;
the login throttle), `login:` + a digest of an unknown email (its lockout, see
domain.security.lockout) and `reset:` + a digest of an email (reset emails sent to it). Emails are
only ever stored as HMACs under SECRET_KEY, so the table names nobody.

Every change is one atomic statement, so concurrent requests on any number of processes
(and database connections) are each counted exactly once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any, cast

from pypika_tortoise.dialects import PostgreSQLQueryBuilder
from pypika_tortoise.queries import Query, QueryBuilder, Table
from pypika_tortoise.terms import Case, ValueWrapper
from tortoise import connections
from tortoise.expressions import Q

from database import Param, query_class, render
from domain.security.tokens import hash_secret
from models import LoginThrottle
from models.tortoise_internals import model_field

LOGIN_PREFIX = "login:"
RESET_PREFIX = "reset:"
PREFIXES = (LOGIN_PREFIX, RESET_PREFIX)
NO_LIMIT = 2**31 - 1  # the column is a 32-bit integer

_TABLE = Table("login_throttle")


def _take_statement(builder: type[Query]) -> QueryBuilder:
    """Counts one more in the live window, or restarts a passed window at 1, or creates the
    row; but not while the key is blocked, nor once the live window holds `limit`. A refused
    count changes nothing and returns no row. The window's start comes back: it names the
    window, so a count given back later can only come off the window it was taken in."""
    t, one = _TABLE, ValueWrapper(1, allow_parametrize=False)
    live = t.window_start > Param("since")
    insert = (
        builder.into(t)
        .columns("key", "failures", "window_start")
        .insert(Param("key"), one, Param("moment"))
        .on_conflict("key")
        .do_update("failures", Case().when(live, t.failures + one).else_(one))
        .do_update("window_start", Case().when(live, t.window_start).else_(Param("moment")))
        .where(t.blocked_until.isnull() | (t.blocked_until <= Param("moment")))
        .where((t.window_start <= Param("since")) | (t.failures < Param("limit")))
    )
    # Typed as the PostgreSQL builder only for `returning`, which SQLite's has as well.
    return cast(PostgreSQLQueryBuilder, insert).returning("window_start")


def _give_back_statement(builder: type[Query]) -> QueryBuilder:
    t = _TABLE
    return (
        builder.update(t)
        .set(t.failures, t.failures - ValueWrapper(1, allow_parametrize=False))
        .where(t.key == Param("key"))
        .where(t.window_start == Param("window_start"))
        .where(t.failures > ValueWrapper(0, allow_parametrize=False))
    )


@cache
def _statement(
    build: Callable[[type[Query]], QueryBuilder], dialect: str
) -> tuple[str, tuple[Hashable, ...]]:
    return render(build(query_class(dialect)), dialect)


async def _run(
    build: Callable[[type[Query]], QueryBuilder], values: dict[str, Any]
) -> list[dict[str, Any]]:
    connection = connections.get("default")
    sql, keys = _statement(build, connection.capabilities.dialect)
    # A dict query: asyncpg's client would run an INSERT without fetching what it returns.
    rows: list[dict[str, Any]] = await connection.execute_query_dict(
        sql, [values[cast(str, key)] for key in keys]
    )
    return rows


@dataclass(frozen=True)
class Slot:
    """One count taken in one window of a key."""

    key: str
    window_start: Any  # exactly as the database returned it, to find the same window again


def email_key(prefix: str, normalized_email: str, secret_key: str) -> str:
    """The key of an email in a namespace: an HMAC, never the address, fitting the column."""
    return prefix + hash_secret(normalized_email, secret_key)[: 64 - len(prefix)]


def _timestamp(moment: datetime) -> Any:
    return model_field(LoginThrottle, "window_start").to_db_value(moment, LoginThrottle)


async def take(key: str, moment: datetime, window: timedelta, limit: int = NO_LIMIT) -> Slot | None:
    """Count one in the key's window of `window` (a new one when the last has passed);
    None, counting nothing, when the key is blocked or its window already holds `limit`."""
    values = {
        "key": key,
        "moment": _timestamp(moment),
        "since": _timestamp(moment - window),
        "limit": limit,
    }
    rows = await _run(_take_statement, values)
    return Slot(key, rows[0]["window_start"]) if rows else None


async def give_back(slot: Slot) -> None:
    """Uncount a slot, if its window is still the live one (a restarted window or a block
    since then has already started counting afresh)."""
    await _run(_give_back_statement, {"key": slot.key, "window_start": slot.window_start})


async def block_if_full(key: str, limit: int, moment: datetime, until: datetime) -> bool:
    """At `limit` counts, block the key until `until` and count afresh from `moment` (for
    after the block); True when this call blocked it."""
    blocked = await LoginThrottle.filter(key=key, failures__gte=limit).update(
        blocked_until=until, failures=0, window_start=moment
    )
    return bool(blocked)


async def is_blocked(key: str, moment: datetime) -> bool:
    """Whether the key is blocked at `moment` (one primary-key lookup)."""
    return await LoginThrottle.filter(key=key, blocked_until__gt=moment).exists()


async def delete_expired(key_prefix: str | None, window: timedelta, moment: datetime) -> int:
    """Delete the rows of one namespace (None: client addresses) whose window and block have
    both passed: a later count would start afresh anyway."""
    rows = LoginThrottle.filter(
        Q(blocked_until__isnull=True) | Q(blocked_until__lte=moment),
        window_start__lte=moment - window,
    )
    if key_prefix is None:
        for prefix in PREFIXES:
            rows = rows.exclude(key__startswith=prefix)
    else:
        rows = rows.filter(key__startswith=key_prefix)
    deleted: int = await rows.delete()
    return deleted
