"""TENANTRY_ENV=production refuses to start on what is unsafe, with one line each and a
non-zero exit, through the real `tenantry` command."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from ops.safety import estimated_bits, secret_key_problem
from tests.processes import free_port, run, run_cli

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "Zq3-vN8wXk1_pR7sTb4yLm0cHd9fGj2e-W6uA5"
ALLOW_BOTH = {
    "ALLOW_SQLITE_IN_PRODUCTION": "true",
    "ALLOW_EMBEDDED_BROKER_IN_PRODUCTION": "true",
}


def tenantry(
    database_url: str, cwd: Path, *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in ("BROKER_URL", "TENANTRY_ENV", "SECRET_KEY")
    }
    environ.update(DATABASE_URL=database_url, PYTHONPATH=str(ROOT), BCRYPT_ROUNDS="4", **env)
    return run_cli(args, cwd=cwd, env=environ)


def production(**env: str) -> dict[str, str]:
    return {"TENANTRY_ENV": "production", "SECRET_KEY": GOOD_KEY, **env}


def refusals(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("refusing to start")]


def test_sqlite_and_the_embedded_broker_are_refused_unless_allowed(
    fresh_database_url: str, tmp_path: Path
) -> None:
    sqlite = f"sqlite://{tmp_path / 'prod.sqlite3'}"

    refused = tenantry(sqlite, tmp_path, "migrate", **production())
    touched = (tmp_path / "prod.sqlite3").exists()
    allowed = tenantry(sqlite, tmp_path, "migrate", **production(**ALLOW_BOTH))

    assert refused.returncode == 2
    lines = refusals(refused)
    assert len(lines) == 2, refused.stderr
    assert "DATABASE_URL is SQLite" in lines[0]
    assert "ALLOW_SQLITE_IN_PRODUCTION=true" in lines[0]
    assert "BROKER_URL is not set" in lines[1]
    assert "ALLOW_EMBEDDED_BROKER_IN_PRODUCTION=true" in lines[1]
    assert "Traceback" not in refused.stderr
    assert not touched  # refused before the database was opened
    assert allowed.returncode == 0, allowed.stderr
    # Development is not checked at all.
    assert tenantry(sqlite, tmp_path, "migrate").returncode == 0


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("a" * 64, "repeats itself"),
        ("abcd" * 16, "repeats itself"),
        ("tenantry-development-only-not-secret", "development default"),
        ("abcdefghijklmnopqrstuvwxyzABCDEF", "run of consecutive characters"),
        ("3141592653589793238462643383279502", "bits of randomness"),
        ("password1234password1234password12", "common words, separators and runs"),
        ("REPLACE_ME_WITH_A_LONG_RANDOM_SECRET_KEY", "common words, separators and runs"),
        ("tenantry-production-secret-key-2026", "common words, separators and runs"),
        ("aaaaaaaaaaaaaaaaaaaaaaaabcdefghijklmnop", "common words, separators and runs"),
    ],
)
def test_a_guessable_secret_key_is_refused(
    fresh_database_url: str, tmp_path: Path, key: str, reason: str
) -> None:
    result = tenantry(
        fresh_database_url, tmp_path, "migrate", **production(SECRET_KEY=key, **ALLOW_BOTH)
    )

    assert result.returncode == 2
    [line] = refusals(result)
    assert reason in line
    assert key not in line  # never print the secret itself


def test_secret_key_estimates() -> None:
    assert secret_key_problem(GOOD_KEY) is None
    assert secret_key_problem("fedcba9876543210fedcba9876543210x") is not None
    # 32 random hex digits: exactly 128 bits at most.
    assert estimated_bits("9f86d081884c7d659a2feaa0c55ad015") == pytest.approx(128.0)
    assert secret_key_problem("9f86d081884c7d659a2feaa0c55ad015") is None
    assert secret_key_problem("9f86d081884c7d659a2feaa0c55ad01") is not None  # 124 bits


def test_generated_keys_are_accepted() -> None:
    """The refusals of chosen keys must not catch what the documented command makes."""
    keys = [secrets.token_urlsafe(48) for _ in range(500)]
    keys += [str(uuid.uuid4()) + str(uuid.uuid4()) for _ in range(100)]
    assert [key for key in keys if secret_key_problem(key) is not None] == []


def test_serve_refuses_a_database_with_the_demo_logins(
    fresh_database_url: str, tmp_path: Path
) -> None:
    loaded = tenantry(fresh_database_url, tmp_path, "demo")

    served = tenantry(
        fresh_database_url, tmp_path, "serve", "--port", "1", **production(**ALLOW_BOTH)
    )

    assert loaded.returncode == 0, loaded.stderr
    assert served.returncode == 2
    [line] = refusals(served)
    assert "demo's logins" in line
    assert "@demo.tenantry.test" in line


def test_serve_refuses_an_administrator_with_the_demo_password(
    fresh_database_url: str, tmp_path: Path
) -> None:
    booted = tenantry(
        fresh_database_url,
        tmp_path,
        "bootstrap",
        "--email",
        "root@example.com",
        "--password",
        "tenantry-demo",
    )

    served = tenantry(
        fresh_database_url, tmp_path, "serve", "--port", "1", **production(**ALLOW_BOTH)
    )

    assert booted.returncode == 0, booted.stderr
    assert served.returncode == 2
    [line] = refusals(served)
    assert "root@example.com has the demo password" in line


def test_a_server_started_without_tenantry_refuses_too(tmp_path: Path) -> None:
    """`uvicorn app:create_app --factory` skips the CLI's checks; the app's start-up has them."""
    environ = {k: v for k, v in os.environ.items() if k not in ("BROKER_URL", "SECRET_KEY")}
    environ.update(
        PYTHONPATH=str(ROOT),
        DATABASE_URL=f"sqlite://{tmp_path / 'prod.sqlite3'}",
        **production(SECRET_KEY="REPLACE_ME_WITH_A_LONG_RANDOM_SECRET_KEY"),
    )
    command = ["-m", "uvicorn", "app:create_app", "--factory", "--port", str(free_port())]

    result = run([sys.executable, *command], cwd=tmp_path, env=environ, timeout=30)

    assert result.returncode != 0
    assert "refusing to start in production: DATABASE_URL is SQLite" in result.stderr
    assert "common words" in result.stderr
    assert "REPLACE_ME" not in result.stderr  # never print the secret itself
    assert not (tmp_path / "prod.sqlite3").exists()  # refused before the database was opened
