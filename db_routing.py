"""Which database a statement goes to: the primary, or a PostgreSQL read replica.

With `DATABASE_REPLICA_URLS` set, each replica is a Tortoise connection of its own
(`replica_0`, `replica_1`, ...; see `database.tortoise_config`). A GraphQL query whose
viewer wrote nothing recently reads from a healthy replica; everything else, and always
authentication and every write, goes to the primary (`default`). gql/replica_reads.py
decides per operation; this module holds the decision for the code below it:

- `reading_from(name)` routes, for the block (a context variable: the tasks it starts
  inherit it), the ORM's reads through `ReplicaRouter` and the hand-written reads that ask
  `read_connection()`; `on_primary()` undoes that for a block inside (authentication).
- Inside a transaction every statement stays on the transaction's connection: a read there
  belongs with the writes beside it.
- `Replicas` keeps, per process, each replica's health (reachable, and replaying within
  `REPLICA_MAX_LAG_SECONDS` of the primary; checked at most once a second) and the viewers
  who wrote within `REPLICA_READ_YOUR_WRITES_SECONDS` (read-your-writes). Both are in the
  memory of one process: behind a load balancer, a viewer whose next request reaches
  another process may read from a replica at once (docs/replicas.md).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.models import Model
from tortoise.queryset import QuerySet

logger = logging.getLogger("tenantry.replicas")
ModelT = TypeVar("ModelT", bound=Model)
# database.SEARCHES (database imports this module).
SEARCHES = "searches"

PRIMARY = "default"
PRIMARY_LABEL = "primary"  # the primary's name in logs and metrics
# How long a replica's health is believed before it is checked again, and how long a
# check may take (a replica slower than that to answer one SELECT is not worth reading).
CHECK_INTERVAL_SECONDS = 1.0
CHECK_TIMEOUT_SECONDS = 2.0
UNREACHABLE_RECHECK_SECONDS = 5.0


def replica_name(index: int) -> str:
    """The Tortoise connection name of the `index`-th replica URL."""
    return f"replica_{index}"


@dataclass(frozen=True)
class _Route:
    replica: str
    # The primary's client as the block began: inside `in_transaction()` Tortoise answers
    # `connections.get("default")` with the transaction's connection instead.
    primary: BaseDBAsyncClient


_route: ContextVar[_Route | None] = ContextVar("tenantry_read_route", default=None)


def _replica_for_reads() -> str | None:
    route = _route.get()
    if route is None or connections.get(PRIMARY) is not route.primary:
        return None
    return route.replica


def read_connection() -> BaseDBAsyncClient:
    """The connection a hand-written read runs on: the routed replica, else the primary
    (or the transaction in progress)."""
    connection: BaseDBAsyncClient = connections.get(_replica_for_reads() or PRIMARY)
    return connection


def reading_replica() -> str | None:
    """The replica reads are routed to here (None: the primary)."""
    return _replica_for_reads()


def planned_per_run(queryset: QuerySet[ModelT]) -> QuerySet[ModelT]:
    """`queryset` on the primary's pool whose sessions plan each statement for its own
    parameters (database.SEARCHES), where there is one (PostgreSQL) and the request reads
    from the primary; as it is otherwise (a replica keeps PostgreSQL's cached plans)."""
    if _replica_for_reads() is not None:
        return queryset
    primary = connections.get(PRIMARY)
    # Inside a transaction a read belongs on the transaction's connection.
    if primary.capabilities.dialect != "postgres" or isinstance(primary, TransactionalDBClient):
        return queryset
    return queryset.using_db(connections.get(SEARCHES))


@contextmanager
def reading_from(replica: str | None) -> Iterator[None]:
    """Route the block's reads to `replica` (None: leave them on the primary)."""
    if replica is None:
        yield
        return
    token = _route.set(_Route(replica, connections.get(PRIMARY)))
    try:
        yield
    finally:
        _route.reset(token)


@contextmanager
def on_primary() -> Iterator[None]:
    """Every statement of the block on the primary, whatever the request reads from."""
    token = _route.set(None)
    try:
        yield
    finally:
        _route.reset(token)


class ReplicaRouter:
    """Tortoise's router (`routers` in its config): reads where `reading_from` says, writes
    always on the primary. Tortoise resolves `default` in the current context, so inside a
    transaction that is the transaction's connection, as without a router."""

    def db_for_read(self, model: Any) -> str:
        return _replica_for_reads() or PRIMARY

    def db_for_write(self, model: Any) -> str:
        return PRIMARY


# How far a replica is behind, in seconds. Replaying everything it has received means it is
# in step however long ago the last transaction was (an idle primary sends none);
# otherwise its age is that of the last transaction it replayed. A server that is not a
# standby (a copy kept in step some other way) has no lag to measure.
_LAG_SQL = """
SELECT CASE
  WHEN NOT pg_is_in_recovery() THEN 0
  WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
  ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
END AS lag
"""


@dataclass
class _Health:
    next_check_at: float = float("-inf")
    healthy: bool | None = None  # None: not checked yet
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


def viewer_key(token: str | None) -> str | None:
    """What read-your-writes remembers a viewer by: a digest of the request's token (the
    session or API key), so the map holds no usable secret. None for no token."""
    return hashlib.sha256(token.encode()).hexdigest() if token else None


class Replicas:
    """One process's view of its replicas: which are healthy, and who wrote recently."""

    def __init__(
        self,
        count: int,
        *,
        max_lag_seconds: float,
        read_your_writes_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.names = [replica_name(index) for index in range(count)]
        self.max_lag_seconds = max_lag_seconds
        self.read_your_writes_seconds = read_your_writes_seconds
        self._clock = clock
        self._health = {name: _Health() for name in self.names}
        self._wrote_until: dict[str, float] = {}
        self._next = 0

    # -- read-your-writes ----------------------------------------------------------------

    def remember_write(self, key: str | None) -> None:
        """The viewer `key` wrote (or may have): its next reads go to the primary."""
        if key is None or self.read_your_writes_seconds <= 0:
            return
        now = self._clock()
        self._wrote_until[key] = now + self.read_your_writes_seconds
        if len(self._wrote_until) > 1_000 and len(self._wrote_until) % 1_000 == 0:
            self._forget_expired(now)

    def wrote_recently(self, key: str | None) -> bool:
        if key is None:
            return False
        until = self._wrote_until.get(key)
        if until is None:
            return False
        if until <= self._clock():
            self._wrote_until.pop(key, None)
            return False
        return True

    def _forget_expired(self, now: float) -> None:
        # Viewers who wrote once and never came back would otherwise stay forever.
        for key in [key for key, until in self._wrote_until.items() if until <= now]:
            del self._wrote_until[key]

    # -- health --------------------------------------------------------------------------

    async def healthy_replica(self) -> str | None:
        """A replica fit to read from, taking turns among the healthy ones; None when none
        is (the primary then answers)."""
        count = len(self.names)
        start = self._next
        self._next = (start + 1) % count
        for offset in range(count):
            name = self.names[(start + offset) % count]
            if await self._is_healthy(name):
                return name
        return None

    async def _is_healthy(self, name: str) -> bool:
        health = self._health[name]
        if self._clock() < health.next_check_at:
            return bool(health.healthy)
        if health.lock.locked() and health.healthy is not None:
            # Another request is checking it: go by what the last check said rather than
            # wait (a replica that does not answer would hold every query up to the timeout).
            return health.healthy
        async with health.lock:
            if self._clock() >= health.next_check_at:
                await self._check(name, health)
        return bool(health.healthy)

    async def _check(self, name: str, health: _Health) -> None:
        trouble, unreachable = await self._trouble(name)
        healthy = trouble is None
        # Said once per change, not once a second.
        if healthy and health.healthy is not True:
            logger.info("replica %s is in use", name)
        elif not healthy and health.healthy is not False:
            logger.warning("replica %s is skipped: %s", name, trouble)
        health.healthy = healthy
        # One that did not answer is asked again less often: each try may cost its request
        # the whole timeout.
        wait = UNREACHABLE_RECHECK_SECONDS if unreachable else CHECK_INTERVAL_SECONDS
        health.next_check_at = self._clock() + wait

    async def _trouble(self, name: str) -> tuple[str | None, bool]:
        """Why replica `name` is not fit to read from (None when it is), and whether that
        is because it did not answer."""
        try:
            lag = await asyncio.wait_for(self.lag_seconds(name), CHECK_TIMEOUT_SECONDS)
        except Exception as error:  # down, refusing, or too slow: skipped until it answers
            return f"it cannot be read ({type(error).__name__})", True
        if lag is None:
            return "it cannot say how far behind it is", False
        if lag > self.max_lag_seconds:
            return f"{lag:.1f} s behind the primary (more than {self.max_lag_seconds:g} s)", False
        return None, False

    async def lag_seconds(self, name: str) -> float | None:
        """How far replica `name` is behind the primary (None: it cannot say)."""
        rows = await connections.get(name).execute_query_dict(_LAG_SQL)
        lag = rows[0]["lag"] if rows else None
        return None if lag is None else float(lag)
