"""The test database: emptying it between tests (and between hypothesis examples), and
reaching it on connections of another Tortoise, as another process would."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from tortoise import Tortoise, connections
from tortoise.context import TortoiseContext

import database


def _tables() -> list[str]:
    return [
        model._meta.db_table
        for model in Tortoise.apps["models"].values()
        if model._meta.db_table != "aerich"
    ]


async def empty_all_tables() -> None:
    """Delete every row of every table but aerich's, on SQLite or PostgreSQL."""
    connection = connections.get("default")
    tables = _tables()
    if connection.schema_generator.DIALECT == "postgres":
        quoted = ", ".join(f'"{table}"' for table in tables)
        await connection.execute_script(f"TRUNCATE TABLE {quoted} CASCADE")
    else:
        statements = "; ".join(f'DELETE FROM "{table}"' for table in tables)
        await connection.execute_script(
            f"PRAGMA foreign_keys = OFF; {statements}; PRAGMA foreign_keys = ON"
        )


@asynccontextmanager
async def own_connections(database_url: str) -> AsyncIterator[None]:
    """For the block, Tortoise on `database_url` with connections of its own, as another
    process has; the session's Tortoise is left as it is."""
    with TortoiseContext() as context:
        await Tortoise.init(config=database.tortoise_config(database_url))
        try:
            yield
        finally:
            await context.close_connections()


async def table_snapshot(ignore: frozenset[str] = frozenset()) -> dict[str, list[tuple[str, ...]]]:
    """Every row of every table (but aerich's and `ignore`), as sorted text tuples: equal
    before and after means a refused write changed nothing anywhere."""
    connection = connections.get("default")
    snapshot = {}
    for table in sorted(set(_tables()) - ignore):
        _, rows = await connection.execute_query(f'SELECT * FROM "{table}"')
        snapshot[table] = sorted(tuple(str(value) for value in dict(row).values()) for row in rows)
    return snapshot
