"""The statements behind each read scenario, with PostgreSQL's plan of the main one.

    python -m bench.explain --manifest FILE [--postgres postgres://postgres@127.0.0.1:5432/tenantry_bench]
                            [--only a,b] [--repeat 9] [--every] [--requests 200]

Needs a seeded database and its manifest (`python -m bench.seed --manifest FILE`). Sends
each scenario of bench/scenarios.py once to the app in this process (production mode, as
bench/reads.py measures it), records the statements it sends to the database, then runs
EXPLAIN (ANALYZE, BUFFERS) of each: prints every statement's execution time, and the plan
of the main one, the slowest (`--every`: the plans of all). `--repeat N` reports the main
statement's execution time as the median of N runs, the figure to compare between sizes
of the same seed (`--scale`); `--requests N` then times N whole requests in-process, as
bench/reads.py does (server and floor). Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
from pathlib import Path
from typing import Any

from bench.asgi import InProcess
from bench.reads import SECRET_KEY, server_and_floor_ms
from bench.scenarios import Scenario, scenarios
from bench.statements import Statement, statements_sent

LOGIN = "mutation ($email: String!, $password: String!) { login(input: {email: $email, password: $password}) { token } }"  # noqa: E501


def _short(values: list[Any]) -> str:
    """The parameters, a long list (a page's ids) as its first few and its length."""
    shown = [
        f"[{', '.join(map(str, v[:3]))}, ... {len(v)} in all]"
        if isinstance(v, list) and len(v) > 3
        else repr(v)
        for v in values
    ]
    return ", ".join(shown)


async def explain(statement: Statement) -> tuple[float, int, str]:
    """(execution ms, buffers read or hit, the plan as text) of one statement, run for
    real by EXPLAIN ANALYZE. The buffers count the pages the statement touched: unlike its
    time, the same on a busy machine as on an idle one."""
    from tortoise import connections

    sql, values = statement
    connection = connections.get("default")
    rows = await connection.execute_query_dict(
        f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", values
    )
    found = rows[0]["QUERY PLAN"]
    plan = (json.loads(found) if isinstance(found, str) else found)[0]
    pages = int(
        plan["Plan"].get("Shared Hit Blocks", 0) + plan["Plan"].get("Shared Read Blocks", 0)
    )
    text = await connection.execute_query_dict(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", values)
    return float(plan["Execution Time"]), pages, "\n".join(r["QUERY PLAN"] for r in text)


async def run(url: str, manifest: dict[str, Any], options: argparse.Namespace) -> None:
    from tortoise import Tortoise

    from app import create_app
    from database import tortoise_config
    from settings import Settings

    settings = Settings(database_url=url, secret_key=SECRET_KEY, env="production")
    app = InProcess(create_app(settings, manage_database=False))
    await Tortoise.init(config=tortoise_config(url))
    try:
        password = manifest["password"]
        tokens = {
            who: (await app.post(LOGIN, {"email": manifest[key], "password": password}))["login"][
                "token"
            ]
            for who, key in (("reseller", "reseller_email"), ("administrator", "admin_email"))
        }
        only = set(options.only.split(",")) if options.only else None
        chosen = [s for s in scenarios(manifest["user_global_id"]) if not only or s.key in only]
        for scenario in chosen:
            await report(app, scenario, tokens[scenario.viewer], options)
    finally:
        await Tortoise.close_connections()
    if options.requests:
        print(f"\nwhole requests in-process (bench/reads.py's server and floor, {options.requests}")
        print("requests per side, medians of alternating rounds):")
        for scenario in chosen:
            token = tokens[scenario.viewer]
            server_ms, floor_ms = await server_and_floor_ms(url, scenario, token, options.requests)
            print(f"  ({scenario.key}) server {server_ms:.2f} ms, floor {floor_ms:.2f} ms")


async def report(
    app: InProcess, scenario: Scenario, token: str, options: argparse.Namespace
) -> None:
    await app.post(scenario.query, scenario.variables, token)  # warm: parse cache, pool
    with statements_sent() as statements:
        await app.post(scenario.query, scenario.variables, token)
    print(f"\n=== ({scenario.key}) {scenario.title}: {len(statements)} statements")
    timed = []
    for statement in statements:
        if not statement[0].lstrip().upper().startswith("SELECT"):
            continue  # EXPLAIN ANALYZE would run a write for real
        ms, pages, plan = await explain(statement)
        timed.append((ms, pages, statement, plan))
        print(f"  {ms:8.3f} ms {pages:6} pages  {' '.join(statement[0].split())[:100]}")
    if not timed:
        return
    main = max(timed, key=lambda entry: entry[0])
    for ms, pages, statement, plan in timed if options.every else [main]:
        role = "main " if statement is main[2] else ""
        print(f"\n--- {role}statement, {ms:.3f} ms, {pages} pages:")
        print(" ".join(statement[0].split()))
        print(f"parameters: {_short(statement[1])}")
        print(plan)
    print(f"\n({scenario.key}) all {len(timed)} statements: {sum(t[1] for t in timed)} pages")
    if options.repeat > 1:
        runs = [(await explain(main[2]))[0] for _ in range(options.repeat)]
        print(
            f"({scenario.key}) main statement: median {statistics.median(runs):.3f} ms"
            f" of {options.repeat} runs (min {min(runs):.3f}, max {max(runs):.3f})"
        )
        totals = [sum([(await explain(t[2]))[0] for t in timed]) for _ in range(options.repeat)]
        print(
            f"({scenario.key}) all {len(timed)} statements: median"
            f" {statistics.median(totals):.3f} ms of {options.repeat} runs"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/tenantry_bench")
    parser.add_argument("--manifest", type=Path, required=True, help="from bench.seed")
    parser.add_argument("--only", default="", help="scenario keys, comma-separated")
    parser.add_argument("--repeat", type=int, default=1, help="median of N timings")
    parser.add_argument("--every", action="store_true", help="the plans of all statements")
    parser.add_argument(
        "--requests", type=int, default=0, help="also time N whole requests per scenario"
    )
    options = parser.parse_args()
    manifest = json.loads(options.manifest.read_text())
    asyncio.run(run(options.postgres, manifest, options))


if __name__ == "__main__":
    main()
