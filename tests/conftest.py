"""Fixtures: a real database (SQLite by default, PostgreSQL with TEST_DATABASE_URL), migrated
once per run with the project's own migrations and emptied before every test, and an HTTP
client that talks to the ASGI app in-process."""

from __future__ import annotations

import os

# Before anything reads the settings: actors and the app must agree with the tests on the
# key tokens are hashed with, and bcrypt is kept cheap.
os.environ["SECRET_KEY"] = "test-secret-key-that-is-long-enough-0123456789"
os.environ["BCRYPT_ROUNDS"] = "4"
# Failed logins answer at once in tests (and in the servers they start); the tarpit's own
# test sets a delay.
os.environ["LOGIN_FAILURE_DELAY_MS"] = "0"

import asyncio
import dataclasses
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
from hypothesis import settings as hypothesis_settings
from tortoise import Tortoise

import database
from settings import Settings, load_settings
from tests.api import Api, api_for
from tests.database import empty_all_tables
from tests.factories import TEST_SECRET_KEY

# Read with the settings' own parser, alone: the fixtures build the rest of their settings.
FAST_PATH = load_settings({"FAST_PATH": os.environ.get("FAST_PATH", "")}).fast_path

hypothesis_settings.register_profile("default", max_examples=200, deadline=None)
hypothesis_settings.register_profile("thorough", max_examples=1_000, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def _admin_url(url: str) -> tuple[str, str]:
    """(server URL without database, database name) of a postgres URL."""
    base, _, name = url.rpartition("/")
    return base, name.split("?")[0]


async def _postgres_admin(url: str, statement: str) -> None:
    """Run CREATE/DROP DATABASE from the `postgres` maintenance database, which every
    cluster has (the database named in the URL may not exist yet)."""
    server, _ = _admin_url(url)
    connection = await asyncpg.connect(
        f"{server}/postgres".replace("postgres://", "postgresql://", 1)
    )
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh, empty database for this test run."""
    configured = os.environ.get("TEST_DATABASE_URL", "")
    if not configured.startswith(("postgres://", "postgresql://")):
        yield f"sqlite://{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        return
    server, _ = _admin_url(configured)
    name = f"tenantry_test_{uuid.uuid4().hex[:12]}"
    asyncio.run(_postgres_admin(configured, f'CREATE DATABASE "{name}"'))
    try:
        yield f"{server}/{name}"
    finally:
        asyncio.run(_postgres_admin(configured, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def fresh_database_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """Another empty database of the same kind, for commands run in a subprocess."""
    if database.dialect_of(database_url) == "sqlite":
        yield f"sqlite://{tmp_path / 'fresh.sqlite3'}"
        return
    server, _ = _admin_url(database_url)
    name = f"tenantry_fresh_{uuid.uuid4().hex[:12]}"
    asyncio.run(_postgres_admin(database_url, f'CREATE DATABASE "{name}"'))
    try:
        yield f"{server}/{name}"
    finally:
        asyncio.run(_postgres_admin(database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
async def db(database_url: str) -> AsyncIterator[str]:
    """The database, migrated by `database.migrate` (what `tenantry migrate` runs)."""
    applied = await database.migrate(database_url)
    assert applied, "a fresh database must receive every migration"
    yield database_url
    await Tortoise.close_connections()


@pytest.fixture(autouse=True)
async def empty_database(db: str) -> None:
    await empty_all_tables()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        secret_key=TEST_SECRET_KEY,
        bcrypt_rounds=4,
        max_body_bytes=20_000,
        login_failure_delay_ms=0,
        fast_path=FAST_PATH,
    )


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[Api]:
    async with api_for(settings) as client:
        yield client


@pytest.fixture
async def production_api(settings: Settings) -> AsyncIterator[Api]:
    async with api_for(dataclasses.replace(settings, env="production")) as client:
        yield client


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent
