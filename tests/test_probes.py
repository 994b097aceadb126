"""/livez, /readyz and /healthz: what each checks, and how a failure is told and logged."""

from __future__ import annotations

import asyncio
import dataclasses
import logging

import pytest

from ops import probes
from settings import Settings
from tests.api import api_for
from tests.processes import free_port


async def test_livez_and_readyz_answer_ok(settings: Settings) -> None:
    async with api_for(settings) as api:
        live = await api.client.get("/livez")
        ready = await api.client.get("/readyz")
        health = await api.client.get("/healthz")

    assert live.status_code == 200
    assert live.json() == {"status": "ok"}
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}
    assert health.json() == ready.json()


async def test_an_unreachable_broker_fails_readiness_with_one_log_line(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    down = dataclasses.replace(settings, broker_url=f"redis://127.0.0.1:{free_port()}/0")
    caplog.set_level(logging.INFO, logger="tenantry.probes")

    async with api_for(down) as api:
        ready = await api.client.get("/readyz")
        live = await api.client.get("/livez")

    assert ready.status_code == 503
    body = ready.json()
    assert body["status"] == "unavailable"
    assert body["failed"] == ["broker"]
    assert body["checks"]["database"] == "ok"
    assert "ConnectionError" in body["checks"]["broker"]
    assert live.status_code == 200  # the process is fine: nothing should restart it
    [line] = [r for r in caplog.records if r.name == "tenantry.probes"]
    assert line.getMessage().startswith("readiness: broker check failed: ")
    assert line.exc_info is None  # one line, no traceback


async def test_a_missing_migration_fails_readiness(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = probes.shipped_migrations(settings.database_url)
    monkeypatch.setattr(
        probes, "shipped_migrations", lambda url: {*shipped, "99_20990101000000_future.py"}
    )

    async with api_for(settings) as api:
        ready = await api.client.get("/healthz")

    assert ready.status_code == 503
    assert ready.json()["failed"] == ["migrations"]
    assert "99_20990101000000_future.py" in ready.json()["checks"]["migrations"]


async def test_an_unreachable_database_fails_readiness_not_liveness(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from tortoise import connections

    class Unreachable:
        async def execute_query(self, *args: object) -> None:
            raise OSError("connection refused")

    real_get = connections.get
    async with api_for(settings) as api:
        monkeypatch.setattr(
            connections, "get", lambda name: Unreachable() if name == "default" else real_get(name)
        )
        ready = await api.client.get("/readyz")
        live = await api.client.get("/livez")
        monkeypatch.undo()

    assert ready.status_code == 503
    assert "database" in ready.json()["failed"]
    assert ready.json()["checks"]["database"] == "OSError: connection refused"
    assert live.status_code == 200
    lines = [r for r in caplog.records if r.name == "tenantry.probes"]
    assert all(r.exc_info is None for r in lines)


async def test_a_flood_of_probes_runs_the_checks_once_a_second(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """/readyz needs no credentials: however often it is asked, the database is asked once."""
    asked = 0

    async def counted_database_check() -> None:
        nonlocal asked
        asked += 1
        await asyncio.sleep(0.05)  # a real round trip: the flood arrives while it runs

    monkeypatch.setattr(probes, "check_database", counted_database_check)
    async with api_for(settings) as api:
        flood = await asyncio.gather(*(api.client.get("/readyz") for _ in range(20)))
        later = await api.client.get("/healthz")
        asked_within_the_second = asked
        monkeypatch.setattr(probes, "RESULTS_KEPT_SECONDS", 0.0)
        await api.client.get("/readyz")

    assert [r.status_code for r in flood] == [200] * 20
    assert later.json() == flood[0].json()
    assert asked_within_the_second == 1
    assert asked == 2  # once the results are old, the next probe checks again


async def test_production_tells_which_check_failed_but_not_why(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """Anyone may ask /readyz: addresses and driver messages stay in the log."""
    port = free_port()
    down = dataclasses.replace(settings, env="production", broker_url=f"redis://127.0.0.1:{port}/0")
    caplog.set_level(logging.INFO, logger="tenantry.probes")

    async with api_for(down) as api:
        ready = await api.client.get("/readyz")

    assert ready.status_code == 503
    assert ready.json() == {
        "status": "unavailable",
        "failed": ["broker"],
        "checks": {"database": "ok", "broker": "failed", "migrations": "ok"},
    }
    [line] = [r for r in caplog.records if r.name == "tenantry.probes"]
    assert "ConnectionError" in line.getMessage()
