"""Benchmark: webhook deliveries per second, and what writing events costs a mutation.

    python -m bench.webhooks [--postgres postgres://postgres@127.0.0.1:5432/postgres]
                             [--redis redis://127.0.0.1:6379/15] [--events 1000]
                             [--endpoints 8] [--mutations 300]

On a scratch PostgreSQL database (created and dropped), with Redis as the broker:

1. Mutation cost. `updateOrganization` through the whole ASGI app in this process, in
   alternating rounds: without the sequencer's nudge (what it cost before events), with
   it and no endpoint, and with `--endpoints` endpoints that hear it. The mutation never
   delivers: it writes its audit row (as it always did) and nudges the sequencer after
   commit (one Redis message a moment later for every request meanwhile, off the
   request's path: workers/nudge.py). Reported as ratios of the medians (goal <= 1.05).
2. Deliveries per second. `--events` events for `--endpoints` endpoints on the platform
   (events x endpoints deliveries) go out through `tenantry worker --processes 2` to a
   local receiver (bench/webhook_receiver.py under uvicorn), from the sequencer's nudge
   to the last delivery recorded. The baseline, in the same run, is the floor of the same
   work: two processes POSTing the same signed bodies to the same receiver over one
   keep-alive connection each, with no database. Reported with their ratio.
Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import orjson

from bench.asgi import graphql_scope

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "bench-secret-key-" + "x" * 40
ROUND = 20


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def process(command: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not answer")


async def seed(url: str, endpoints: int, receiver: str) -> dict[str, Any]:
    """The platform, a customer to edit, an administrator's token, and the endpoints
    (created disabled: each part of the bench enables what it needs)."""
    from tortoise.timezone import now

    from domain.hierarchy.organizations import new_organization
    from domain.security.tokens import SESSION_PREFIX, hash_secret, new_secret
    from domain.webhooks import secrets
    from models import Membership, SessionToken, User, WebhookEndpoint
    from models.enums import OrganizationKind, Role

    master = await new_organization(OrganizationKind.MASTER, "Platform", None)
    customer = await new_organization(OrganizationKind.CUSTOMER, "Edited", master)
    user = await User.create(email="admin@bench.test", password_hash="!")
    membership = await Membership.create(user=user, organization=master, role=Role.OWNER)
    token = new_secret(SESSION_PREFIX)
    from datetime import timedelta

    await SessionToken.create(
        token_hash=hash_secret(token, SECRET_KEY),
        user=user,
        membership=membership,
        expires_at=now() + timedelta(hours=2),
    )
    secret = secrets.new_secret()
    for number in range(endpoints):
        await WebhookEndpoint.create(
            organization=master,
            url=f"{receiver}/hook/{number}",
            enabled=False,
            secret_sealed=secrets.seal(secret, SECRET_KEY),
        )
    return {"customer": customer.id, "token": token, "secret": secret}


async def mutation_cost(url: str, seeded: dict[str, Any], runs: int) -> tuple[float, ...]:
    """Median ms per updateOrganization: with no event nudge (as before events), with
    the nudge and no endpoint, and with the endpoints enabled."""
    from app import create_app
    from gql.schema.relay import to_global_id
    from models import WebhookEndpoint
    from settings import Settings

    settings = Settings(database_url=url, secret_key=SECRET_KEY, env="production")
    app = create_app(settings, manage_database=False)
    customer = to_global_id("Organization", seeded["customer"])
    query = (
        "mutation($id: ID!, $name: String!) { updateOrganization(input: {id: $id, name: $name})"
        " { organization { id } userErrors { code } } }"
    )
    counter = iter(range(10**9))

    async def one() -> None:
        body = orjson.dumps(
            {"query": query, "variables": {"id": customer, "name": f"n{next(counter)}"}}
        )
        scope = graphql_scope(body, seeded["token"])
        answer = bytearray()

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.body":
                answer.extend(message.get("body", b""))

        await app(scope, receive, send)
        if b'userErrors":[]' not in answer:
            raise SystemExit(f"the mutation failed: {bytes(answer)[:300]!r}")

    import workers.actors

    nudge = workers.actors.nudge_sequencer

    async def round_ms(mode: str) -> float:
        # "before": no nudge at all, what a mutation cost before events existed.
        workers.actors.nudge_sequencer = nudge if mode != "before" else (lambda: None)
        await WebhookEndpoint.all().update(enabled=mode == "endpoints")
        started = time.perf_counter()
        for _ in range(ROUND):
            await one()
        return (time.perf_counter() - started) / ROUND * 1000

    for _ in range(10):
        await one()
    modes = ("before", "none", "endpoints")
    rounds = [[await round_ms(mode) for mode in modes] for _ in range(runs // ROUND)]
    workers.actors.nudge_sequencer = nudge
    await WebhookEndpoint.all().update(enabled=False)
    return tuple(statistics.median(r[i] for r in rounds) for i in range(len(modes)))


def _post_all(target: str, bodies: list[bytes], secret: str) -> None:
    """The baseline's sender: sign and POST each body over one keep-alive connection."""
    from standardwebhooks import Webhook

    signer = Webhook(secret)
    with httpx.Client(timeout=10) as client:
        for number, body in enumerate(bodies):
            message_id = f"msg_base_{os.getpid()}_{number}"
            stamp = int(time.time())
            signature = signer.sign(message_id, _when(stamp), body.decode())
            client.post(
                target,
                content=body,
                headers={
                    "content-type": "application/json",
                    "webhook-id": message_id,
                    "webhook-timestamp": str(stamp),
                    "webhook-signature": signature,
                },
            )


def _when(stamp: int) -> Any:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(stamp, tz=UTC)


async def deliveries_per_second(events: int, wait_seconds: float) -> tuple[int, float]:
    """Write `events` events with every endpoint enabled, nudge the sequencer, and time
    until every delivery succeeded (workers running). (deliveries, seconds)."""
    from tortoise.transactions import in_transaction

    from domain.events import audit
    from models import Organization, WebhookDelivery, WebhookEndpoint
    from models.enums import DeliveryStatus, OrganizationKind
    from workers.actors import send_place_events

    master = await Organization.get(kind=OrganizationKind.MASTER)
    await WebhookEndpoint.all().update(enabled=True)
    endpoints = await WebhookEndpoint.all().count()
    for start in range(0, events, 200):
        async with in_transaction("default"):
            for _ in range(min(200, events - start)):
                await audit.record(None, "organization.update", master)
    expected = events * endpoints
    started = time.perf_counter()
    send_place_events()
    deadline = started + wait_seconds
    while time.perf_counter() < deadline:
        done = await WebhookDelivery.filter(status=DeliveryStatus.SUCCEEDED).count()
        if done >= expected:
            break
        await asyncio.sleep(0.05)
    elapsed = time.perf_counter() - started
    done = await WebhookDelivery.filter(status=DeliveryStatus.SUCCEEDED).count()
    if done < expected:
        failed = await WebhookDelivery.exclude(status=DeliveryStatus.SUCCEEDED).count()
        raise SystemExit(f"only {done} of {expected} deliveries succeeded ({failed} not)")
    return expected, elapsed


def baseline_per_second(receiver: str, bodies: list[bytes], secret: str) -> float:
    halves = [bodies[0::2], bodies[1::2]]
    started = time.perf_counter()
    workers = [
        multiprocessing.Process(target=_post_all, args=(f"{receiver}/hook/base", half, secret))
        for half in halves
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return len(bodies) / (time.perf_counter() - started)


async def main(options: argparse.Namespace) -> None:
    from tortoise import Tortoise

    import database

    name = f"tenantry_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(options.postgres.replace("postgres://", "postgresql://", 1))
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = options.postgres.rsplit("/", 1)[0] + "/" + name
    port = free_port()
    receiver = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "BROKER_URL": options.redis,
        "SECRET_KEY": SECRET_KEY,
        "TENANTRY_ENV": "development",  # the receiver is on loopback
        "WEBHOOK_ALLOW_PRIVATE_NETWORKS": "true",
        "PYTHONPATH": str(ROOT),
    }
    try:
        await database.migrate(url)
        seeded = await seed(url, options.endpoints, receiver)
        before, without, with_endpoints = await mutation_cost(url, seeded, options.mutations)
        print("updateOrganization, median ms of alternating rounds:")
        print(f"  without the event nudge (before)    {before:8.2f} ms")
        print(f"  no endpoint                         {without:8.2f} ms")
        label = f"{options.endpoints} endpoints hearing it"
        print(f"  {label:<36}{with_endpoints:8.2f} ms")
        ratio = with_endpoints / without
        print(f"  ratio endpoints / no endpoint       {ratio:8.3f} x  (goal <= 1.05)")
        print(f"  ratio endpoints / before            {with_endpoints / before:8.3f} x")
        from redis import Redis

        from domain.events import sequencer
        from models import WebhookDelivery

        # The mutations' events are placed now, with every endpoint disabled, and their
        # queued nudges dropped: the delivery part counts its own events only.
        await sequencer.place_pending()
        await WebhookDelivery.all().delete()
        redis_client = Redis.from_url(options.redis)
        redis_client.flushdb()
        redis_client.close()
        with (
            process(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "bench.webhook_receiver:app",
                    "--port",
                    str(port),
                    "--log-level",
                    "warning",
                    "--no-access-log",
                ],
                env,
            ),
            process([sys.executable, "-m", "cli", "worker", "--processes", "2"], env),
        ):
            wait_for(f"{receiver}/count")
            sent, seconds = await deliveries_per_second(options.events, options.timeout)
            bodies = [
                orjson.dumps({"type": "organization.updated", "timestamp": "t", "data": {"n": n}})
                for n in range(sent)
            ]
            floor = baseline_per_second(receiver, bodies, seeded["secret"])
        ours = sent / seconds
        print(f"deliveries                            {sent:8d}  in {seconds:.2f} s")
        print(f"deliveries per second (2 workers)     {ours:8.1f}")
        print(f"baseline POSTs per second (2 procs)   {floor:8.1f}")
        print(f"ratio ours / baseline                 {ours / floor:8.3f}")
    finally:
        await Tortoise.close_connections()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--endpoints", type=int, default=8)
    parser.add_argument("--mutations", type=int, default=300)
    parser.add_argument("--timeout", type=float, default=600)
    return parser.parse_args()


if __name__ == "__main__":
    opts = parse()
    os.environ.setdefault("BROKER_URL", opts.redis)  # before workers.broker is imported
    os.environ.setdefault("SECRET_KEY", SECRET_KEY)
    asyncio.run(main(opts))
