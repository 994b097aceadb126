"""Upgrade a database that holds rows from one migration to the head, in its own process
(aerich initialises Tortoise globally): `python -m tests.upgrade_check URL VERSION`.

Applies the migrations before VERSION, writes the rows `SEED` describes with plain SQL (the
models describe the head, not that version), then runs `database.migrate` and prints what
the upgraded rows hold, as JSON, for tests/test_migration_upgrade.py to judge.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
import tempfile
from pathlib import Path

from aerich import Command
from tortoise import Tortoise, connections

import database

MASTER = "00000000-0000-4000-8000-000000000001"
CUSTOMER = "00000000-0000-4000-8000-000000000002"
USER = "00000000-0000-4000-8000-000000000003"
WHEN = "2026-01-01 00:00:00+00:00"

# Rows a platform of migration 6 holds; two websites share a name in different letter case.
SEED = [
    f"""INSERT INTO "organization" ("id", "kind", "name", "company", "contact_email",
        "contact_phone", "address_line1", "address_line2", "city", "postal_code", "country",
        "status", "path", "depth", "created_at", "updated_at")
        VALUES ('{MASTER}', 'MASTER', 'Platform', '', '', '', '', '', '', '', '', 'ACTIVE',
        '{MASTER.replace("-", "")}/', 0, '{WHEN}', '{WHEN}')""",
    f"""INSERT INTO "organization" ("id", "kind", "name", "company", "contact_email",
        "contact_phone", "address_line1", "address_line2", "city", "postal_code", "country",
        "status", "path", "depth", "created_at", "updated_at", "owner_id")
        VALUES ('{CUSTOMER}', 'CUSTOMER', 'Acme', '', '', '', '', '', '', '', '', 'ACTIVE',
        '{MASTER.replace("-", "")}/{CUSTOMER.replace("-", "")}/', 1, '{WHEN}', '{WHEN}',
        '{MASTER}')""",
    f"""INSERT INTO "user" ("id", "email", "first_name", "last_name", "password_hash",
        "language", "status", "password_changed_at", "failed_login_count", "created_at",
        "updated_at")
        VALUES ('{USER}', 'old@example.com', '', '', 'x', 'en', 'ACTIVE', '{WHEN}', 0,
        '{WHEN}', '{WHEN}')""",
    f"""INSERT INTO "membership" ("id", "user_id", "organization_id", "role", "access_rights",
        "created_at")
        VALUES ('00000000-0000-4000-8000-000000000004', '{USER}', '{CUSTOMER}', 'OWNER', '[]',
        '{WHEN}')""",
    *(
        f"""INSERT INTO "service" ("id", "organization_id", "kind", "name", "status",
            "settings", "created_at")
            VALUES ('00000000-0000-4000-8000-00000000001{n}', '{CUSTOMER}', '{kind}',
            '{name}', 'ACTIVE', '{{}}', '2026-01-0{n + 1} 00:00:00+00:00')"""
        for n, (kind, name) in enumerate(
            [
                ("WEBSITE", "Example.com."),
                ("WEBSITE", "example.COM"),
                ("DNS_ZONE", "example.com"),
                ("MAILBOX", "info@example.com"),
            ]
        )
    ),
    # Audit events written out of time order: the upgrade places them by time.
    *(
        f"""INSERT INTO "audit_event" ("id", "created_at", "action", "actor_email",
            "organization_path", "target_type", "target_name", "summary", "organization_id")
            VALUES ('00000000-0000-4000-8000-00000000002{n}', '2026-01-0{day} 00:00:00+00:00',
            'organization.update', 'old@example.com', '{MASTER.replace("-", "")}/',
            'Organization', 'Acme', '{{}}', '{CUSTOMER}')"""
        for n, day in enumerate([3, 1, 2])
    ),
]

READ_BACK = {
    "organization_metadata": 'SELECT "metadata", "quota_overrides" FROM "organization"',
    "user_properties": 'SELECT "properties" FROM "user"',
    "membership_metadata": 'SELECT "metadata" FROM "membership"',
    "service_domains": 'SELECT "kind", "name", "domain" FROM "service" ORDER BY "created_at"',
    "event_positions": 'SELECT "position" FROM "audit_event" ORDER BY "id"',
}


async def upgrade(url: str, version: int) -> dict[str, list[list[object]]]:
    head = database.migrations_location(url)
    with tempfile.TemporaryDirectory() as scratch:
        older = Path(scratch) / database.APP_LABEL
        older.mkdir()
        for migration in (head / database.APP_LABEL).glob("*.py"):
            if int(migration.name.split("_", 1)[0]) < version:
                shutil.copy(migration, older)
        command = Command(database.tortoise_config(url), app=database.APP_LABEL, location=scratch)
        await command.init()
        await command.upgrade(run_in_transaction=True)
        await Tortoise.init(config=database.tortoise_config(url))  # aerich let go of it
        for statement in SEED:
            await connections.get("default").execute_script(statement)
    applied = await database.migrate(url)
    rows: dict[str, list[list[object]]] = {"applied": [[name] for name in applied]}
    for name, query in READ_BACK.items():
        _, found = await connections.get("default").execute_query(query)
        rows[name] = [[_plain(value) for value in dict(row).values()] for row in found]
    await Tortoise.close_connections()
    return rows


def _plain(value: object) -> object:
    # JSON columns come back as text on SQLite and decoded on PostgreSQL.
    return json.loads(value) if isinstance(value, str) and value[:1] in "{[" else value


if __name__ == "__main__":
    print(json.dumps(asyncio.run(upgrade(sys.argv[1], int(sys.argv[2])))))
