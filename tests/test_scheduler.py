"""The scheduler's lock: one tick at a time across processes, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from database import process_lock
from domain import purge
from models import DeletionJob
from settings import Settings
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
    return subprocess.run(
        [sys.executable, "-m", "cli", "scheduler", "--once"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=DEADLINE_SECONDS,
        check=False,
    )


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
