"""One log line per request, with a request id that the client may give, that comes back
in the response, and that the background jobs the request started log too."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator

import pytest

from domain.jobs import purge
from gql.schema.relay import to_global_id
from models import DeletionJob
from models.enums import OrganizationKind, OrganizationStatus
from ops import logs
from ops.job_progress import PurgeProgressLog
from settings import load_settings
from tests import factories
from tests.api import Api
from workers.broker import broker
from workers.embedded import embedded_worker

VIEWER = "query WhoAmI { viewer { role } }"
PURGE = """
mutation Purge($ids: [ID!]!) {
  purgeOrganizations(input: {ids: $ids}) { results { job { id } userErrors { code } } }
}
"""


def request_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "tenantry.request"]


async def test_a_request_logs_one_line_with_operation_viewer_and_duration(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    master = await factories.master()
    _, token = await factories.quick_member(master, "admin@example.com")
    caplog.set_level(logging.INFO)

    response = await api.client.post(
        "/graphql",
        json={"query": VIEWER},
        headers={"Authorization": f"Bearer {token}", "X-Request-ID": "lb-4711.abc"},
    )

    assert response.status_code == 200
    assert response.headers["x-request-id"] == "lb-4711.abc"
    [line] = request_lines(caplog)
    fields = line.fields  # type: ignore[attr-defined]
    assert line.request_id == "lb-4711.abc"  # type: ignore[attr-defined]
    assert fields["operation"] == "WhoAmI"
    assert fields["outcome"] == "ok"
    assert fields["organization_id"] == str(master.id)
    assert fields["status"] == 200
    assert fields["path"] == "/graphql"
    assert fields["duration_ms"] >= 0


async def test_an_anonymous_failure_logs_its_code_and_no_organization(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)

    await api.client.post("/graphql", json={"query": VIEWER})

    [line] = request_lines(caplog)
    assert line.fields["outcome"] == "UNAUTHENTICATED"  # type: ignore[attr-defined]
    assert "organization_id" not in line.fields  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "offered",
    ["x" * 129, "has space", 'quote"d', "line\nbreak", "ünïcode", ""],
)
async def test_an_unsafe_request_id_is_replaced_by_a_new_one(api: Api, offered: str) -> None:
    headers = {"X-Request-ID": offered.encode("utf-8")} if offered else {}

    response = await api.client.get("/livez", headers=headers)  # type: ignore[arg-type]

    echoed = response.headers["x-request-id"]
    assert echoed != offered
    assert len(echoed) == 32
    assert all(c in "0123456789abcdef" for c in echoed)


async def test_each_request_without_an_id_gets_its_own(api: Api) -> None:
    first = await api.client.get("/livez")
    second = await api.client.get("/livez")

    assert first.headers["x-request-id"] != second.headers["x-request-id"]


async def test_refused_bodies_and_unknown_paths_get_an_id_too(api: Api) -> None:
    too_large = await api.client.post("/graphql", content=b"x" * 30_000)
    missing = await api.client.get("/nowhere", headers={"X-Request-ID": "trace-1"})

    assert too_large.status_code == 413
    assert "x-request-id" in too_large.headers
    assert missing.status_code == 404
    assert missing.headers["x-request-id"] == "trace-1"


def test_production_logs_json_and_development_text() -> None:
    key = "k9S-w2Lq_7pZr4XvT1mBn8CyHd3FjGe6"
    assert load_settings({"TENANTRY_ENV": "production", "SECRET_KEY": key}).log_format == "json"
    assert load_settings({}).log_format == "text"
    assert load_settings({"LOG_FORMAT": "json"}).log_format == "json"
    with pytest.raises(ValueError, match="LOG_FORMAT must be json or text"):
        load_settings({"LOG_FORMAT": "yaml"})


def test_the_json_format_is_one_object_a_line_with_the_fields() -> None:
    record = logging.LogRecord("tenantry.request", logging.INFO, __file__, 1, "request", (), None)
    record.request_id = "abc"
    record.fields = {"operation": "WhoAmI", "status": 200}
    try:
        raise RuntimeError("boom\nsecond line")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()

    line = logs.JsonFormatter().format(record)
    text = logs.TextFormatter().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["request_id"] == "abc"
    assert entry["operation"] == "WhoAmI"
    assert entry["status"] == 200
    assert entry["level"] == "INFO"
    assert entry["logger"] == "tenantry.request"
    assert "RuntimeError: boom" in entry["exception"]
    assert text.splitlines()[0].endswith("request operation=WhoAmI status=200 request_id=abc")


@pytest.fixture
async def worker() -> AsyncIterator[None]:
    broker.flush_all()  # messages other tests left about rows that are gone
    async with embedded_worker():
        yield


async def test_the_jobs_a_request_started_log_its_request_id(
    api: Api, worker: None, caplog: pytest.LogCaptureFixture
) -> None:
    master = await factories.master()
    _, token = await factories.quick_member(master, "admin@example.com")
    doomed = await factories.organization(
        OrganizationKind.CUSTOMER, master, name="Doomed", status=OrganizationStatus.DELETED
    )
    caplog.set_level(logging.INFO)

    response = await api.client.post(
        "/graphql",
        json={"query": PURGE, "variables": {"ids": [to_global_id("Organization", doomed.id)]}},
        headers={"Authorization": f"Bearer {token}", "X-Request-ID": "purge-request-42"},
    )
    await asyncio.to_thread(broker.join, "purge", timeout=60_000)

    assert response.json()["data"]["purgeOrganizations"]["results"][0]["userErrors"] == []
    job_lines = [r for r in caplog.records if r.name == "tenantry.workers"]
    started = [r for r in job_lines if r.getMessage() == "job purge_organization started"]
    finished = [r for r in job_lines if "purge of Doomed: DONE" in r.getMessage()]
    assert [r.request_id for r in started] == ["purge-request-42"]  # type: ignore[attr-defined]
    # Lines logged by the job's coroutine on the database loop carry it too.
    assert [r.request_id for r in finished] == ["purge-request-42"]  # type: ignore[attr-defined]


async def test_a_purge_logs_its_progress_as_it_goes(caplog: pytest.LogCaptureFixture) -> None:
    master = await factories.master()
    reseller = await factories.organization(
        OrganizationKind.RESELLER, master, name="Big", status=OrganizationStatus.DELETED
    )
    for number in range(4):
        await factories.organization(OrganizationKind.CUSTOMER, reseller, name=f"C{number}")
    counts = await purge.count_rows(reseller.path)
    job = await DeletionJob.create(
        organization_id=reseller.id,
        organization_name=reseller.name,
        organization_path=reseller.path,
        total=sum(counts.values()),
    )
    caplog.set_level(logging.INFO, logger="tenantry.workers")
    ticks = iter(range(0, 1000, 10))  # every step 10 "seconds" later: a line each time
    progress = PurgeProgressLog(job.id, every_seconds=5, clock=lambda: next(ticks))

    await purge.run(job.id, batch=1, on_step=progress)
    await progress.finished()

    lines = [r.getMessage() for r in caplog.records if r.name == "tenantry.workers"]
    assert len(lines) >= 4
    assert all(line.startswith("purge of Big: ") for line in lines)
    assert lines[-1].startswith("purge of Big: DONE, 5 of 5 rows")
    assert "%)" in lines[0]
