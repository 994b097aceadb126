"""Our SQLite backend (`sqlite_backend`): transactions that take the write lock as they
begin, so that several processes on one database file queue instead of failing."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest
from tortoise import connections
from tortoise.exceptions import TransactionManagementError
from tortoise.transactions import in_transaction

import database
from tests.database import own_connections


@pytest.fixture
def database_file(database_url: str, tmp_path: Path) -> Path:
    if database.dialect_of(database_url) != "sqlite":
        pytest.skip("SQLite's locking")
    path = tmp_path / "locks.sqlite3"
    with sqlite3.connect(path) as setup:
        setup.execute("PRAGMA journal_mode=WAL")  # as every database Tenantry opened is
        setup.execute("CREATE TABLE counter (n INTEGER NOT NULL)")
        setup.execute("INSERT INTO counter VALUES (0)")
    return path


def _other_process_adds(path: Path, amount: int, done: threading.Event) -> None:
    with sqlite3.connect(path, timeout=10, isolation_level=None) as other:
        other.execute("UPDATE counter SET n = n + ?", (amount,))
    done.set()


async def _add_one() -> None:
    async with in_transaction("default") as transaction:
        await transaction.execute_query("UPDATE counter SET n = n + 1")


async def _counter() -> int:
    rows = await connections.get("default").execute_query_dict("SELECT n FROM counter")
    return int(rows[0]["n"])


async def test_a_transaction_that_read_still_writes_after_another_process_wrote(
    database_file: Path,
) -> None:
    """With a deferred BEGIN, the other process's write commits under our read and our own
    write then fails at once with "database is locked". With BEGIN IMMEDIATE the other
    process waits for our commit, and both writes land."""
    other_done = threading.Event()
    async with own_connections(f"sqlite://{database_file}"):
        async with in_transaction("default") as transaction:
            before = await _counter()
            other = threading.Thread(
                target=_other_process_adds, args=(database_file, 10, other_done)
            )
            other.start()
            await asyncio.sleep(0.3)  # time enough for it to commit, were it allowed to
            assert not other_done.is_set()
            await transaction.execute_query("UPDATE counter SET n = $1", [before + 1])
        await asyncio.to_thread(other.join, 10)
        assert other_done.is_set()
        assert await _counter() == 11


async def test_the_busy_timeout_is_set_and_the_url_may_change_it(database_file: Path) -> None:
    async with own_connections(f"sqlite://{database_file}"):
        rows = await connections.get("default").execute_query_dict("PRAGMA busy_timeout")
        assert list(rows[0].values()) == [10_000]
    async with own_connections(f"sqlite://{database_file}?busy_timeout=250"):
        rows = await connections.get("default").execute_query_dict("PRAGMA busy_timeout")
        assert list(rows[0].values()) == [250]


async def test_a_transaction_that_cannot_begin_fails_and_leaves_the_process_usable(
    database_file: Path,
) -> None:
    """Another process holds the write lock past the busy timeout: the BEGIN fails with a
    clear error, and the next transaction of this process still runs (Tortoise's own
    context kept its connection lock after a failed BEGIN, and everything then waited)."""
    holder = sqlite3.connect(database_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        async with own_connections(f"sqlite://{database_file}?busy_timeout=100"):
            with pytest.raises(TransactionManagementError, match="locked"):
                async with in_transaction("default"):
                    pass
            holder.execute("COMMIT")
            await asyncio.wait_for(_add_one(), timeout=5)
            assert await _counter() == 1
    finally:
        holder.close()


def _write_as_another_process(path: Path) -> None:
    with sqlite3.connect(path, timeout=1, isolation_level=None) as other:
        other.execute("UPDATE counter SET n = n + 10")


async def test_a_cancelled_begin_leaves_no_transaction_behind(database_file: Path) -> None:
    """A request cancelled while its BEGIN waits for the lock (the client went away): the
    BEGIN still runs on aiosqlite's thread once the lock frees, and nobody would end that
    transaction. It is rolled back: other processes write, and so does this one."""
    holder = sqlite3.connect(database_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        async with own_connections(f"sqlite://{database_file}?busy_timeout=3000"):

            async def begin_and_wait() -> None:
                async with in_transaction("default"):
                    await asyncio.sleep(30)

            waiting = asyncio.create_task(begin_and_wait())
            await asyncio.sleep(0.3)
            waiting.cancel()
            with pytest.raises(asyncio.CancelledError):
                await waiting
            holder.execute("COMMIT")  # the abandoned BEGIN now takes the lock
            await asyncio.sleep(0.3)

            await asyncio.to_thread(_write_as_another_process, database_file)
            await asyncio.wait_for(_add_one(), timeout=5)
            assert await _counter() == 11
    finally:
        holder.close()
