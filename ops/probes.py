"""Liveness and readiness for load balancers and orchestrators.

`/livez` answers 200 while the process serves requests and touches nothing else: a
database outage must not get every API process restarted. `/readyz` (and `/healthz`, its
older name) answers 200 only when this process can do its work: the database answers, the
broker answers (when BROKER_URL is set), and every migration shipped with this release is
applied. Otherwise 503, naming the failed checks. A failed check logs one line, never a
traceback: probes run every few seconds.
"""

from __future__ import annotations

import asyncio
import logging
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
Check = Callable[[], Awaitable[None]]
OK = "ok"


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


def readyz_endpoint(settings: Settings) -> Callable[[Request], Awaitable[Response]]:
    checks = readiness_checks(settings)

    async def readyz(request: Request) -> Response:
        """200 when the database, the broker (if any) and the migrations are all right."""
        names = list(checks)
        outcomes = await asyncio.gather(*(_outcome(name, checks[name]) for name in names))
        results = dict(zip(names, outcomes, strict=True))
        failed = [name for name, outcome in results.items() if outcome != OK]
        if failed:
            body = {"status": "unavailable", "failed": failed, "checks": results}
            return JSONResponse(body, status_code=503)
        return JSONResponse({"status": OK, "checks": results})

    return readyz
