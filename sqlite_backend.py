"""Tortoise's SQLite backend, with transactions that take the write lock when they begin.

Tortoise opens every SQLite transaction with a plain (deferred) `BEGIN`: it reads under a
snapshot and asks for the write lock only at its first write. When another process has
committed a write in between (`serve --workers 2`, a `tenantry worker` beside the API),
SQLite cannot let the transaction write on its stale snapshot and fails it at once with
"database is locked", without waiting: the busy timeout does not apply. Our transactions
read and then write (a purge step reads its job, then deletes and records progress), so
two processes doing that at the same moment failed.

`BEGIN IMMEDIATE` takes the write lock up front and waits for it under the busy timeout, so
transactions from several processes queue instead of failing; inside one process Tortoise
already runs them one at a time on its single connection. This is also what makes
`select_for_update()` (a no-op on SQLite) hold: the row cannot change under the
transaction, because no other transaction writes until it ends.

Used through the `engine` of the connection config (`database.tortoise_config`).
"""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

from tortoise.backends.base.client import NestedTransactionContext, TransactionContext
from tortoise.backends.sqlite import client as tortoise_sqlite
from tortoise.connection import get_connections
from tortoise.exceptions import TransactionManagementError

# How long a statement waits for another process's write lock before it fails (SQLite's
# `busy_timeout`, in milliseconds); `?busy_timeout=N` in DATABASE_URL overrides it.
BUSY_TIMEOUT_MS = 10_000


# Rollbacks of failed BEGINs still running: the loop keeps only weak references to tasks.
_abandoning: set[asyncio.Task[None]] = set()


class ImmediateTransactionContext(tortoise_sqlite.SqliteTransactionContext):
    async def __aenter__(self) -> Any:
        # As Tortoise's, except when BEGIN fails (the write lock stayed busy past the
        # timeout) or its wait is cancelled: Tortoise's kept the connection's lock, and
        # every later query of this process waited on it forever.
        await self._trxlock.acquire()
        try:
            await self.ensure_connection()
        except BaseException:
            self._trxlock.release()
            raise
        self.token = get_connections().set(self.connection_name, self.connection)
        try:
            await self.connection.begin()
        except BaseException:
            get_connections().reset(self.token)
            abandoning = asyncio.ensure_future(self._abandon())
            _abandoning.add(abandoning)
            abandoning.add_done_callback(_abandoning.discard)
            raise
        return self.connection

    async def _abandon(self) -> None:
        """End whatever a failed BEGIN started, then free the connection. aiosqlite runs
        statements on a thread of its own, where a cancelled wait does not stop them: the
        BEGIN may still take the write lock, and nobody would end that transaction. The
        rollback queues behind it on that thread."""
        try:
            await self.connection._connection.rollback()
        finally:
            self._trxlock.release()


class ImmediateTransactionWrapper(tortoise_sqlite.SqliteTransactionWrapper):
    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise TransactionManagementError(error) from error

    def _in_transaction(self) -> TransactionContext:
        # A nested block is a savepoint of the transaction already begun.
        return NestedTransactionContext(ImmediateTransactionWrapper(self))


class SqliteClient(tortoise_sqlite.SqliteClient):
    def __init__(self, file_path: str, **kwargs: Any) -> None:
        kwargs.setdefault("busy_timeout", BUSY_TIMEOUT_MS)
        super().__init__(file_path, **kwargs)

    def _in_transaction(self) -> TransactionContext:
        return ImmediateTransactionContext(ImmediateTransactionWrapper(self), self._lock)


client_class = SqliteClient
