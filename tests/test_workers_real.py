"""Purges run by real `tenantry worker` processes on Redis and RabbitMQ, and by
`tenantry serve` alone in the embedded mode.

The broker tests need TEST_BROKER_URL (Redis) / TEST_AMQP_URL (RabbitMQ): `.ci/run` sets
both for its PostgreSQL run, where the worker processes share the test database.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from uuid import UUID

import httpx
import pytest
from tortoise import Tortoise

from domain.actor import Actor
from domain.jobs import purge
from models import DeletionJob, Membership, Organization, Service, User
from models.enums import JobStatus, OrganizationKind, OrganizationStatus, Role, ServiceKind
from tests import factories
from tests.processes import CLI, free_port, run_cli, serve
from workers.actors import INTERNAL_FAILURE

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_BROKER_URL", "")
AMQP_URL = os.environ.get("TEST_AMQP_URL", "")

# One broker (Redis db, RabbitMQ vhost) for the whole run, and worker processes whose
# timing the tests wait on: CI runs these in one process after the others (`-m broker`),
# so no two of them empty or read each other's queues, nor share the cores with the rest.
pytestmark = pytest.mark.broker
needs_postgres = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"),
    reason="worker processes share the test database: PostgreSQL run only",
)


def _env(database_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
        "JOB_STALE_SECONDS": "1",
        "BCRYPT_ROUNDS": "4",
        **extra,
    }


class Workers:
    """`tenantry worker` processes, each in its own process group (dramatiq forks)."""

    def __init__(self, database_url: str, broker_url: str, tmp_path: Path, **settings: str) -> None:
        self.env = _env(database_url, BROKER_URL=broker_url, PURGE_BATCH_SIZE="3", **settings)
        self.tmp_path = tmp_path
        self.processes: list[subprocess.Popen[bytes]] = []
        self.log_files: list[IO[bytes]] = []

    def start(self) -> subprocess.Popen[bytes]:
        log = open(self.tmp_path / f"worker-{len(self.processes)}.log", "wb")  # noqa: SIM115
        self.log_files.append(log)
        process = subprocess.Popen(
            [*CLI, "worker", "--processes", "1", "--threads", "2"],
            cwd=self.tmp_path,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=20)
        for log in self.log_files:
            log.close()

    def logs(self) -> str:
        return "\n".join(p.read_text() for p in sorted(self.tmp_path.glob("worker-*.log")))


def _flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def workers_on_redis(db: str, tmp_path: Path, **settings: str) -> Iterator[Workers]:
    """The body of a fixture: workers on an emptied TEST_BROKER_URL (a skip without it),
    with `settings` in their environment, all stopped when the test ends."""
    if not REDIS_URL:
        pytest.skip("TEST_BROKER_URL (Redis) is not set")
    _flush_redis(REDIS_URL)
    workers = Workers(db, REDIS_URL, tmp_path, **settings)
    yield workers
    workers.stop_all()


@pytest.fixture
def redis_workers(db: str, tmp_path: Path) -> Iterator[Workers]:
    yield from workers_on_redis(db, tmp_path)


async def _tree(customers: int, services: int) -> dict[str, Any]:
    master = await factories.master()
    admin, _ = await factories.quick_member(master, "admin@example.com")
    keeper = await factories.organization(OrganizationKind.CUSTOMER, master, name="Keeper")
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Doomed")
    sub = await factories.organization(OrganizationKind.RESELLER, reseller, name="Doomed Sub")
    for number in range(customers):
        customer = await factories.organization(
            OrganizationKind.CUSTOMER, sub if number % 2 else reseller, name=f"C{number}"
        )
        await factories.quick_member(customer, f"owner{number}@example.com")
        await Service.bulk_create(
            [
                Service(organization=customer, kind=ServiceKind.WEBSITE, name=f"s{number}-{i}")
                for i in range(services)
            ]
        )
    shared = await User.create(email="shared@example.com", password_hash="!")
    first = await Organization.get(name="C0")
    await Membership.create(user=shared, organization=first, role=Role.ADMIN)
    await Membership.create(user=shared, organization=keeper, role=Role.ADMIN)
    await Organization.filter(id=reseller.id).update(status=OrganizationStatus.DELETED)
    actor = Actor(organization=master, role=Role.OWNER, access_rights=frozenset(), user=admin)
    (requested,) = await purge.request(actor, [reseller.id], dry_run=False)
    assert requested.job is not None
    return {"job": requested.job.id, "reseller": reseller}


async def _wait_for(
    job_id: UUID, condition: Any, workers: Workers, seconds: float = 90
) -> DeletionJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = await DeletionJob.get(id=job_id)
        if condition(job):
            return job
        await asyncio.sleep(0.05)
    raise AssertionError(
        f"job never got there: {job.status} {job.phase} {job.done}/{job.total}\n{workers.logs()}"
    )


async def _assert_tree_gone_cleanly(job: DeletionJob) -> None:
    assert job.status == JobStatus.DONE
    assert job.done == job.total
    assert {o.name for o in await Organization.all()} == {"Platform", "Keeper"}
    assert await Service.all().count() == 0
    # No orphans anywhere: every remaining row points at something that exists.
    connection = Tortoise.get_connection("default")
    for model in Tortoise.apps["models"].values():
        for name in model._meta.fk_fields:
            field = model._meta.fields_map[name]
            column = field.source_field or f"{name}_id"
            target = field.related_model._meta.db_table
            table = model._meta.db_table
            rows = await connection.execute_query_dict(
                f'SELECT COUNT(*) AS n FROM "{table}" t WHERE t."{column}" IS NOT NULL '
                f'AND NOT EXISTS (SELECT 1 FROM "{target}" r WHERE r.id = t."{column}")'
            )
            assert rows[0]["n"] == 0, f"orphans in {table}.{column}"
    assert sorted(u.email for u in await User.all()) == ["admin@example.com", "shared@example.com"]
    assert await Membership.filter(user__email="shared@example.com").count() == 1


@needs_postgres
async def test_a_redis_worker_purges_a_tree_without_orphans(redis_workers: Workers) -> None:
    tree = await _tree(customers=6, services=4)
    await asyncio.sleep(1.1)  # the job is "silent": the worker sends it when it starts

    redis_workers.start()
    job = await _wait_for(
        tree["job"], lambda j: j.status in (JobStatus.DONE, JobStatus.FAILED), redis_workers
    )

    await _assert_tree_gone_cleanly(job)


@needs_postgres
async def test_a_worker_killed_mid_purge_is_replaced_and_the_job_completes(
    redis_workers: Workers,
) -> None:
    tree = await _tree(customers=30, services=8)
    await asyncio.sleep(1.1)
    first = redis_workers.start()
    await _wait_for(
        tree["job"], lambda j: j.status == JobStatus.RUNNING and j.done >= 30, redis_workers
    )

    redis_workers.kill(first)  # kill -9, mid-purge
    stopped_at = await DeletionJob.get(id=tree["job"])
    assert stopped_at.status == JobStatus.RUNNING
    assert 0 < stopped_at.done < stopped_at.total
    await asyncio.sleep(1.1)  # silent long enough to be re-sent
    redis_workers.start()
    job = await _wait_for(tree["job"], lambda j: j.status == JobStatus.DONE, redis_workers)

    await _assert_tree_gone_cleanly(job)


@needs_postgres
async def test_the_same_job_delivered_twice_at_once_ends_the_same(redis_workers: Workers) -> None:
    tree = await _tree(customers=10, services=6)
    await asyncio.sleep(1.1)

    redis_workers.start()  # each worker sends the silent job at start: two messages,
    redis_workers.start()  # two processes on one job
    job = await _wait_for(tree["job"], lambda j: j.status == JobStatus.DONE, redis_workers)

    await _assert_tree_gone_cleanly(job)


@needs_postgres
async def test_a_rabbitmq_worker_purges_a_tree(db: str, tmp_path: Path) -> None:
    if not AMQP_URL:
        pytest.skip("TEST_AMQP_URL (RabbitMQ) is not set")
    workers = Workers(db, AMQP_URL, tmp_path)
    tree = await _tree(customers=4, services=3)
    await asyncio.sleep(1.1)
    try:
        workers.start()
        job = await _wait_for(tree["job"], lambda j: j.status == JobStatus.DONE, workers)
    finally:
        workers.stop_all()

    await _assert_tree_gone_cleanly(job)


LOGIN = """
mutation { login(input: {email: "admin@example.com", password: "long enough pw"}) { token } }
"""
CREATE = """
mutation {
  createCustomer(input: {name: "Short-lived", owner: {email: "o@example.com"}}) {
    organization { id }
  }
}
"""
DELETE = """
mutation ($ids: [ID!]!) {
  deleteOrganizations(input: {ids: $ids}) { results { userErrors { code } } }
}
"""
PURGE = """
mutation ($ids: [ID!]!) {
  purgeOrganizations(input: {ids: $ids}) { results { job { id } userErrors { code } } }
}
"""


def test_serve_alone_runs_a_purge_to_done(fresh_database_url: str, tmp_path: Path) -> None:
    """The embedded mode: no broker, no worker process; `tenantry serve` does it all."""
    env = _env(fresh_database_url)
    env.pop("BROKER_URL", None)
    boot = run_cli(
        ["bootstrap", "--email", "admin@example.com", "--password", "long enough pw"],
        cwd=tmp_path,
        env=env,
    )
    assert boot.returncode == 0, boot.stderr
    with serve(cwd=tmp_path, env=env) as server:

        def call(
            query: str, variables: dict[str, Any] | None = None, token: str | None = None
        ) -> Any:
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            body = httpx.post(
                server.graphql,
                json={"query": query, "variables": variables or {}},
                headers=headers,
                timeout=30,
            ).json()
            assert "errors" not in body, body
            return body["data"]

        token = call(LOGIN)["login"]["token"]
        created = call(CREATE, token=token)
        ids = [created["createCustomer"]["organization"]["id"]]
        call(DELETE, {"ids": ids}, token)
        purged = call(PURGE, {"ids": ids}, token)
        job_id = purged["purgeOrganizations"]["results"][0]["job"]["id"]
        status = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and status != "DONE":
            status = call(
                "query ($id: ID!) { deletionJob(id: $id) { status } }", {"id": job_id}, token
            )["deletionJob"]["status"]
            time.sleep(0.2)
        assert status == "DONE"
        gone = call("query ($id: ID!) { organization(id: $id) { id } }", {"id": ids[0]}, token)
        assert gone == {"organization": None}


BLOCK_DELETES = """
CREATE OR REPLACE FUNCTION tenantry_test_block() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'blocked by the test'; END $$ LANGUAGE plpgsql;
CREATE TRIGGER tenantry_test_block BEFORE DELETE ON organization
FOR EACH ROW EXECUTE FUNCTION tenantry_test_block();
"""
UNBLOCK_DELETES = """
DROP TRIGGER IF EXISTS tenantry_test_block ON organization;
DROP FUNCTION IF EXISTS tenantry_test_block();
"""
JOB = "query ($id: ID!) { deletionJob(id: $id) { status attempts error done total } }"
RETRY = """
mutation ($id: ID!) { retryDeletionJob(input: {id: $id}) { job { status } userErrors { code } } }
"""


@needs_postgres
async def test_a_failing_batch_retries_fails_visibly_and_a_retry_finishes_it(
    api: Any, db: str, redis_workers: Workers, tmp_path: Path
) -> None:
    from gql.schema.relay import to_global_id

    tree = await _tree(customers=3, services=2)
    admin_user = await User.get(email="admin@example.com")
    admin = await factories.session_for(admin_user, await Membership.get(user=admin_user))
    job_gid = to_global_id("DeletionJob", tree["job"])
    connection = Tortoise.get_connection("default")
    await connection.execute_script(BLOCK_DELETES)  # the organizations phase fails for real
    try:
        await asyncio.sleep(1.1)
        redis_workers.start()
        await _wait_for(tree["job"], lambda j: j.status == JobStatus.FAILED, redis_workers)
        failed = (await api.data(JOB, {"id": job_gid}, admin))["deletionJob"]
        assert failed["status"] == "FAILED"
        assert failed["attempts"] == 4  # the first run and three retries
        # The viewer reads that it failed; the cause (the database's message) is the log's.
        assert failed["error"] == INTERNAL_FAILURE
        logged = await asyncio.to_thread(_worker_logs, tmp_path)
        assert "blocked by the test" in logged
        assert 0 < failed["done"] < failed["total"]  # everything but the organizations went
    finally:
        await connection.execute_script(UNBLOCK_DELETES)

    retried = await api.data(RETRY, {"id": job_gid}, admin)
    assert retried["retryDeletionJob"] == {"job": {"status": "QUEUED"}, "userErrors": []}
    await asyncio.sleep(1.1)  # silent long enough for the scheduler to send it again
    tick = await asyncio.to_thread(
        run_cli, ["scheduler", "--once"], cwd=tmp_path, env=redis_workers.env
    )
    assert tick.returncode == 0, tick.stderr
    assert "re-sent 1 jobs" in tick.stdout
    assert "no BROKER_URL" not in tick.stderr  # it has one: the jobs go to the workers
    job = await _wait_for(tree["job"], lambda j: j.status == JobStatus.DONE, redis_workers)

    await _assert_tree_gone_cleanly(job)


def _worker_logs(folder: Path) -> str:
    return "".join(log.read_text() for log in sorted(folder.glob("worker-*.log")))


def _sql(database_url: str, statement: str, *params: Any) -> list[tuple[Any, ...]]:
    """One statement on a database the test process has no Tortoise connection to; its
    parameters are written `{}`, in order."""
    from database import dialect_of, placeholder

    dialect = dialect_of(database_url)
    statement = statement.format(*(placeholder(dialect, n) for n in range(1, len(params) + 1)))
    if dialect == "sqlite":
        import sqlite3

        values = [v.isoformat(sep=" ") if isinstance(v, datetime) else v for v in params]
        with closing(sqlite3.connect(database_url.removeprefix("sqlite://"))) as connection:
            rows = connection.execute(statement, values).fetchall()
            connection.commit()
            return rows

    async def run() -> list[tuple[Any, ...]]:
        import asyncpg

        connection = await asyncpg.connect(database_url.replace("postgres://", "postgresql://"))
        try:
            return [tuple(row) for row in await connection.fetch(statement, *params)]
        finally:
            await connection.close()

    return asyncio.run(run())


def test_serve_alone_runs_the_scheduler_and_stops_cleanly(
    fresh_database_url: str, tmp_path: Path
) -> None:
    """The embedded mode, two API processes: their scheduler purges a DELETED organization
    whose purgeAfter has passed, with no `tenantry scheduler` anywhere."""
    env = _env(fresh_database_url, SCHEDULER_INTERVAL_SECONDS="1", JOB_STALE_SECONDS="120")
    env.pop("BROKER_URL", None)
    env.pop("EMBEDDED_SCHEDULER", None)
    demo = run_cli(["demo"], cwd=tmp_path, env=env)
    assert demo.returncode == 0, demo.stderr
    _sql(
        fresh_database_url,
        "UPDATE organization SET status_before_delete = status, status = 'DELETED', "
        "purge_after = {} WHERE name = 'Globex Consulting'",
        datetime(2000, 1, 1, tzinfo=UTC),
    )
    ((organizations,),) = _sql(fresh_database_url, "SELECT COUNT(*) FROM organization")

    log_path = tmp_path / "serve.log"
    # A clean stop takes a while: both processes finish their lifespans.
    with serve("--workers", "2", cwd=tmp_path, env=env, log=log_path, stop_seconds=120) as server:
        jobs: list[tuple[Any, ...]] = []
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and [status for (status,) in jobs] != ["DONE"]:
            time.sleep(0.3)
            jobs = _sql(
                fresh_database_url,
                "SELECT status FROM deletion_job WHERE organization_name = {}",
                "Globex Consulting",
            )
        assert [status for (status,) in jobs] == ["DONE"], log_path.read_text()

    output = log_path.read_text()
    assert server.process.returncode == 0, output
    assert output.count("Application shutdown complete") == 2, output
    # Our INFO lines reach the log from the worker processes too.
    assert "INFO tenantry.scheduler re-sent 0 silent jobs, started 1 retention purges" in output
    for trouble in ("Traceback", "never retrieved", "destroyed but it is pending", "ERROR"):
        assert trouble not in output, output
    assert (
        _sql(fresh_database_url, "SELECT id FROM organization WHERE name = {}", "Globex Consulting")
        == []
    )
    assert _sql(fresh_database_url, "SELECT COUNT(*) FROM organization") == [(organizations - 1,)]


RESTORE = """
mutation ($ids: [ID!]!) {
  restoreOrganizations(input: {ids: $ids}) { results { userErrors { code } } }
}
"""


async def _admin_token() -> str:
    admin_user = await User.get(email="admin@example.com")
    return await factories.session_for(admin_user, await Membership.get(user=admin_user))


async def _tree_rows() -> dict[str, int]:
    return {
        "organizations": await Organization.all().count(),
        "users": await User.all().count(),
        "memberships": await Membership.all().count(),
        "services": await Service.all().count(),
    }


@needs_postgres
async def test_a_restore_while_the_purge_is_queued_is_refused_and_the_worker_purges_it(
    api: Any, redis_workers: Workers
) -> None:
    from gql.schema.relay import to_global_id

    tree = await _tree(customers=4, services=3)
    ids = [to_global_id("Organization", tree["reseller"].id)]

    restored = await api.data(RESTORE, {"ids": ids}, await _admin_token())

    assert restored["restoreOrganizations"]["results"] == [
        {"userErrors": [{"code": "INVALID_STATE"}]}
    ]
    assert (await DeletionJob.get(id=tree["job"])).status == JobStatus.QUEUED
    await asyncio.sleep(1.1)
    redis_workers.start()
    job = await _wait_for(
        tree["job"], lambda j: j.status in (JobStatus.DONE, JobStatus.FAILED), redis_workers
    )
    await _assert_tree_gone_cleanly(job)  # no half-restored tree: all of it went


@needs_postgres
async def test_a_worker_stops_a_purge_whose_organization_is_no_longer_deleted(
    api: Any, redis_workers: Workers
) -> None:
    from gql.schema.relay import to_global_id

    tree = await _tree(customers=4, services=3)
    # A restore that came in after the purge was asked for (forced: the API refuses it).
    await Organization.filter(id=tree["reseller"].id).update(status=OrganizationStatus.ACTIVE)
    before = await _tree_rows()
    await asyncio.sleep(1.1)

    redis_workers.start()
    await _wait_for(tree["job"], lambda j: j.status == JobStatus.FAILED, redis_workers)

    job = (
        await api.data(JOB, {"id": to_global_id("DeletionJob", tree["job"])}, await _admin_token())
    )["deletionJob"]
    assert job["status"] == "FAILED"
    assert job["done"] == 0
    assert "active again" in job["error"]
    assert await _tree_rows() == before  # nothing deleted


BROKERLESS_CREATE = """
mutation {
  createCustomer(input: {name: "Brokerless", owner: {email: "brokerless@example.com"}}) {
    organization { id } generatedPassword userErrors { code }
  }
}
"""
REQUEST_RESET = """
mutation { requestPasswordReset(input: {email: "admin@example.com"}) { accepted } }
"""


@needs_postgres
async def test_with_the_broker_down_mutations_succeed_and_the_scheduler_sends_later(
    redis_workers: Workers, tmp_path: Path
) -> None:
    """`tenantry serve` with BROKER_URL at a closed port: every mutation that queues work
    answers a success with its rows committed; once the broker is back, one `tenantry
    scheduler --once` sends it all, and a worker does it."""
    from gql.schema.relay import to_global_id
    from models import OutboxEmail
    from models.enums import EmailStatus

    tree = await _tree(customers=2, services=1)  # its purge job is QUEUED, never sent
    await DeletionJob.filter(id=tree["job"]).delete()
    token = await _admin_token()
    env = {**redis_workers.env, "BROKER_URL": f"redis://127.0.0.1:{free_port()}/0"}
    # /livez, serve's default: /readyz would wait out the broker this test keeps down.
    # Entered and left in a thread, as the calls below run: starting and stopping block.
    server = serve(cwd=tmp_path, env=env, log=tmp_path / "serve.log")
    live = await asyncio.to_thread(server.__enter__)

    def call(query: str, variables: dict[str, Any] | None = None) -> Any:
        response = httpx.post(
            live.graphql,
            json={"query": query, "variables": variables or {}},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        body = response.json()
        assert "errors" not in body, body
        return body["data"]

    try:
        created = await asyncio.to_thread(call, BROKERLESS_CREATE)
        reset = await asyncio.to_thread(call, REQUEST_RESET)
        ids = [to_global_id("Organization", tree["reseller"].id)]
        purged = await asyncio.to_thread(call, PURGE, {"ids": ids})
    finally:
        await asyncio.to_thread(server.__exit__, None, None, None)
    log = (tmp_path / "serve.log").read_text()

    assert created["createCustomer"]["userErrors"] == []
    assert created["createCustomer"]["generatedPassword"]
    assert reset == {"requestPasswordReset": {"accepted": True}}
    assert purged["purgeOrganizations"]["results"][0]["userErrors"] == []
    assert "could not queue" in log, log
    assert "Traceback" not in log, log
    assert await Organization.filter(name="Brokerless").exists()
    job = await DeletionJob.get(organization_id=tree["reseller"].id)
    assert job.status == JobStatus.QUEUED
    assert await OutboxEmail.filter(status=EmailStatus.PENDING).count() == 2  # welcome, reset

    await asyncio.sleep(1.1)  # silent for JOB_STALE_SECONDS
    tick = await asyncio.to_thread(
        run_cli, ["scheduler", "--once"], cwd=tmp_path, env=redis_workers.env
    )
    assert tick.returncode == 0, tick.stderr
    assert "re-sent 3 jobs" in tick.stdout, tick.stdout
    redis_workers.start()

    await _wait_for(job.id, lambda j: j.status == JobStatus.DONE, redis_workers)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        sent = [e.kind for e in await OutboxEmail.filter(status=EmailStatus.SENT)]
        if sorted(sent) == ["password-reset", "welcome"]:
            break
        await asyncio.sleep(0.1)
    assert sorted(sent) == ["password-reset", "welcome"], redis_workers.logs()
