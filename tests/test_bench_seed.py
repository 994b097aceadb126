"""`bench.seed`: a tiny seeded database has the scaled counts, its logins work through the
GraphQL API with the known password, a reseller sees exactly its subtree, its websites and
DNS zones have domains unique on the platform, and the same seed gives the same rows."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import orjson
import pytest

from bench import baseline
from bench.scenarios import scenarios
from bench.seed import TABLES, Manifest, drop_database, seed
from domain.provisioning.domains import normalize
from gql.schema.relay import parse_global_id, to_global_id
from settings import Settings
from tests.api import Api, api_for
from tests.database import own_connections
from tests.test_progress import on_terminal

SERVER_URL = os.environ.get("TEST_DATABASE_URL", "")
pytestmark = pytest.mark.skipif(
    not SERVER_URL.startswith(("postgres://", "postgresql://")),
    reason="bench.seed loads PostgreSQL only (COPY); set TEST_DATABASE_URL to a postgres URL",
)
SCALE = 0.04
SEED = 11
# The counts at SCALE: 2 resellers, 1 sub-reseller, the master's 4 plans and 2 per reseller.
EXPECTED = {
    "organization": 1 + 2 + 1 + 400,
    "plan": 4 + 2 * 3,
    "department": 200,
    "user": 1_200,
    "service": 2_000,
    "note": 800,
    "audit_event": 4_000,
}
ORGANIZATIONS = """
query ($after: String) {
  organizations(first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id } }
  }
}
"""
NODE = "query ($id: ID!) { node(id: $id) { id ... on User { email } } }"


def scratch_url() -> str:
    return f"{SERVER_URL.rpartition('/')[0]}/tenantry_seed_{uuid.uuid4().hex[:12]}"


async def fetch(url: str, query: str, *args: Any) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(url)
    try:
        rows: list[asyncpg.Record] = await connection.fetch(query, *args)
        return rows
    finally:
        await connection.close()


async def digests(url: str) -> dict[str, str]:
    """Per table, a hash of every row in id order: equal digests, identical rows."""
    query = "SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) FROM \"{}\" t"
    return {table: (await fetch(url, query.format(table)))[0][0] for table in TABLES}


@dataclasses.dataclass
class Seeded:
    url: str
    manifest: Manifest
    digests: dict[str, str]  # taken before any test logs in (a login writes to "user")


@pytest.fixture(scope="module")
async def seeded() -> AsyncIterator[Seeded]:
    url = scratch_url()
    try:
        manifest = await seed(url, seed=SEED, scale=SCALE, bcrypt_rounds=4)
        yield Seeded(url, manifest, await digests(url))
    finally:
        await drop_database(url)


@pytest.fixture
async def seeded_api(seeded: Seeded, settings: Settings) -> AsyncIterator[Api]:
    """The app in-process on the seeded database, in a Tortoise context of its own (the
    session's stays on the test database)."""
    async with (
        own_connections(seeded.url),
        api_for(dataclasses.replace(settings, database_url=seeded.url)) as api,
    ):
        yield api


async def organization_ids(api: Api, token: str) -> set[uuid.UUID]:
    ids: set[uuid.UUID] = set()
    after = None
    while True:
        page = (await api.data(ORGANIZATIONS, {"after": after}, token=token))["organizations"]
        for edge in page["edges"]:
            parsed = parse_global_id(edge["node"]["id"])
            assert parsed is not None
            ids.add(parsed[1])
        if not page["pageInfo"]["hasNextPage"]:
            assert len(ids) == page["totalCount"]
            return ids
        after = page["pageInfo"]["endCursor"]


async def test_counts_match_the_scale(seeded: Seeded) -> None:
    url, manifest = seeded.url, seeded.manifest
    counted = {t: (await fetch(url, f'SELECT count(*) FROM "{t}"'))[0][0] for t in TABLES}
    assert counted == manifest.counts
    assert {t: n for t, n in counted.items() if t != "membership"} == EXPECTED
    assert counted["membership"] > counted["user"]  # some users belong to two organizations
    ownerless = await fetch(
        url,
        "SELECT id FROM organization o WHERE NOT EXISTS (SELECT 1 FROM membership m "
        "WHERE m.organization_id = o.id AND m.role = 'OWNER')",
    )
    assert ownerless == []


async def test_every_event_is_placed_in_commit_order(seeded: Seeded) -> None:
    """The sequencer of a server the bench starts must find nothing to place: a seeded
    history left unplaced is a million UPDATEs during the measurement at 10x."""
    rows = await fetch(
        seeded.url,
        'SELECT "position", ROW_NUMBER() OVER (ORDER BY created_at, id) AS "rank"'
        ' FROM audit_event ORDER BY "rank"',
    )
    assert len(rows) == EXPECTED["audit_event"]
    assert [row["position"] for row in rows] == [row["rank"] for row in rows]


async def test_logins_work_and_a_reseller_sees_only_its_subtree(
    seeded: Seeded, seeded_api: Api
) -> None:
    url, manifest = seeded.url, seeded.manifest
    (reseller,) = await fetch(
        url, "SELECT path FROM organization WHERE id = $1", manifest.reseller_id
    )
    subtree = await fetch(
        url, "SELECT id FROM organization WHERE path LIKE $1 || '%'", reseller["path"]
    )
    assert len(subtree) > manifest.reseller_customers > 0

    token = await seeded_api.login(manifest.reseller_email, manifest.password)
    assert await organization_ids(seeded_api, token) == {row["id"] for row in subtree}
    node = (await seeded_api.data(NODE, {"id": manifest.user_global_id}, token=token))["node"]
    (user,) = await fetch(url, 'SELECT email FROM "user" WHERE id = $1', manifest.user_id)
    assert node == {"id": manifest.user_global_id, "email": user["email"]}

    admin = await seeded_api.login(manifest.admin_email, manifest.password)
    assert len(await organization_ids(seeded_api, admin)) == EXPECTED["organization"]
    customer = await seeded_api.login(manifest.customer_email, manifest.password)
    assert len(await organization_ids(seeded_api, customer)) == 1


async def test_seeding_on_a_terminal_draws_its_progress(tmp_path: Path) -> None:
    url = scratch_url()
    args = ("--postgres", url, "--scale", str(SCALE), "--seed", str(SEED))
    try:
        code, drawn = await asyncio.to_thread(
            on_terminal, url, tmp_path, *args, module="bench.seed"
        )
    finally:
        await drop_database(url)

    assert code == 0, drawn
    assert "loading rows: 100%" in drawn, drawn


async def test_the_same_seed_gives_the_same_rows(seeded: Seeded) -> None:
    again = scratch_url()
    try:
        manifest = await seed(again, seed=SEED, scale=SCALE, bcrypt_rounds=4)
        assert await digests(again) == seeded.digests
    finally:
        await drop_database(again)
    assert dataclasses.replace(manifest, seconds={}) == dataclasses.replace(
        seeded.manifest, seconds={}
    )


async def test_the_benchmark_floor_answers_exactly_what_the_api_answers(
    seeded: Seeded, seeded_api: Api, settings: Settings
) -> None:
    """bench/baseline.py is a fair floor only while it does the API's work: same rows,
    same visibility, same JSON. Also an independent check of the API's list answers."""
    manifest = seeded.manifest
    tokens = {
        "reseller": await seeded_api.login(manifest.reseller_email, manifest.password),
        "administrator": await seeded_api.login(manifest.admin_email, manifest.password),
    }
    connection = await asyncpg.connect(seeded.url)
    try:
        for scenario in scenarios(manifest.user_global_id):
            token = tokens[scenario.viewer]
            api_answer = await seeded_api(scenario.query, scenario.variables, token)
            floor = await baseline.answer(
                connection, scenario.key, token, settings.secret_key, scenario.variables
            )

            assert "errors" not in api_answer, (scenario.key, api_answer["errors"])
            assert orjson.loads(floor) == api_answer, scenario.key
            assert list(api_answer["data"].values()) != [None], scenario.key
    finally:
        await connection.close()


CREATE_SERVICE = """
mutation ($input: CreateServiceInput!) {
  createService(input: $input) { service { id } userErrors { field code } }
}
"""


async def test_websites_and_zones_have_unique_domains_the_api_defends(
    seeded: Seeded, seeded_api: Api
) -> None:
    url = seeded.url
    named = await fetch(
        url, "SELECT kind, name, domain FROM service WHERE kind IN ('WEBSITE', 'DNS_ZONE')"
    )
    assert {row["kind"] for row in named} == {"WEBSITE", "DNS_ZONE"}
    # Each name is its domain as the API stores it (lower case, valid), once per kind.
    for row in named:
        assert row["domain"] == normalize(row["name"], ["name"]) == row["name"]
    assert len({(row["kind"], row["domain"]) for row in named}) == len(named)
    (others,) = await fetch(
        url,
        "SELECT count(*) FROM service WHERE kind NOT IN ('WEBSITE', 'DNS_ZONE') "
        "AND domain IS NOT NULL",
    )
    assert others[0] == 0

    # A seeded website's domain, in another spelling, is taken for a customer elsewhere.
    (free,) = await fetch(
        url,
        "SELECT o.id FROM organization o JOIN organization m ON m.id = o.owner_id "
        "WHERE o.kind = 'CUSTOMER' AND o.status = 'ACTIVE' AND o.plan_id IS NULL "
        "AND m.kind = 'MASTER' ORDER BY o.id LIMIT 1",
    )
    website = next(row for row in named if row["kind"] == "WEBSITE")
    admin = await seeded_api.login(seeded.manifest.admin_email, seeded.manifest.password)
    variables = {
        "input": {
            "organizationId": to_global_id("Organization", free["id"]),
            "kind": "WEBSITE",
            "name": website["name"].upper() + ".",
        }
    }
    answer = await seeded_api.data(CREATE_SERVICE, variables, token=admin)
    assert answer["createService"] == {
        "service": None,
        "userErrors": [{"field": ["input", "name"], "code": "DOMAIN_TAKEN"}],
    }
