"""What one request of a read scenario sends to PostgreSQL, for bench/reads.py: its
statements (bench/statements.py's recorder), the statements of the same request with a
page of 10 instead of 100, and its round trips, counted on the wire by bench/pg_wire.py's
proxy.

The app runs in this process, configured as `tenantry serve` runs it (production mode,
`database.tortoise_config`), on connections through the proxy: a separate pass from the
timed ones, which must not pay the proxy's hops.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.asgi import InProcess
from bench.pg_wire import counted
from bench.scenarios import Scenario
from bench.statements import statements_sent

SMALL_PAGE = 10
# As tests/test_round_trips.py: the least of MEASURED requests after WARM_UP is the steady
# state, in which every pooled connection has prepared the scenario's statements (a
# statement new to a connection costs a second round trip, once, to learn its types).
WARM_UP, MEASURED = 12, 6


@dataclass(frozen=True)
class Sent:
    statements: int
    statements_small_page: int | None  # None: the scenario reads no page
    round_trips: int


async def sent_per_request(url: str, secret_key: str, scenario: Scenario, token: str) -> Sent:
    from tortoise import Tortoise

    from app import create_app
    from database import tortoise_config
    from settings import Settings

    with counted(url) as (through_proxy, trips):
        settings = Settings(database_url=through_proxy, secret_key=secret_key, env="production")
        app = InProcess(create_app(settings, manage_database=False))
        await Tortoise.init(config=tortoise_config(through_proxy))
        try:
            for _ in range(WARM_UP):
                await app.post(scenario.query, scenario.variables, token)
            counts = []
            for _ in range(MEASURED):
                trips.reset()
                await app.post(scenario.query, scenario.variables, token)
                counts.append(trips.count)
            with statements_sent() as statements:
                await app.post(scenario.query, scenario.variables, token)
            small = scenario.with_page(SMALL_PAGE)
            small_page = None
            if small is not None:
                await app.post(small.query, small.variables, token)  # its parse, once
                with statements_sent() as small_statements:
                    await app.post(small.query, small.variables, token)
                small_page = len(small_statements)
        finally:
            await Tortoise.close_connections()
    return Sent(len(statements), small_page, min(counts))
