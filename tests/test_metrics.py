"""GET /metrics: series that move with the requests, logins and job rows behind them."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families
from tortoise.exceptions import DBConnectionError
from tortoise.timezone import now

import gql.context
from models import DeletionJob, LoginThrottle, OutboxEmail
from models.enums import EmailStatus, JobStatus
from ops import gauges, metrics
from settings import Settings
from tests import factories
from tests.api import Api, api_for, error_codes

TOKEN = "metrics-token-for-the-tests-0123"
NAMED_VIEWER = "query DashboardViewer { viewer { role } }"
LOGIN = """
mutation SignIn($email: String!, $password: String!) {
  login(input: {email: $email, password: $password}) { token userErrors { code } }
}
"""


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of a scrape, keyed by its name and labels."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def value(
    scrape: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return scrape.get((name, frozenset(labels.items())), 0.0)


async def scrape(
    api: Api, token: str | None = None
) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await api.client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return samples(response.text)


async def test_requests_and_failed_logins_move_their_series(api: Api) -> None:
    before = await scrape(api)

    anonymous = await api(NAMED_VIEWER)
    master = await factories.master()
    _, token = await factories.quick_member(master, "admin@example.com")
    await api.data(NAMED_VIEWER, token=token)
    await api.data(NAMED_VIEWER, token=token)
    wrong = await api.data(LOGIN, {"email": "nobody@example.com", "password": "wrong password"})
    after = await scrape(api)

    assert error_codes(anonymous) == ["UNAUTHENTICATED"]
    assert wrong["login"]["userErrors"][0]["code"] == "INVALID_CREDENTIALS"
    requests = "tenantry_graphql_requests_total"
    ok = {"operation": "DashboardViewer", "outcome": "ok"}
    refused = {"operation": "DashboardViewer", "outcome": "UNAUTHENTICATED"}
    assert value(after, requests, **ok) - value(before, requests, **ok) == 2
    assert value(after, requests, **refused) - value(before, requests, **refused) == 1
    # A refused login is an answer (userErrors), so the operation is ok; the login counter
    # is what tells failures apart.
    sign_in = {"operation": "SignIn", "outcome": "ok"}
    assert value(after, requests, **sign_in) - value(before, requests, **sign_in) == 1
    failures = "tenantry_login_failures_total"
    code = {"code": "INVALID_CREDENTIALS"}
    assert value(after, failures, **code) - value(before, failures, **code) == 1
    latency = "tenantry_graphql_request_duration_seconds_count"
    named = {"operation": "DashboardViewer"}
    assert value(after, latency, **named) - value(before, latency, **named) == 3
    http = "tenantry_http_requests_total"
    graphql_ok = {"path": "/graphql", "status": "200"}
    assert value(after, http, **graphql_ok) - value(before, http, **graphql_ok) == 4
    assert value(after, "tenantry_db_pool_max_connections") >= 1


async def test_database_gauges_follow_the_job_rows(api: Api) -> None:
    empty = await scrape(api)
    moment = now()
    await DeletionJob.create(
        organization_id=uuid.uuid4(), organization_name="A", organization_path="/a/"
    )
    old = await DeletionJob.create(
        organization_id=uuid.uuid4(),
        organization_name="B",
        organization_path="/b/",
        status=JobStatus.RUNNING,
    )
    await DeletionJob.filter(id=old.id).update(created_at=moment - timedelta(minutes=10))
    await DeletionJob.create(
        organization_id=uuid.uuid4(),
        organization_name="C",
        organization_path="/c/",
        status=JobStatus.FAILED,
    )
    for status in (EmailStatus.PENDING, EmailStatus.PENDING, EmailStatus.FAILED, EmailStatus.SENT):
        await OutboxEmail.create(
            kind="test", to_address="a@example.com", subject="s", body="b", status=status
        )
    await LoginThrottle.create(
        key="198.51.100.9",
        failures=0,
        window_start=moment,
        blocked_until=moment + timedelta(minutes=5),
    )
    await LoginThrottle.create(key="198.51.100.10", failures=3, window_start=moment)
    await LoginThrottle.create(
        key="login:abc",
        failures=0,
        window_start=moment,
        blocked_until=moment + timedelta(minutes=5),
    )

    full = await scrape(api)

    assert value(empty, "tenantry_metrics_database_up") == 1
    assert value(empty, "tenantry_queue_backlog", queue="purge") == 0
    assert value(empty, "tenantry_queue_oldest_age_seconds", queue="purge") == 0
    assert value(full, "tenantry_deletion_jobs", status="QUEUED") == 1
    assert value(full, "tenantry_deletion_jobs", status="RUNNING") == 1
    assert value(full, "tenantry_deletion_jobs", status="FAILED") == 1
    assert value(full, "tenantry_deletion_jobs", status="DONE") == 0
    assert value(full, "tenantry_queue_backlog", queue="purge") == 2
    assert 590 <= value(full, "tenantry_queue_oldest_age_seconds", queue="purge") < 900
    assert value(full, "tenantry_queue_backlog", queue="email") == 2
    assert value(full, "tenantry_outbox_emails", status="PENDING") == 2
    assert value(full, "tenantry_outbox_emails", status="FAILED") == 1
    # Only client addresses count, and only while blocked.
    assert value(full, "tenantry_login_throttle_blocked_addresses") == 1


async def test_a_slow_database_leaves_the_gauges_out_but_the_scrape_answers(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    await api(NAMED_VIEWER)
    monkeypatch.setattr(gauges, "SCRAPE_TIMEOUT_SECONDS", 0.0)

    scraped = await scrape(api)

    assert value(scraped, "tenantry_metrics_database_up") == 0
    assert ("tenantry_queue_backlog", frozenset({("queue", "purge")})) not in scraped
    # The process's own series are still there.
    assert (
        value(
            scraped,
            "tenantry_graphql_requests_total",
            operation="DashboardViewer",
            outcome="UNAUTHENTICATED",
        )
        >= 1
    )


@pytest.fixture
async def guarded(settings: Settings) -> AsyncIterator[Api]:
    production = dataclasses.replace(settings, env="production", metrics_token=TOKEN)
    async with api_for(production) as client:
        yield client


async def test_production_scrapes_need_the_token(guarded: Api, settings: Settings) -> None:
    missing = await guarded.client.get("/metrics")
    wrong = await guarded.client.get("/metrics", headers={"Authorization": "Bearer nope"})
    right = await guarded.client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    async with api_for(dataclasses.replace(settings, env="production")) as tokenless:
        off = await tokenless.client.get("/metrics")

    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert error_codes(missing.json()) == ["UNAUTHENTICATED"]
    assert wrong.status_code == 401
    assert right.status_code == 200
    assert "tenantry_metrics_database_up 1.0" in right.text
    # Production without a token: no metrics page at all.
    assert off.status_code == 404
    assert error_codes(off.json()) == ["NOT_FOUND"]


def test_operation_names_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(metrics, "_known_operations", set())
    monkeypatch.setattr(metrics, "MAX_OPERATION_NAMES", 3)

    labels = [metrics.operation_label(name) for name in ["A", "B", "A", "C", "D", "B"]]

    assert labels == ["A", "B", "A", "C", "other", "B"]
    assert metrics.operation_label(None) == "anonymous"
    assert metrics.operation_label("x" * 65) == "other"
    assert metrics.operation_label("not a name") == "other"


async def test_a_throttled_address_moves_the_block_counter_and_gauge(settings: Settings) -> None:
    strict = dataclasses.replace(settings, login_throttle_failures=2)
    wrong = {"email": "nobody@example.com", "password": "wrong password"}
    async with api_for(strict) as api:
        before = await scrape(api)
        codes = [(await api.data(LOGIN, wrong))["login"]["userErrors"][0]["code"] for _ in range(3)]
        after = await scrape(api)

    assert codes == ["INVALID_CREDENTIALS", "INVALID_CREDENTIALS", "TOO_MANY_ATTEMPTS"]
    blocks = "tenantry_login_throttle_blocks_total"
    assert value(after, blocks) - value(before, blocks) == 1
    throttled = {"code": "TOO_MANY_ATTEMPTS"}
    failures = "tenantry_login_failures_total"
    assert value(after, failures, **throttled) - value(before, failures, **throttled) == 1
    assert value(before, "tenantry_login_throttle_blocked_addresses") == 0
    assert value(after, "tenantry_login_throttle_blocked_addresses") == 1


@pytest.mark.parametrize(
    ("failure", "code"),
    [
        (RuntimeError("a bug"), "INTERNAL"),
        (DBConnectionError("the database went away"), "UNAVAILABLE"),
    ],
)
async def test_a_failed_request_counts_with_the_code_its_client_got(
    api: Api, monkeypatch: pytest.MonkeyPatch, failure: Exception, code: str
) -> None:
    master = await factories.master()
    _, token = await factories.quick_member(master, "admin@example.com")

    async def failing(*args: object, **kwargs: object) -> None:
        raise failure

    monkeypatch.setattr(gql.context, "authenticate", failing)
    before = await scrape(api)
    answer = await api(NAMED_VIEWER, token=token)
    after = await scrape(api)

    assert error_codes(answer) == [code]
    failed = {"operation": "DashboardViewer", "outcome": code}
    requests = "tenantry_graphql_requests_total"
    assert value(after, requests, **failed) - value(before, requests, **failed) == 1
