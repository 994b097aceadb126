"""Round trips to PostgreSQL per request, counted on the wire by a proxy (bench/pg_wire.py)
in front of the server a real `tenantry serve` uses.

The bench's scenario (a), a reseller's page of customers with their owner logins, usage,
latest notes, departments and effective status, costs one round trip per statement: a
connection goes back to the pool without asyncpg's reset query (database.py says why that
is safe here), which doubled them. Skipped without a PostgreSQL TEST_DATABASE_URL.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from bench.pg_wire import RoundTrips, counted
from bench.scenarios import CUSTOMER_PAGE
from bench.statements import statements_sent
from models import Department, Note, Service
from models.enums import OrganizationKind, Role, ServiceKind
from tests import factories
from tests.api import Api
from tests.factories import TEST_SECRET_KEY
from tests.live_server import server_env
from tests.processes import serve

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="round trips are counted against PostgreSQL (TEST_DATABASE_URL)",
)
CUSTOMERS = 30
# Measured requests after the warm-up: the least of them is the steady state, in which
# every pooled connection has prepared the page's statements (a statement new to a
# connection costs a second round trip to learn its result types, once).
WARM_UP, MEASURED = 12, 6


async def _reseller_with_customers() -> str:
    master = await factories.master()
    admin, _ = await factories.quick_member(master, "admin@example.com")
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    _, token = await factories.quick_member(reseller, "reseller@example.com")
    for number in range(CUSTOMERS):
        customer = await factories.organization(
            OrganizationKind.CUSTOMER, reseller, name=f"Customer {number:02}"
        )
        await factories.quick_member(customer, f"owner{number}@example.com", Role.OWNER)
        await Department.create(organization=customer, name="Sales")
        await Service.create(organization=customer, kind=ServiceKind.WEBSITE, name=f"w{number}")
        await Note.create(
            organization=customer, author=admin, author_organization=master, text="hi"
        )
    return token


def _page(graphql: str, token: str) -> dict[str, object]:
    answer = httpx.post(
        graphql,
        json={"query": CUSTOMER_PAGE, "variables": {}},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ).json()
    assert "errors" not in answer, answer
    return dict(answer["data"])


def _round_trips_per_page(graphql: str, token: str, counted: RoundTrips) -> list[int]:
    for _ in range(WARM_UP):
        _page(graphql, token)
    trips = []
    for _ in range(MEASURED):
        counted.reset()
        _page(graphql, token)
        trips.append(counted.count)
    return trips


async def test_a_customer_page_costs_one_round_trip_per_statement(
    api: Api, database_url: str, tmp_path: Path
) -> None:
    token = await _reseller_with_customers()
    with statements_sent() as statements:
        in_process = await api.data(CUSTOMER_PAGE, {}, token)
    assert len(in_process["organizations"]["edges"]) == CUSTOMERS

    with counted(database_url) as (through_proxy, trips_counted):
        env = server_env(through_proxy)
        with serve(cwd=tmp_path, env=env, log=tmp_path / "server.log") as live:
            assert _page(live.graphql, token) == in_process
            trips = _round_trips_per_page(live.graphql, token, trips_counted)

    # What the page sends: authentication (with its organization's effective status), the
    # page (its count a column of it: no statement of its own), one read per relation (none
    # for the rows' effective statuses).
    assert len(statements) <= 6, statements
    assert min(trips) == len(statements), (trips, [sql[:60] for sql, _ in statements])


# bench/round_trips.py in a process of its own: it sets up Tortoise as the bench does.
_BENCH_COUNT = """
import asyncio, dataclasses, json, sys
from bench.round_trips import sent_per_request
from bench.scenarios import scenarios
url, secret_key, token = sys.argv[1:]
(page,) = [s for s in scenarios(user_id="") if s.key == "a"]
sent = asyncio.run(sent_per_request(url, secret_key, page, token))
print(json.dumps(dataclasses.asdict(sent)))
"""


async def test_the_bench_counts_the_statements_and_round_trips_of_a_page(
    api: Api, database_url: str, tmp_path: Path
) -> None:
    """bench.reads reports, per scenario, what bench/round_trips.py counts in process:
    here one round trip per statement, and as many statements for a page of 10."""
    token = await _reseller_with_customers()
    with statements_sent() as statements:
        await api.data(CUSTOMER_PAGE, {}, token)

    counted_by_bench = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-c", _BENCH_COUNT, database_url, TEST_SECRET_KEY, token],
        env=server_env(database_url),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(counted_by_bench.stdout) == {
        "statements": len(statements),
        "statements_small_page": len(statements),
        "round_trips": len(statements),
    }


async def test_a_connection_released_inside_a_transaction_comes_back_without_it(
    database_url: str,
) -> None:
    """The one thing the release still does: no borrower inherits another's transaction."""
    from tortoise import Tortoise

    pool = Tortoise.get_connection("default")._pool  # the pool the app releases into
    async with pool.acquire() as first:
        await first.execute("BEGIN")
        await first.execute("CREATE TEMPORARY TABLE left_open (x int)")
        assert first.is_in_transaction()
        backend = await first.fetchval("SELECT pg_backend_pid()")
    async with pool.acquire() as again:
        assert await again.fetchval("SELECT pg_backend_pid()") == backend
        assert not again.is_in_transaction()
        assert await again.fetchval("SELECT to_regclass('pg_temp.left_open')") is None
