"""Prometheus metrics kept in the process: requests, their latency, logins, the pool.

With `tenantry serve --workers N` every uvicorn process counts on its own; prometheus-client's
multiprocess mode (PROMETHEUS_MULTIPROC_DIR, set up by the CLI, see `multiprocess_dir`)
keeps the counts in files that any process adds up when scraped. Gauges that the database
knows (queues, jobs, the outbox, blocked addresses) are read at scrape time instead:
see ops/gauges.py.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import threading
from pathlib import Path

from prometheus_client import Counter, Gauge, Histogram

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

# Label values come from clients: operation names are bounded to the first this many a
# process sees (each also a valid GraphQL name of bounded length); later ones count as
# "other", so a client inventing names cannot grow the series without end.
MAX_OPERATION_NAMES = 100
OTHER = "other"
ANONYMOUS = "anonymous"
_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,63}")
_known_operations: set[str] = set()
_known_lock = threading.Lock()

# Paths we serve, by name; anything else is "other" (404s for random paths stay one series).
KNOWN_PATHS = frozenset(
    {
        *("/graphql", "/livez", "/readyz", "/healthz", "/metrics", "/dev/mail"),
        # CSV exports (gql/export.py): one series per list.
        *("/export/organizations.csv", "/export/users.csv", "/export/audit-events.csv"),
    }
)

graphql_requests = Counter(
    "tenantry_graphql_requests",
    "GraphQL operations by operation name and outcome (ok, or the first error's code).",
    ["operation", "outcome"],
)
graphql_duration = Histogram(
    "tenantry_graphql_request_duration_seconds",
    "Time to answer a GraphQL HTTP request, by operation name.",
    ["operation"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
http_requests = Counter(
    "tenantry_http_requests", "HTTP requests by path and status code.", ["path", "status"]
)
login_failures = Counter(
    "tenantry_login_failures",
    "Failed or refused logins by error code (TOO_MANY_ATTEMPTS: a throttled address).",
    ["code"],
)
throttle_blocks = Counter(
    "tenantry_login_throttle_blocks", "Client addresses blocked by the login throttle."
)
# livesum: the sum over the processes alive now (each process reports its own pool).
pool_connections = Gauge(
    "tenantry_db_pool_connections",
    "Database connections of the API processes by state (in_use, idle).",
    ["state"],
    multiprocess_mode="livesum",
)
webhook_attempts = Counter(
    "tenantry_webhook_attempts",
    "Webhook delivery attempts by outcome (success, http_status, timeout, network, refused: "
    "an address the SSRF guard refused, unsigned: a secret that does not open).",
    ["outcome"],
)
replica_reads = Counter(
    "tenantry_query_reads",
    "GraphQL queries of the API processes with read replicas, by the database they read "
    "from (primary, replica_0, replica_1, ...).",
    ["database"],
)
pool_max = Gauge(
    "tenantry_db_pool_max_connections",
    "The most connections the API processes' pools may open (SQLite: 1 each).",
    multiprocess_mode="livesum",
)


def operation_label(name: str | None) -> str:
    """The label of an operation name: itself while the process knows few, else "other"."""
    if not name:
        return ANONYMOUS
    if _NAME.fullmatch(name) is None:
        return OTHER
    with _known_lock:
        if name in _known_operations:
            return name
        if len(_known_operations) < MAX_OPERATION_NAMES:
            _known_operations.add(name)
            return name
    return OTHER


def path_label(path: str) -> str:
    return path if path in KNOWN_PATHS else OTHER


def record_login_failure(code: str) -> None:
    login_failures.labels(code=code).inc()


def record_throttle_block() -> None:
    throttle_blocks.inc()


def record_webhook_attempt(outcome: str) -> None:
    webhook_attempts.labels(outcome=outcome).inc()


def multiprocess_enabled() -> bool:
    return bool(os.environ.get(MULTIPROC_ENV))


class UnsafeMultiprocessDir(Exception):
    """PROMETHEUS_MULTIPROC_DIR is a folder other users may write into."""


def _check_private(path: Path) -> None:
    """Refuse a folder others may write into: each process opens `<kind>_<pid>.db` there by
    name, so another user could plant a file (or a link to one of ours) under a name a
    process is about to use, and have the metrics written through it or forged."""
    info = path.stat()
    foreign_owner = info.st_uid not in (os.geteuid(), 0)
    if info.st_mode & stat.S_IWOTH or foreign_owner:
        why = "is writable by every user" if info.st_mode & stat.S_IWOTH else "is another user's"
        raise UnsafeMultiprocessDir(
            f"{MULTIPROC_ENV}={path} {why}: give it a folder only this user can write to "
            "(chmod o-w), or leave it unset for a private temporary one"
        )


def fresh_multiprocess_dir() -> Path:
    """Set PROMETHEUS_MULTIPROC_DIR for this process and the ones it starts, before any
    metric exists: the operator's folder (private to this user) emptied of old files, or a
    new temporary one.

    Files left by an earlier run would add yesterday's counts to today's.
    """
    configured = os.environ.get(MULTIPROC_ENV)
    if configured:
        path = Path(configured)
        path.mkdir(parents=True, exist_ok=True)
        _check_private(path)
        for stale in path.glob("*.db"):
            stale.unlink()
    else:
        path = Path(tempfile.mkdtemp(prefix="tenantry-metrics-"))
        os.environ[MULTIPROC_ENV] = str(path)
    return path


def remove_multiprocess_dir(path: Path, *, created: bool) -> None:
    if created:
        shutil.rmtree(path, ignore_errors=True)


def mark_process_dead(pid: int | None = None) -> None:
    """At a process's shutdown: its live gauges stop counting (counters stay). `pid`: another
    process that has ended (the serve supervisor's worker that was killed), this one if None."""
    if multiprocess_enabled():
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid or os.getpid())  # type: ignore[no-untyped-call]
