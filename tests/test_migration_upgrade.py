"""A database full of rows upgrades: new NOT NULL columns get their defaults, and existing
websites and zones claim their domains without breaking the platform-wide uniqueness, and
the events already written take their places in the event stream."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PANEL_MIGRATION = 7


def test_a_populated_database_upgrades_to_the_panel_migration(
    fresh_database_url: str, repo_root: Path
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tests.upgrade_check", fresh_database_url, str(PANEL_MIGRATION)],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    rows = json.loads(result.stdout.strip().splitlines()[-1])

    migrations = sorted(
        int(path.name.split("_", 1)[0])
        for path in (repo_root / "migrations" / "sqlite" / "models").glob("[0-9]*.py")
    )
    applied = [int(name.split("_", 1)[0]) for [name] in rows["applied"]]
    assert applied == [n for n in migrations if n >= PANEL_MIGRATION]
    assert rows["organization_metadata"] == [[{}, {}], [{}, {}]]
    assert rows["user_properties"] == [[{}]]
    assert rows["membership_metadata"] == [[{}]]
    # The older of the two same-named websites keeps the domain; the zone of that name is a
    # different kind and keeps it too; a mailbox has none.
    assert rows["service_domains"] == [
        ["WEBSITE", "Example.com.", "example.com"],
        ["WEBSITE", "example.COM", None],
        ["DNS_ZONE", "example.com", "example.com"],
        ["MAILBOX", "info@example.com", None],
    ]
    # The events migration places the events already written in the stream, by time.
    assert rows["event_positions"] == [[3], [1], [2]]
