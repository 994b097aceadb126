"""Gauges read from the database when /metrics is scraped: the jobs' rows are the truth.

The broker's own queues only hold nudges (a message per job, lost with an in-memory
queue, sent again by the scheduler), so queue backlog and age come from the rows that
drive the work: `deletion_job` for the purge queue, `outbox_email` for the email queue.
Each query uses an index; together they get SCRAPE_TIMEOUT_SECONDS, after which the
scrape answers without them and says so (`tenantry_metrics_database_up 0`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from tortoise import connections
from tortoise.functions import Count
from tortoise.timezone import now

from domain.security.counters import PREFIXES
from models import DeletionJob, LoginThrottle, OutboxEmail
from models.enums import EmailStatus, JobStatus
from models.tortoise_internals import asyncpg_pool, sqlite_connection_lock
from ops import metrics

logger = logging.getLogger("tenantry.metrics")

SCRAPE_TIMEOUT_SECONDS = 2.0
UNFINISHED_JOBS = (JobStatus.QUEUED, JobStatus.RUNNING)
# SENT emails are history and only grow: counting them would get slower every day.
COUNTED_EMAILS = (EmailStatus.PENDING, EmailStatus.FAILED)


@dataclass
class Snapshot:
    database_up: bool = False
    seconds: float = 0.0
    jobs: dict[str, int] = field(default_factory=dict)
    emails: dict[str, int] = field(default_factory=dict)
    backlog: dict[str, int] = field(default_factory=dict)
    oldest_age: dict[str, float] = field(default_factory=dict)
    blocked_addresses: int = 0


def _age(oldest: datetime | None, moment: datetime) -> float:
    return max(0.0, (moment - oldest).total_seconds()) if oldest else 0.0


async def _read(snapshot: Snapshot) -> None:
    moment = now()
    rows = await DeletionJob.annotate(n=Count("id")).group_by("status").values_list("status", "n")
    counted = {str(status): int(n) for status, n in rows}
    snapshot.jobs = {status.value: counted.get(status.value, 0) for status in JobStatus}
    emails = (
        await OutboxEmail.filter(status__in=COUNTED_EMAILS)
        .annotate(n=Count("id"))
        .group_by("status")
        .values_list("status", "n")
    )
    counted_emails = {str(status): int(n) for status, n in emails}
    snapshot.emails = {s.value: counted_emails.get(s.value, 0) for s in COUNTED_EMAILS}
    oldest_job = (
        await DeletionJob.filter(status__in=UNFINISHED_JOBS)
        .order_by("created_at")
        .first()
        .values_list("created_at", flat=True)
    )
    oldest_email = (
        await OutboxEmail.filter(status=EmailStatus.PENDING)
        .order_by("created_at")
        .first()
        .values_list("created_at", flat=True)
    )
    snapshot.backlog = {
        "purge": sum(snapshot.jobs[status.value] for status in UNFINISHED_JOBS),
        "email": snapshot.emails[EmailStatus.PENDING.value],
    }
    snapshot.oldest_age = {
        "purge": _age(oldest_job, moment),  # type: ignore[arg-type]
        "email": _age(oldest_email, moment),  # type: ignore[arg-type]
    }
    blocked = LoginThrottle.filter(blocked_until__gt=moment)
    for prefix in PREFIXES:  # unknown emails and reset counts share the table
        blocked = blocked.exclude(key__startswith=prefix)
    snapshot.blocked_addresses = await blocked.count()
    snapshot.database_up = True


async def read_snapshot() -> Snapshot:
    """The database's gauges, or a snapshot saying the database did not answer in time."""
    snapshot = Snapshot()
    started = time.perf_counter()
    try:
        await asyncio.wait_for(_read(snapshot), SCRAPE_TIMEOUT_SECONDS)
    except Exception as error:  # a timeout or a database failure: the scrape still answers
        snapshot.database_up = False
        logger.warning("metrics: database gauges unavailable: %r", error)
    snapshot.seconds = time.perf_counter() - started
    update_pool_gauges()
    return snapshot


def update_pool_gauges() -> None:
    """This process's connections, as the driver reports them.

    asyncpg (PostgreSQL): the pool's size, idle connections and maximum. SQLite: Tortoise
    keeps one connection behind a lock, so the pool is 1, in use while the lock is held.
    """
    try:
        client = connections.get("default")
    except Exception:  # Tortoise not initialised (yet, or any more)
        return
    pool = asyncpg_pool(client)
    if pool is not None:
        size, idle = pool.get_size(), pool.get_idle_size()
        metrics.pool_connections.labels(state="in_use").set(size - idle)
        metrics.pool_connections.labels(state="idle").set(idle)
        metrics.pool_max.set(pool.get_max_size())
        return
    lock = sqlite_connection_lock(client)
    if lock is not None:
        busy = 1 if lock.locked() else 0
        metrics.pool_connections.labels(state="in_use").set(busy)
        metrics.pool_connections.labels(state="idle").set(1 - busy)
        metrics.pool_max.set(1)


class SnapshotCollector(Collector):
    """Hands one scrape's snapshot to prometheus-client (whose collectors are synchronous)."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot

    def collect(self) -> Iterator[GaugeMetricFamily]:
        s = self.snapshot
        yield GaugeMetricFamily(
            "tenantry_metrics_database_up",
            "1 when the database answered this scrape's queries in time.",
            value=1 if s.database_up else 0,
        )
        yield GaugeMetricFamily(
            "tenantry_metrics_database_seconds",
            "Time this scrape's database queries took.",
            value=s.seconds,
        )
        if not s.database_up:
            return
        jobs = GaugeMetricFamily(
            "tenantry_deletion_jobs", "Deletion (purge) jobs by state.", labels=["status"]
        )
        for status, count in s.jobs.items():
            jobs.add_metric([status], count)
        yield jobs
        emails = GaugeMetricFamily(
            "tenantry_outbox_emails", "Outbox emails waiting or given up on.", labels=["status"]
        )
        for status, count in s.emails.items():
            emails.add_metric([status], count)
        yield emails
        backlog = GaugeMetricFamily(
            "tenantry_queue_backlog",
            "Unfinished jobs per queue (from their rows).",
            labels=["queue"],
        )
        age = GaugeMetricFamily(
            "tenantry_queue_oldest_age_seconds",
            "Age of the oldest unfinished job per queue (0 when none).",
            labels=["queue"],
        )
        for queue, count in s.backlog.items():
            backlog.add_metric([queue], count)
            age.add_metric([queue], s.oldest_age[queue])
        yield backlog
        yield age
        yield GaugeMetricFamily(
            "tenantry_login_throttle_blocked_addresses",
            "Client addresses the login throttle blocks right now.",
            value=s.blocked_addresses,
        )
