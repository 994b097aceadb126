"""Liveness and readiness for load balancers and orchestrators.

`/livez` answers 200 while the process serves requests and touches nothing else: a
database outage must not get every API process restarted. `/readyz` (and `/healthz`, its
older name) answers 200 only when this process can do its work: the database answers, the
broker answers (when BROKER_URL is set), and every migration shipped with this release is
applied. Otherwise 503, naming the failed checks (in production without the reasons, which
only the log shows). A failed check logs one line, never a traceback: probes run every few
seconds. The checks run at most once a second, however many requests ask.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import Any

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from tortoise import connections

import database
from settings import Settings

logger = logging.getLogger("tenantry.probes")

CHECK_TIMEOUT_SECONDS = 2.0
# Probes come every few seconds; one run of the checks a second serves them all.
RESULTS_KEPT_SECONDS = 1.0
Check = Callable[[], Awaitable[None]]
OK = "ok"
FAILED = "failed"


async def livez(request: Request) -> Response:
    """200 while the process is up; no dependency is asked."""
    return JSONResponse({"status": OK})


async def check_database() -> None:
    await connections.get("default").execute_query("SELECT 1")


def shipped_migrations(database_url: str) -> set[str]:
    """The migration files this release carries for the database's kind."""
    folder = database.migrations_location(database_url) / database.APP_LABEL
    return {path.name for path in folder.glob("*.py") if path.name[:1].isdigit()}


class MigrationsCheck:
    """Every shipped migration is recorded as applied in aerich's table. Once true it stays
    true for this process (nothing un-applies a migration under a running release)."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.passed = False

    async def __call__(self) -> None:
        if self.passed:
            return
        from aerich.models import Aerich

        applied = set(await Aerich.filter(app=database.APP_LABEL).values_list("version", flat=True))
        missing = sorted(shipped_migrations(self.database_url) - applied)
        if missing:
            raise RuntimeError(f"not applied: {', '.join(missing)} (run `tenantry migrate`)")
        self.passed = True


@lru_cache(maxsize=4)
def _redis(url: str) -> Any:
    import redis

    timeout = CHECK_TIMEOUT_SECONDS
    return redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)


def _ping_broker(url: str) -> None:
    """Ask the broker for an answer on a client of our own with timeouts (the broker's own
    client has none: a hung ping would hold its thread for ever)."""
    if url.startswith(("redis://", "rediss://")):
        _redis(url).ping()
        return
    import pika

    parameters = pika.URLParameters(url)
    parameters.socket_timeout = CHECK_TIMEOUT_SECONDS
    parameters.blocked_connection_timeout = CHECK_TIMEOUT_SECONDS
    parameters.connection_attempts = 1
    pika.BlockingConnection(parameters).close()


def broker_check(url: str) -> Check:
    async def check_broker() -> None:
        await anyio.to_thread.run_sync(_ping_broker, url, abandon_on_cancel=True)

    return check_broker


def readiness_checks(settings: Settings) -> dict[str, Check]:
    checks: dict[str, Check] = {"database": check_database}
    if settings.broker_url:
        checks["broker"] = broker_check(settings.broker_url)
    checks["migrations"] = MigrationsCheck(settings.database_url)
    return checks


async def _outcome(name: str, check: Check) -> str:
    try:
        await asyncio.wait_for(check(), CHECK_TIMEOUT_SECONDS)
    except TimeoutError:
        outcome = f"no answer within {CHECK_TIMEOUT_SECONDS:g} s"
    except Exception as error:  # whatever failed, the probe answers with it
        outcome = f"{type(error).__name__}: {error}"[:300]
    else:
        return OK
    logger.warning("readiness: %s check failed: %s", name, outcome)
    return outcome


class Readiness:
    """The checks, run at most once every RESULTS_KEPT_SECONDS: requests that come meanwhile,
    or while a run is under way, get that run's results. /readyz needs no credentials, so
    without this anyone could make every request cost a database query and a broker ping
    (each on a worker thread, the pool logins hash passwords on)."""

    def __init__(self, checks: dict[str, Check]) -> None:
        self.checks = checks
        self._lock = asyncio.Lock()
        self._results: dict[str, str] = {}
        self._taken_at = -math.inf

    async def results(self) -> dict[str, str]:
        async with self._lock:
            if time.monotonic() - self._taken_at >= RESULTS_KEPT_SECONDS:
                names = list(self.checks)
                outcomes = await asyncio.gather(*(_outcome(n, self.checks[n]) for n in names))
                self._results = dict(zip(names, outcomes, strict=True))
                self._taken_at = time.monotonic()
            return self._results


def readyz_endpoint(settings: Settings) -> Callable[[Request], Awaitable[Response]]:
    readiness = Readiness(readiness_checks(settings))

    async def readyz(request: Request) -> Response:
        """200 when the database, the broker (if any) and the migrations are all right."""
        results = await readiness.results()
        failed = [name for name, outcome in results.items() if outcome != OK]
        if settings.production:
            # Why a check failed (addresses, user names, driver messages) goes to the log
            # line only: anyone may ask this path.
            results = {name: OK if name not in failed else FAILED for name in results}
        if failed:
            body = {"status": "unavailable", "failed": failed, "checks": results}
            return JSONResponse(body, status_code=503)
        return JSONResponse({"status": OK, "checks": results})

    return readyz
