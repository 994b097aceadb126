"""Benchmark: the read path over HTTP, against hand-written baselines measured in the same run.

    python -m bench.reads [--postgres postgres://postgres@127.0.0.1:5432/tenantry_bench]
                          [--manifest FILE] [--seconds 10] [--connections 8] [--only a,b]
                          [--json RUN.json]

1. Seeds the database (bench/seed.py; skipped with --manifest FILE from an earlier seed).
2. Starts `tenantry serve --workers 2` (production mode) and the baseline Starlette app
   (bench/baseline_app.py, also 2 uvicorn workers) on loopback ports.
3. Per scenario (bench/scenarios.py): checks the GraphQL answer equals the baseline's, then
   - what one request sends to PostgreSQL (bench/round_trips.py): statements, statements
     with a page of 10 instead of 100, round trips counted on the wire;
   - server time in-process: the whole ASGI app per request, against the asyncpg + orjson
     lower bound doing the same fetches (medians of alternating rounds, no network);
   - over HTTP with wrk: requests/s and p50/p95/p99 for GraphQL and the baseline endpoint.
4. Scenario (a) at rest and then while 20 clients hammer `login` with a wrong password,
   three pairs of runs (the median ratio of their p99s is the figure).
Prints a table with the ratios, ending with the goals of issue 17 one run can judge
(bench/goals.py); `--json RUN.json` also writes the figures, for `python -m bench.goals`
to compare runs on other seeds (--scale) or another build (--reference). Not a test:
nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import asyncpg
import orjson

from bench import baseline, goals
from bench.asgi import graphql_scope
from bench.load import LoadResult, ensure_wrk, run_load
from bench.round_trips import Sent, sent_per_request
from bench.scenarios import Scenario, scenarios

# A fresh key per run: production mode refuses a guessable one, and nothing a run signs
# (sessions, cursors) outlives it; the servers it starts are given the same key.
SECRET_KEY = "bench-" + secrets.token_hex(24)
LOGIN = "mutation ($email: String!, $password: String!) { login(input: {email: $email, password: $password}) { token userErrors { code } } }"  # noqa: E501


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(
    command: list[str], env: dict[str, str], port: int, probe: str
) -> Iterator[tuple[str, int]]:
    """Run a server process until the block ends; yields its base URL and pid once it
    answers."""
    process = subprocess.Popen(
        command,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + probe, timeout=1)
                break
            except urllib.error.HTTPError:
                break  # it answers, if only to say the probe path is not there
            except OSError:
                if process.poll() is not None:
                    raise SystemExit(f"server exited: {' '.join(command)}") from None
                time.sleep(0.1)
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def post(url: str, body: dict[str, Any], token: str | None = None) -> dict[str, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, orjson.dumps(body), headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return dict(orjson.loads(response.read()))


def login(graphql: str, email: str, password: str) -> str:
    answer = post(graphql, {"query": LOGIN, "variables": {"email": email, "password": password}})
    token = answer["data"]["login"]["token"]
    if not token:
        raise SystemExit(f"login failed for {email}: {answer}")
    return str(token)


@dataclass
class Row:
    scenario: Scenario
    graphql_ms: float
    lower_bound_ms: float
    graphql: LoadResult
    baseline: LoadResult
    sent: Sent


def check_same_answer(graphql: str, scenario: Scenario, token: str, url: str) -> None:
    """The baseline is a fair floor only if it answers exactly what the API answers."""
    body = {"query": scenario.query, "variables": scenario.variables}
    expected = post(graphql, body, token)

    async def fetch() -> dict[str, Any]:
        db = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
        try:
            raw = await baseline.answer(db, scenario.key, token, SECRET_KEY, scenario.variables)
            return dict(orjson.loads(raw))
        finally:
            await db.close()

    got = asyncio.run(fetch())
    if "errors" in expected or got != expected:
        Path(f"bench-mismatch-{scenario.key}.json").write_bytes(
            orjson.dumps({"graphql": expected, "baseline": got}, option=orjson.OPT_INDENT_2)
        )
        raise SystemExit(f"scenario {scenario.key}: the baseline's answer differs (file written)")


def print_table(rows: list[Row], pairs: list[tuple[LoadResult, LoadResult]]) -> None:
    print()
    print(
        f"{'scenario':<36} {'server ms':>9} {'floor ms':>8} {'x':>6}   "
        f"{'GraphQL req/s':>13} {'p50':>6} {'p95':>6} {'p99':>6}   "
        f"{'baseline req/s':>14} {'p95':>6} {'x':>6}   {'statements':>10} {'trips':>5}"
    )
    for row in rows:
        g, b = row.graphql, row.baseline
        print(
            f"({row.scenario.key}) {row.scenario.title:<32} {row.graphql_ms:>9.2f} "
            f"{row.lower_bound_ms:>8.2f} {row.graphql_ms / row.lower_bound_ms:>6.1f}   "
            f"{g.per_second:>13.0f} {g.p50_ms:>6.1f} {g.p95_ms:>6.1f} {g.p99_ms:>6.1f}   "
            f"{b.per_second:>14.0f} {b.p95_ms:>6.1f} {b.per_second / g.per_second:>6.1f}   "
            f"{row.sent.statements:>10} {row.sent.round_trips:>5}"
        )
    if pairs:
        print("\n(a) p99 at rest, then while 20 clients hammer login with a wrong password:")
        for at_rest, hammered in pairs:
            print(
                f"    {at_rest.p99_ms:.1f} ms -> {hammered.p99_ms:.1f} ms: "
                f"{hammered.p99_ms / at_rest.p99_ms:.2f}x"
            )
        ratios = sorted(h.p99_ms / r.p99_ms for r, h in pairs)
        print(f"    median {ratios[len(ratios) // 2]:.2f}x (goal <= 1.5x)")
    print("\np95/p50 and wrk's connections per worker pid (counted half-way through each run):")
    for row in rows:
        g, b = row.graphql, row.baseline
        print(
            f"({row.scenario.key}) GraphQL {g.tail_ratio:.2f} [{g.spread()}]   "
            f"baseline {b.tail_ratio:.2f} [{b.spread()}]"
        )
    failures = sum(r.graphql.failures + r.baseline.failures for r in rows)
    print(f"socket errors and non-2xx answers during the runs: {failures}")


def run_json(
    rows: list[Row],
    pairs: list[tuple[LoadResult, LoadResult]],
    manifest: dict[str, Any],
    options: argparse.Namespace,
) -> dict[str, Any]:
    """The run's figures, as `--json` writes them and bench/goals.py reads them."""
    return {
        "connections": options.connections,
        "workers": options.workers,
        "seconds": options.seconds,
        "runs": options.runs,
        "counts": manifest.get("counts", {}),
        "scenarios": {
            row.scenario.key: {
                "title": row.scenario.title,
                "server_ms": row.graphql_ms,
                "floor_ms": row.lower_bound_ms,
                **asdict(row.sent),
                "graphql": asdict(row.graphql),
                "baseline": asdict(row.baseline),
            }
            for row in rows
        },
        "login_pairs": [
            {"at_rest_p99_ms": at_rest.p99_ms, "hammered_p99_ms": hammered.p99_ms}
            for at_rest, hammered in pairs
        ],
    }


ROUND = 20  # requests per round of the in-process comparison
PAIRS = 3  # at-rest and hammered runs of scenario (a) for the login-load comparison


def settle_heap() -> None:
    """What a served process of the tree measured does once it has started (app.py's
    lifespan, ops/heap.py), if it does: the reference tree may predate it."""
    try:
        from ops.heap import freeze_startup_heap
    except ImportError:
        return
    freeze_startup_heap()


async def server_and_floor_ms(
    url: str, scenario: Scenario, token: str, runs: int
) -> tuple[float, float]:
    """Median time per request of the whole ASGI app (auth, parse cache, execution, JSON)
    in this process, and of the hand-written asyncpg + orjson answer (the lower bound),
    without the network.

    Measured in alternating rounds of ROUND requests each, so that both see the machine
    in the same state: on shared cores a stretch of slowness would otherwise land on one
    side only. Each is the median of its rounds.
    """
    from tortoise import Tortoise

    from app import create_app
    from database import tortoise_config
    from settings import Settings

    settings = Settings(database_url=url, secret_key=SECRET_KEY, env="production")
    app = create_app(settings, manage_database=False)
    await Tortoise.init(config=tortoise_config(url))
    db = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    body = orjson.dumps({"query": scenario.query, "variables": scenario.variables})
    scope = graphql_scope(body, token)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.start" and message["status"] != 200:
            raise SystemExit(f"scenario {scenario.key}: HTTP {message['status']} in-process")

    async def server() -> None:
        await app(dict(scope), receive, send)

    async def floor() -> None:
        await baseline.answer(db, scenario.key, token, SECRET_KEY, scenario.variables)

    async def round_ms(request: Any) -> float:
        started = time.perf_counter()
        for _ in range(ROUND):
            await request()
        return (time.perf_counter() - started) / ROUND * 1000

    try:
        for _ in range(5):
            await server()
            await floor()
        settle_heap()
        rounds = [(await round_ms(server), await round_ms(floor)) for _ in range(runs // ROUND)]
        return statistics.median(s for s, _ in rounds), statistics.median(f for _, f in rounds)
    finally:
        await db.close()
        await Tortoise.close_connections()
        # Each scenario's app is frozen as a served process's is, once: the next one's
        # freeze must not keep this app, garbage by then, out of the collector's reach.
        gc.unfreeze()


async def forget_login_failures(url: str) -> None:
    db = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await db.execute("DELETE FROM login_throttle")
    finally:
        await db.close()


def run(url: str, manifest: dict[str, Any], options: argparse.Namespace) -> None:
    ensure_wrk()
    tenantry = str(Path(sys.executable).parent / "tenantry")
    serve_port, baseline_port = free_port(), free_port()
    env = {"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "TENANTRY_ENV": "production"}
    env["ALLOW_EMBEDDED_BROKER_IN_PRODUCTION"] = "true"  # the bench measures reads, no jobs
    serve = [tenantry, "serve", "--host", "127.0.0.1", "--port", str(serve_port)]
    serve += ["--workers", str(options.workers)]
    plain = [sys.executable, "-m", "uvicorn", "bench.baseline_app:app", "--port"]
    plain += [str(baseline_port), "--workers", str(options.workers), "--no-access-log"]
    plain += ["--log-level", "warning"]
    with (
        server(serve, env, serve_port, "/healthz") as (api, api_pid),
        server(plain, {**env, "BENCH_DATABASE_URL": url}, baseline_port, "/docs") as (
            floor,
            floor_pid,
        ),
    ):
        graphql = api + "/graphql"
        # An earlier run's login hammer leaves this address blocked for a while.
        asyncio.run(forget_login_failures(url))
        tokens = {
            "reseller": login(graphql, manifest["reseller_email"], manifest["password"]),
            "administrator": login(graphql, manifest["admin_email"], manifest["password"]),
        }
        rows: list[Row] = []
        chosen = scenarios(manifest["user_global_id"])
        for scenario in chosen:
            if options.only and scenario.key not in options.only.split(","):
                continue
            token = tokens[scenario.viewer]
            check_same_answer(graphql, scenario, token, url)
            body = orjson.dumps({"query": scenario.query, "variables": scenario.variables})
            headers = {"Authorization": f"Bearer {token}"}
            load = {"seconds": options.seconds, "connections": options.connections}
            print(f"({scenario.key}) {scenario.title} ...", flush=True)
            sent = asyncio.run(sent_per_request(url, SECRET_KEY, scenario, token))
            server_ms, floor_ms = asyncio.run(
                server_and_floor_ms(url, scenario, token, options.runs)
            )
            rows.append(
                Row(
                    scenario=scenario,
                    graphql_ms=server_ms,
                    lower_bound_ms=floor_ms,
                    graphql=run_load(
                        graphql, body, headers=headers, workers_of=(serve_port, api_pid), **load
                    ),
                    baseline=run_load(
                        f"{floor}/{scenario.key}",
                        body,
                        headers=headers,
                        workers_of=(baseline_port, floor_pid),
                        **load,
                    ),
                    sent=sent,
                )
            )
        pairs: list[tuple[LoadResult, LoadResult]] = []
        if rows and rows[0].scenario.key == "a" and not options.skip_login_load:
            pairs = login_load_pairs(graphql, rows[0].scenario, tokens["reseller"], options)
        print_table(rows, pairs)
    figures = run_json(rows, pairs, manifest, options)
    print("\nIssue 17's goals one run judges (python -m bench.goals compares runs for the rest):")
    print(goals.report(goals.single_run(figures)))
    if options.json:
        options.json.write_text(json.dumps(figures, indent=2) + "\n")
        print(f"figures written to {options.json}")


def login_load_pairs(
    graphql: str, scenario: Scenario, token: str, options: argparse.Namespace
) -> list[tuple[LoadResult, LoadResult]]:
    """Scenario (a) at rest and, right after it, under the login hammer; PAIRS times.

    The p99 of one 10 s run rests on its few slowest requests, so one pair can say 0.7x
    or 1.7x on the same code; each pair's two runs are next to each other in time.
    """
    body = orjson.dumps({"query": scenario.query, "variables": scenario.variables})
    headers = {"Authorization": f"Bearer {token}"}
    pairs = []
    for _ in range(PAIRS):
        at_rest = run_load(
            graphql, body, headers=headers, seconds=options.seconds, connections=options.connections
        )
        pairs.append((at_rest, under_login_load(graphql, scenario, token, options)))
    return pairs


def under_login_load(
    graphql: str, scenario: Scenario, token: str, options: argparse.Namespace
) -> LoadResult:
    """Scenario (a) while 20 other connections send logins with a wrong password."""
    wrong = {"email": "nobody@bench.invalid", "password": "wrong-password-123"}
    attack = orjson.dumps({"query": LOGIN, "variables": wrong})
    command = [sys.executable, "-c", _HAMMER, graphql, attack.decode(), str(options.seconds + 7)]
    hammer = subprocess.Popen(command)
    try:
        # Steady state: the first failures from an address each cost a bcrypt, until the
        # login throttle blocks the address (LOGIN_THROTTLE_FAILURES); give them 5 s.
        time.sleep(5)
        body = orjson.dumps({"query": scenario.query, "variables": scenario.variables})
        return run_load(
            graphql,
            body,
            headers={"Authorization": f"Bearer {token}"},
            seconds=options.seconds,
            connections=options.connections,
        )
    finally:
        hammer.wait()


# A separate wrk run for the logins: 20 connections until the deadline.
_HAMMER = """
import sys
from bench.load import run_load
run_load(sys.argv[1], sys.argv[2].encode(), seconds=int(sys.argv[3]), connections=20)
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/tenantry_bench")
    parser.add_argument("--manifest", help="reuse a database seeded earlier (its manifest)")
    parser.add_argument("--seconds", type=int, default=10, help="per HTTP run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers per server")
    parser.add_argument(
        "--runs", type=int, default=400, help="in-process requests to time, per side"
    )
    parser.add_argument("--only", help="scenario keys, comma-separated (default: all)")
    parser.add_argument("--skip-login-load", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures here (bench.goals)")
    options = parser.parse_args()
    if options.manifest:
        manifest = json.loads(Path(options.manifest).read_text())
    else:
        from bench.seed import seed

        manifest = manifest_of(asyncio.run(seed(options.postgres)))
    run(options.postgres, manifest, options)


def manifest_of(seeded: Any) -> dict[str, Any]:
    return asdict(seeded)


if __name__ == "__main__":
    main()
