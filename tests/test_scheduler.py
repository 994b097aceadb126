"""The scheduler's lock (one tick at a time across processes) and the embedded scheduler
that `tenantry serve` runs without a broker. On SQLite and PostgreSQL alike."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import subprocess
from contextlib import AsyncExitStack
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from tortoise.timezone import now

from database import process_lock
from domain.jobs import purge
from models import DeletionJob, Organization
from models.enums import JobStatus, OrganizationKind, OrganizationStatus
from settings import ConfigurationError, Settings, load_settings
from tests import factories
from tests.processes import run_cli
from workers import embedded as embedded_module
from workers.embedded import embedded_scheduler, embedded_worker
from workers.scheduler import Tick, guarded_tick

# Hang guards only: nothing here asserts how fast anything is.
DEADLINE_SECONDS = 120


@pytest.fixture
def paused_sweep(monkeypatch: pytest.MonkeyPatch) -> dict[str, asyncio.Event]:
    """The first retention sweep waits, mid-tick, until the test releases it."""
    events = {"entered": asyncio.Event(), "release": asyncio.Event()}
    sweep = purge.sweep_expired

    async def paused(*args: Any, **kwargs: Any) -> list[DeletionJob]:
        if not events["entered"].is_set():
            events["entered"].set()
            await events["release"].wait()
        return await sweep(*args, **kwargs)

    monkeypatch.setattr(purge, "sweep_expired", paused)
    return events


async def test_of_two_concurrent_ticks_one_runs_and_the_other_skips(
    settings: Settings, paused_sweep: dict[str, asyncio.Event]
) -> None:
    first = asyncio.create_task(guarded_tick(settings))
    await asyncio.wait_for(paused_sweep["entered"].wait(), DEADLINE_SECONDS)

    # The first holds the lock, mid-tick.
    second = await asyncio.wait_for(guarded_tick(settings), DEADLINE_SECONDS)
    paused_sweep["release"].set()
    ran = await asyncio.wait_for(first, DEADLINE_SECONDS)
    after = await guarded_tick(settings)  # released: the next tick runs

    assert second is None
    assert isinstance(ran, Tick)
    assert isinstance(after, Tick)


async def test_the_lock_is_free_again_after_a_failed_tick(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: Any, **kwargs: Any) -> list[DeletionJob]:
        raise RuntimeError("the sweep broke")

    monkeypatch.setattr(purge, "sweep_expired", broken)
    with pytest.raises(RuntimeError, match="the sweep broke"):
        await guarded_tick(settings)
    monkeypatch.undo()

    assert isinstance(await guarded_tick(settings), Tick)


def _scheduler_once(database_url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(root)}
    env.pop("BROKER_URL", None)
    return run_cli(["scheduler", "--once"], cwd=cwd, env=env, timeout=DEADLINE_SECONDS)


async def test_a_scheduler_process_skips_its_tick_while_another_process_ticks(
    db: str, tmp_path: Path
) -> None:
    async with process_lock(db, "scheduler", wait=False) as held:
        assert held
        during = await asyncio.to_thread(_scheduler_once, db, tmp_path)
    after = await asyncio.to_thread(_scheduler_once, db, tmp_path)

    assert during.returncode == 0, during.stderr
    assert "skipped: another process is running a tick" in during.stdout
    assert after.returncode == 0, after.stderr
    assert "re-sent 0 jobs, started 0 purges" in after.stdout
    # Run without a broker, as here, it says where its jobs will wait.
    assert "warning: tenantry scheduler has no BROKER_URL" in after.stderr


async def test_the_embedded_scheduler_purges_what_is_due_and_stops_cleanly(
    settings: Settings,
) -> None:
    master = await factories.master()
    doomed = await factories.organization(
        OrganizationKind.CUSTOMER, master, name="Doomed", status=OrganizationStatus.DELETED
    )
    await Organization.filter(id=doomed.id).update(purge_after=now() - timedelta(minutes=1))
    quick = dataclasses.replace(settings, scheduler_interval_seconds=1)

    stack = AsyncExitStack()
    await stack.enter_async_context(embedded_worker())
    task = await stack.enter_async_context(embedded_scheduler(quick))
    try:
        assert task is not None
        assert task.get_name() == "tenantry-scheduler"
        deadline = asyncio.get_running_loop().time() + DEADLINE_SECONDS
        job = None
        while asyncio.get_running_loop().time() < deadline:
            job = await DeletionJob.filter(organization_name="Doomed").first()
            if job is not None and job.status == JobStatus.DONE:
                break
            await asyncio.sleep(0.1)
    finally:
        await asyncio.wait_for(stack.aclose(), DEADLINE_SECONDS)

    assert job is not None
    assert job.status == JobStatus.DONE
    assert not await Organization.filter(id=doomed.id).exists()
    assert task.done()
    assert not task.cancelled()  # it stopped when told, not cut off
    assert all(t.get_name() != "tenantry-scheduler" for t in asyncio.all_tasks())


async def test_the_embedded_scheduler_skips_ticks_while_another_process_holds_the_lock(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workers import scheduler

    results: list[Tick | None] = []
    ticked = asyncio.Event()

    async def recorded(settings: Settings) -> Tick | None:
        results.append(await guarded_tick(settings))
        ticked.set()
        return results[-1]

    monkeypatch.setattr(scheduler, "guarded_tick", recorded)
    async with process_lock(settings.database_url, "scheduler", wait=False) as held:
        assert held
        async with embedded_scheduler(settings) as task:
            await asyncio.wait_for(ticked.wait(), DEADLINE_SECONDS)

    assert results == [None]
    assert task is not None
    assert task.done()
    assert not task.cancelled()


async def test_the_setting_turns_the_embedded_scheduler_off(settings: Settings) -> None:
    off = dataclasses.replace(settings, embedded_scheduler=False)
    before = asyncio.all_tasks()

    async with embedded_scheduler(off) as task:
        started = asyncio.all_tasks() - before

    assert task is None
    assert started == set()


async def test_with_a_real_broker_the_app_runs_no_scheduler(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embedded_module, "embedded", lambda broker: False)

    async with embedded_scheduler(settings) as task:
        assert task is None


def test_embedded_scheduler_setting_is_parsed() -> None:
    assert load_settings({}).embedded_scheduler is True
    assert load_settings({"EMBEDDED_SCHEDULER": "false"}).embedded_scheduler is False
    assert load_settings({"EMBEDDED_SCHEDULER": "0"}).embedded_scheduler is False
    assert load_settings({"EMBEDDED_SCHEDULER": "True"}).embedded_scheduler is True
    with pytest.raises(ConfigurationError, match="EMBEDDED_SCHEDULER"):
        load_settings({"EMBEDDED_SCHEDULER": "sometimes"})
