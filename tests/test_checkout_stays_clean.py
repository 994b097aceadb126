"""What the README's commands leave in a checkout is ignored by git.

`scripts/run` serves from the checkout with the default SQLite file and its lock files, and
docs/deploy.md builds the wheel into `dist/`: none of it should show up as a change to
commit. The names come from the code that makes them, so a new lock file is covered too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import database
import settings
from tests.repository import git_ignores

REPO_ROOT = Path(__file__).resolve().parent.parent


def _relative(path: Path) -> str:
    return path.relative_to(Path.cwd()).as_posix()


def _left_by_the_readme(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(REPO_ROOT)
    sqlite_file = settings.default_database_url().removeprefix("sqlite://")
    database_file = _relative(Path(sqlite_file))
    return [
        database_file,
        f"{database_file}-wal",
        *(f"{database_file}.{name}-lock" for name in database._LOCK_KEYS),
        _relative(settings.default_trusted_documents()),
        "dist/tenantry-0.1.0-py3-none-any.whl",
    ]


def test_what_the_readme_commands_leave_behind_is_ignored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    left = _left_by_the_readme(monkeypatch)

    assert [path for path in left if not git_ignores(path)] == []
