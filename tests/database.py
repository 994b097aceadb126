"""Emptying the test database between tests (and between hypothesis examples)."""

from __future__ import annotations

from tortoise import Tortoise, connections


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
