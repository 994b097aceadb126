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

What differs from Tortoise's backend is the BEGIN statement and the busy timeout (a
constructor argument); the BEGIN statement needs models/tortoise_internals.py (its
`sqlite_client_beginning_with`): Tortoise has no hook for it. Its transaction entry is replaced,
not only its `begin`: when BEGIN fails (BEGIN IMMEDIATE waits for the write lock, so it
can time out or be cancelled while waiting), Tortoise's entry leaves the connection's lock
held and every later query of the process hangs (tests/test_sqlite_backend.py).
"""

from __future__ import annotations

from typing import Any

from models.tortoise_internals import sqlite_client_beginning_with

# How long a statement waits for another process's write lock before it fails (SQLite's
# `busy_timeout`, in milliseconds); `?busy_timeout=N` in DATABASE_URL overrides it.
BUSY_TIMEOUT_MS = 10_000


class SqliteClient(sqlite_client_beginning_with("BEGIN IMMEDIATE")):  # type: ignore[misc]
    def __init__(self, file_path: str, **kwargs: Any) -> None:
        kwargs.setdefault("busy_timeout", BUSY_TIMEOUT_MS)
        super().__init__(file_path, **kwargs)


client_class = SqliteClient
