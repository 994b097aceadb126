"""Read replicas (db_routing.py, gql/replica_reads.py, docs/replicas.md).

Against a real PostgreSQL streaming replica of the test server: `scripts/replica-up`
starts one on port 5433 and prints the URL to export as TEST_REPLICA_URL (`.ci/run` does
both before its PostgreSQL run). The replica holds the same databases as its primary, so
the tests read the session's test database there. Which server answered is shown by
pausing the replica's replay (`pg_wal_replay_pause()`): a write on the primary then stays
invisible on the replica, and a query answering the old value was read there.

Without TEST_REPLICA_URL on PostgreSQL these skip, but fail when CI is set. The settings'
checks and the no-replica default run on any database.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from prometheus_client.parser import text_string_to_metric_families
from tortoise import Tortoise, connections
from tortoise.context import TortoiseContext
from tortoise.timezone import now

import database
from app import read_replicas
from db_routing import Replicas, viewer_key
from models import Organization, SessionToken
from models.enums import OrganizationKind, OrganizationStatus
from settings import ConfigurationError, Settings, load_settings
from tests import factories
from tests.api import Api, api_for

REPLICA_SERVER = os.environ.get("TEST_REPLICA_URL", "")
# Pausing replay stops the whole replica, every database on it: under pytest-xdist these
# tests stay in one process (`--dist loadgroup`), and `_standby` also takes a lock every
# run on the server sees.
pytestmark = pytest.mark.xdist_group("replica")
_STANDBY_LOCK = 0x7E4A47_0017


def _dsn(url: str) -> str:
    return database.driver_dsn(url)


@pytest.fixture
def replica_url(database_url: str) -> str:
    """The session's test database on the replica."""
    if database.dialect_of(database_url) != "postgres":
        pytest.skip("read replicas are PostgreSQL only")
    if not REPLICA_SERVER:
        why = "TEST_REPLICA_URL is not set (scripts/replica-up starts a replica and prints it)"
        if os.environ.get("CI"):
            pytest.fail(f"CI must test the replicas: {why}")
        pytest.skip(why)
    server = REPLICA_SERVER.rsplit("/", 1)[0]
    return f"{server}/{database_url.rsplit('/', 1)[1]}"


async def _replay_position(connection: asyncpg.Connection) -> Any:
    return await connection.fetchval("SELECT pg_last_wal_replay_lsn()")


async def _connect_when_replicated(replica_url: str) -> asyncpg.Connection:
    """A connection to the test database on the replica, once its creation has been
    replayed there (the run created it moments ago)."""
    for _ in range(100):
        try:
            return await asyncpg.connect(_dsn(replica_url))
        except asyncpg.InvalidCatalogNameError:
            await asyncio.sleep(0.1)
    pytest.fail(f"the test database did not reach the replica ({replica_url})")


@asynccontextmanager
async def _standby(replica_url: str, database_url: str) -> AsyncIterator[Standby]:
    # Advisory locks are per database: the lock is taken in the maintenance database, which
    # every run's connections share (its own test database is its alone).
    server = database_url.rsplit("/", 1)[0]
    lock = await asyncpg.connect(_dsn(f"{server}/postgres"))
    try:  # closing the lock's connection releases it
        await lock.execute("SELECT pg_advisory_lock($1)", _STANDBY_LOCK)
        connection = await _connect_when_replicated(replica_url)
        primary = await asyncpg.connect(_dsn(database_url))
        standby = Standby(connection, primary)
        try:
            assert await connection.fetchval("SELECT pg_is_in_recovery()"), "not a standby"
            await standby.resume()
            await standby.catch_up()
            yield standby
        finally:
            # Never leave the replica paused for the next test (or the next run).
            await standby.resume()
            await connection.close()
            await primary.close()
    finally:
        await lock.close()


@dataclasses.dataclass
class Standby:
    """The replica's own controls, on a connection of the test's."""

    connection: asyncpg.Connection
    primary: asyncpg.Connection

    async def pause(self) -> None:
        await self.connection.execute("SELECT pg_wal_replay_pause()")

    async def resume(self) -> None:
        await self.connection.execute("SELECT pg_wal_replay_resume()")

    async def catch_up(self) -> None:
        """Wait until the replica has replayed everything the primary wrote so far."""
        target = await self.primary.fetchval("SELECT pg_current_wal_lsn()")
        for _ in range(300):
            position = await _replay_position(self.connection)
            if position is not None and position >= target:
                return
            await asyncio.sleep(0.05)
        pytest.fail("the replica did not catch up within 15 s")


@pytest.fixture
async def standby(replica_url: str, database_url: str) -> AsyncIterator[Standby]:
    async with _standby(replica_url, database_url) as controls:
        yield controls


@asynccontextmanager
async def routed_api(settings: Settings, *replica_urls: str, **replica_settings: Any) -> Any:
    """An app reading from `replica_urls`, on a Tortoise whose config has them (as `serve`
    builds it); the session's Tortoise is left as it is."""
    routed = dataclasses.replace(settings, database_replica_urls=replica_urls, **replica_settings)
    with TortoiseContext() as context:
        await Tortoise.init(config=database.tortoise_config(settings.database_url, replica_urls))
        try:
            async with api_for(routed) as api:
                yield api
        finally:
            await context.close_connections()


@dataclasses.dataclass
class World:
    reseller: Organization
    customer: Organization
    token: str  # the Master's owner
    other_token: str  # another Master owner: another viewer


@pytest.fixture
async def world() -> World:
    platform = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, platform, name="Reseller")
    customer = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Bakery")
    user, membership = await factories.member(platform, "admin@replicas.test")
    other, other_membership = await factories.member(platform, "ops@replicas.test")
    return World(
        reseller,
        customer,
        await factories.session_for(user, membership),
        await factories.session_for(other, other_membership),
    )


CUSTOMER = """
query Customer($search: String!) {
  organizations(first: 5, filter: {kind: CUSTOMER, search: $search}) {
    edges { node { id name effectiveStatus } }
  }
}
"""

RENAME = """
mutation Rename($id: ID!, $name: String!) {
  updateOrganization(input: {id: $id, name: $name}) {
    organization { name }
    userErrors { code message }
  }
}
"""


async def _customer(api: Api, token: str) -> dict[str, Any]:
    data = await api.data(CUSTOMER, {"search": "Bakery"}, token)
    edges = data["organizations"]["edges"]
    assert len(edges) == 1, edges
    node: dict[str, Any] = edges[0]["node"]
    return node


async def _change_on_primary(world: World) -> None:
    """The customer renamed and its reseller suspended, straight on the primary: the
    customer's `effectiveStatus` comes from domain/batches.py's hand-written read."""
    await Organization.filter(id=world.customer.id).update(name="Bakery Renamed")
    await Organization.filter(id=world.reseller.id).update(status=OrganizationStatus.SUSPENDED)


OLD = {"name": "Bakery", "effectiveStatus": "ACTIVE"}
NEW = {"name": "Bakery Renamed", "effectiveStatus": "SUSPENDED"}


def _seen(node: dict[str, Any]) -> dict[str, Any]:
    return {"name": node["name"], "effectiveStatus": node["effectiveStatus"]}


# -- against a real streaming replica ----------------------------------------------------


async def test_a_query_reads_from_the_replica_orm_and_batch_reads_alike(
    settings: Settings, replica_url: str, standby: Standby, world: World
) -> None:
    await standby.catch_up()
    async with routed_api(settings, replica_url, replica_max_lag_seconds=3_600) as api:
        assert _seen(await _customer(api, world.token)) == OLD
        await standby.pause()
        await _change_on_primary(world)
        # The replica, paused, still has the old row and the old status of the reseller.
        assert _seen(await _customer(api, world.token)) == OLD
        # The primary has the new ones (and so does the replica once it replays them).
        row = await Organization.get(id=world.customer.id)
        assert row.name == NEW["name"]
        await standby.resume()
        await standby.catch_up()
        assert _seen(await _customer(api, world.token)) == NEW


async def test_a_viewer_reads_its_own_writes_from_the_primary_for_a_while(
    settings: Settings, replica_url: str, standby: Standby, world: World
) -> None:
    async with routed_api(
        settings,
        replica_url,
        replica_max_lag_seconds=3_600,
        replica_read_your_writes_seconds=2,
    ) as api:
        customer_id = (await _customer(api, world.token))["id"]
        await standby.pause()
        renamed = await api.data(RENAME, {"id": customer_id, "name": "Bakery Renamed"}, world.token)
        assert renamed["updateOrganization"]["userErrors"] == []
        # The writer's next query reads the primary: its own change is there.
        assert (await _customer(api, world.token))["name"] == "Bakery Renamed"
        # Another viewer, who wrote nothing, reads the replica, still paused before it.
        assert (await _customer(api, world.other_token))["name"] == "Bakery"
        # Once the window has passed, the writer reads the replica again.
        await asyncio.sleep(2.2)
        assert (await _customer(api, world.token))["name"] == "Bakery"


async def test_a_replica_lagging_beyond_the_bound_is_skipped(
    settings: Settings, replica_url: str, standby: Standby, world: World
) -> None:
    async with routed_api(settings, replica_url, replica_max_lag_seconds=1) as api:
        await standby.pause()
        await _change_on_primary(world)
        # Replay stopped before the write: the replica falls further behind every second.
        await asyncio.sleep(1.5)
        assert _seen(await _customer(api, world.token)) == NEW
        lag = await read_lag(replica_url)
        assert lag is not None
        assert lag > 1


async def read_lag(replica_url: str) -> float | None:
    replicas = Replicas(1, max_lag_seconds=1, read_your_writes_seconds=0)
    with TortoiseContext() as context:
        await Tortoise.init(config=database.tortoise_config(replica_url, [replica_url]))
        try:
            return await replicas.lag_seconds(replicas.names[0])
        finally:
            await context.close_connections()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_replica_that_is_down_is_skipped(
    settings: Settings, replica_url: str, standby: Standby, world: World
) -> None:
    down = replica_url.replace(":5433/", f":{_closed_port()}/")
    assert down != replica_url
    async with routed_api(settings, down, replica_max_lag_seconds=3_600) as api:
        # Only a replica that is down: the primary answers, with no error.
        await standby.pause()
        await _change_on_primary(world)
        assert _seen(await _customer(api, world.token)) == NEW
    await Organization.filter(id=world.customer.id).update(name="Bakery")
    await Organization.filter(id=world.reseller.id).update(status=OrganizationStatus.ACTIVE)
    await standby.resume()
    await standby.catch_up()
    async with routed_api(settings, down, replica_url, replica_max_lag_seconds=3_600) as api:
        # One down, one up: the one up answers (twice: each request starts at the next).
        before = await _reads(api)
        await standby.pause()
        await _change_on_primary(world)
        assert _seen(await _customer(api, world.token)) == OLD
        assert _seen(await _customer(api, world.token)) == OLD
        after = await _reads(api)
        assert after["replica_1"] - before["replica_1"] == 2
        assert after["replica_0"] == before["replica_0"]
        assert after["primary"] == before["primary"]


async def _reads(api: Api) -> dict[str, float]:
    """`tenantry_query_reads_total` by database, as /metrics shows it."""
    scrape = (await api.client.get("/metrics")).text
    found = dict.fromkeys(("primary", "replica_0", "replica_1"), 0.0)
    for family in text_string_to_metric_families(scrape):
        for sample in family.samples:
            if sample.name == "tenantry_query_reads_total":
                found[sample.labels["database"]] = sample.value
    return found


async def test_mutations_and_authentication_stay_on_the_primary(
    settings: Settings, replica_url: str, standby: Standby, world: World
) -> None:
    async with routed_api(settings, replica_url, replica_max_lag_seconds=3_600) as api:
        customer_id = (await _customer(api, world.token))["id"]
        await standby.pause()
        # A session created after the pause exists only on the primary: it is accepted.
        user, membership = await factories.member(world.reseller, "new@replicas.test")
        fresh = await factories.session_for(user, membership)
        assert (await api.data("{ viewer { user { email } } }", token=fresh))["viewer"]["user"][
            "email"
        ] == "new@replicas.test"
        # A token that expired after the pause is told so (the primary), not taken for an
        # unknown one (the replica still has it unexpired, so it is not "lapsed" there).
        await SessionToken.filter(user=user).update(expires_at=now() - timedelta(minutes=1))
        refused = await api("{ viewer { user { email } } }", token=fresh)
        assert [error["extensions"].get("reason") for error in refused["errors"]] == [
            "TOKEN_EXPIRED"
        ], refused
        # A mutation reads the primary: it sees the rename made after the pause.
        await Organization.filter(id=world.customer.id).update(name="Bakery Renamed")
        renamed = await api.data(RENAME, {"id": customer_id, "name": "Bakery Twice"}, world.token)
        assert renamed["updateOrganization"] == {
            "organization": {"name": "Bakery Twice"},
            "userErrors": [],
        }


# -- without replicas, and the settings ---------------------------------------------------


async def test_without_replicas_nothing_is_routed(settings: Settings, api: Api) -> None:
    assert settings.database_replica_urls == ()
    assert read_replicas(settings) is None
    config = database.tortoise_config(settings.database_url)
    # The primary's own pools: PostgreSQL's has a second one for the search.
    pools = ["default", database.SEARCHES] if "postgres" in settings.database_url else ["default"]
    assert list(config["connections"]) == pools
    assert "routers" not in config
    assert [connection.connection_name for connection in connections.all()] == pools
    platform = await factories.master()
    user, membership = await factories.member(platform, "admin@replicas.test")
    token = await factories.session_for(user, membership)
    data = await api.data("{ organizations(first: 5) { totalCount } }", token=token)
    assert data["organizations"]["totalCount"] == 1


def test_the_replica_settings_have_their_defaults() -> None:
    loaded = load_settings({})
    assert loaded.database_replica_urls == ()
    assert loaded.replica_read_your_writes_seconds == 5
    assert loaded.replica_max_lag_seconds == 3
    both = load_settings(
        {
            "DATABASE_URL": "postgres://app@primary/tenantry",
            "DATABASE_REPLICA_URLS": " postgres://app@r1/tenantry , postgresql://app@r2/tenantry",
        }
    )
    assert both.database_replica_urls == (
        "postgres://app@r1/tenantry",
        "postgresql://app@r2/tenantry",
    )
    assert "r1" not in repr(both)  # URLs may hold passwords


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        (
            {"DATABASE_REPLICA_URLS": "postgres://app@r1/tenantry"},
            "DATABASE_REPLICA_URLS needs a PostgreSQL DATABASE_URL",
        ),
        (
            {"DATABASE_URL": "postgres://p/t", "DATABASE_REPLICA_URLS": "sqlite:///tmp/x"},
            "DATABASE_REPLICA_URLS's URL number 1 must start with postgres://",
        ),
        (
            {
                "DATABASE_URL": "postgres://p/t",
                "DATABASE_REPLICA_URLS": "postgres://r1/t,postgres://r2/t?maxsize=0",
            },
            "DATABASE_REPLICA_URLS's URL number 2: url's maxsize must be between 1 and 1000",
        ),
        (
            {
                "DATABASE_URL": "postgres://p/t",
                "DATABASE_REPLICA_URLS": "postgres://r/t,postgres://r/t",
            },
            "DATABASE_REPLICA_URLS names the same replica twice",
        ),
        ({"REPLICA_MAX_LAG_SECONDS": "0"}, "REPLICA_MAX_LAG_SECONDS must be between 1 and 3600"),
        ({"REPLICA_MAX_LAG_SECONDS": "soon"}, "REPLICA_MAX_LAG_SECONDS must be a whole number"),
        (
            {"REPLICA_READ_YOUR_WRITES_SECONDS": "-1"},
            "REPLICA_READ_YOUR_WRITES_SECONDS must be between 0 and 3600",
        ),
    ],
)
def test_bad_replica_settings_are_refused_by_name(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigurationError) as refused:
        load_settings(environ)
    assert str(refused.value).startswith(message), str(refused.value)


def test_read_your_writes_is_remembered_per_viewer_until_it_expires() -> None:
    moment = [100.0]
    replicas = Replicas(1, max_lag_seconds=3, read_your_writes_seconds=5, clock=lambda: moment[0])
    writer, reader = viewer_key("tnt_writer"), viewer_key("tnt_reader")
    assert writer is not None
    assert "tnt_writer" not in writer
    replicas.remember_write(writer)
    replicas.remember_write(None)  # no token: nobody to remember
    assert replicas.wrote_recently(writer)
    assert not replicas.wrote_recently(reader)
    assert not replicas.wrote_recently(None)
    moment[0] += 4.9
    assert replicas.wrote_recently(writer)
    moment[0] += 0.2
    assert not replicas.wrote_recently(writer)


def test_every_transaction_names_its_connection(repo_root: Path) -> None:
    """On PostgreSQL Tortoise has several connections (the search's pool, any replicas),
    and a bare `in_transaction()` refuses to guess which one (ParamsError): the code names
    the primary."""
    bare = [
        f"{path.relative_to(repo_root)}:{number}"
        for folder in ("domain", "gql", "models", "ops", "workers", "bench")
        for path in sorted((repo_root / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "in_transaction()" in line
    ]
    assert bare == [], 'name the connection: in_transaction("default")'


class ScriptedReplicas(Replicas):
    """Replicas whose lag answers come from the test (a number, or an exception raised),
    on a clock the test moves."""

    def __init__(self, answers: list[float | Exception], moment: list[float]) -> None:
        super().__init__(1, max_lag_seconds=3, read_your_writes_seconds=5, clock=lambda: moment[0])
        self.answers = answers
        self.asked = 0
        self.hold: asyncio.Event | None = None

    async def lag_seconds(self, name: str) -> float | None:
        self.asked += 1
        if self.hold is not None:
            await self.hold.wait()
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


async def test_health_is_checked_once_a_second_and_an_unreachable_replica_less_often() -> None:
    moment = [0.0]
    replicas = ScriptedReplicas([0.5, 10.0, OSError("refused"), 0.0], moment)
    assert await replicas.healthy_replica() == "replica_0"
    moment[0] += 0.9
    assert await replicas.healthy_replica() == "replica_0"  # still the first check's word
    assert replicas.asked == 1
    moment[0] += 0.2
    assert await replicas.healthy_replica() is None  # 10 s behind: skipped
    moment[0] += 1.1
    assert await replicas.healthy_replica() is None  # does not answer: skipped ...
    moment[0] += 4.0
    assert await replicas.healthy_replica() is None  # ... and not asked again for 5 s
    assert replicas.asked == 3
    moment[0] += 1.1
    assert await replicas.healthy_replica() == "replica_0"
    assert replicas.asked == 4


async def test_queries_do_not_wait_for_a_check_another_request_is_making() -> None:
    moment = [0.0]
    replicas = ScriptedReplicas([0.0, 0.0], moment)
    assert await replicas.healthy_replica() == "replica_0"
    moment[0] += 1.5
    replicas.hold = asyncio.Event()
    checking = asyncio.ensure_future(replicas.healthy_replica())
    for _ in range(100):  # until the check has begun and waits for the replica's answer
        if replicas.asked == 2:
            break
        await asyncio.sleep(0)
    assert replicas.asked == 2
    # Meanwhile another query goes by the last check at once.
    assert await asyncio.wait_for(replicas.healthy_replica(), 1) == "replica_0"
    replicas.hold.set()
    assert await checking == "replica_0"
