"""A `tenantry worker` on Redis logs, in JSON, the request id of the message it runs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from dramatiq import Message
from dramatiq.brokers.redis import RedisBroker

from models.enums import JobStatus
from tests.test_workers_real import (
    REDIS_URL,
    Workers,
    _tree,
    _wait_for,
    needs_postgres,
    workers_on_redis,
)

# Workers on the run's one Redis db, like tests/test_workers_real.py's: CI runs them in
# one process after the others (CONTRIBUTING.md).
pytestmark = pytest.mark.broker


@pytest.fixture
def json_workers(db: str, tmp_path: Path) -> Iterator[Workers]:
    # JOB_STALE_SECONDS: only our message runs the job.
    yield from workers_on_redis(db, tmp_path, LOG_FORMAT="json", JOB_STALE_SECONDS="3600")


@needs_postgres
async def test_a_worker_logs_the_request_id_its_message_carries(json_workers: Workers) -> None:
    tree = await _tree(customers=2, services=1)
    sender = RedisBroker(url=REDIS_URL)  # type: ignore[no-untyped-call]
    try:
        sender.declare_queue("purge")
        # What the API sends after a purgeOrganizations request (see ops/job_context.py).
        sender.enqueue(
            Message(
                queue_name="purge",
                actor_name="purge_organization",
                args=(str(tree["job"]),),
                kwargs={},
                options={"request_id": "req-from-the-api-7"},
            )
        )
    finally:
        # Its socket, left to the garbage collector, failed the run with a ResourceWarning
        # (the broker's close() leaves its connection pool open).
        sender.client.connection_pool.disconnect()

    json_workers.start()
    job = await _wait_for(tree["job"], lambda j: j.status == JobStatus.DONE, json_workers)
    json_workers.stop_all()

    entries = [
        json.loads(line) for line in json_workers.logs().splitlines() if line.startswith("{")
    ]
    ours = [entry for entry in entries if entry.get("request_id") == "req-from-the-api-7"]
    messages = [entry["message"] for entry in ours]
    assert job.done == job.total
    assert "job purge_organization started" in messages
    assert any(m.startswith("purge of Doomed: DONE") for m in messages), messages
    assert all(entry["level"] in ("INFO", "WARNING") for entry in ours)
