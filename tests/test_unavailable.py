"""A database that is busy or out of reach: the client is told to try again (UNAVAILABLE),
never given the driver's message, and nothing is half-written."""

from __future__ import annotations

import dataclasses
import sqlite3

import asyncpg.exceptions
import pytest
from tortoise.exceptions import DBConnectionError, OperationalError, TransactionManagementError

import database
from gql.schema.relay import to_global_id
from models import Organization
from models.enums import OrganizationKind, OrganizationStatus
from settings import Settings
from tests import factories
from tests.api import api_for, error_codes
from tests.database import own_connections

SUSPEND = """
mutation ($ids: [ID!]!) {
  suspendOrganizations(input: {ids: $ids, reason: "Unpaid invoice"}) {
    results { organization { status } userErrors { code } }
  }
}"""


async def test_a_mutation_that_cannot_get_the_write_lock_is_unavailable_and_changes_nothing(
    db: str, settings: Settings
) -> None:
    if database.dialect_of(db) != "sqlite":
        pytest.skip("another process's SQLite write lock")
    master = await factories.master()
    _, token = await factories.quick_member(master, "admin@example.com")
    customer = await factories.organization(OrganizationKind.CUSTOMER, master, name="Busy")
    ids = {"ids": [to_global_id("Organization", customer.id)]}
    impatient = f"{db}?busy_timeout=100"

    # Another process (a `tenantry worker`, a backup) holds the write lock past the timeout.
    holder = sqlite3.connect(db.removeprefix("sqlite://"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        async with (
            own_connections(impatient),
            api_for(dataclasses.replace(settings, database_url=impatient)) as api,
        ):
            body = await api(SUSPEND, ids, token)
            assert error_codes(body) == ["UNAVAILABLE"], body
            assert "locked" not in body["errors"][0]["message"]
            holder.execute("ROLLBACK")
            assert (await Organization.get(id=customer.id)).status == OrganizationStatus.ACTIVE

            # Once the lock is free, trying again works.
            again = await api.data(SUSPEND, ids, token)
            (result,) = again["suspendOrganizations"]["results"]
            assert result == {"organization": {"status": "SUSPENDED"}, "userErrors": []}
    finally:
        holder.close()


def _sqlite(message: str, code: int) -> sqlite3.OperationalError:
    """An error as the sqlite3 module raises it, with SQLite's result code."""
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = code
    return error


def _translated(wrapper: type[Exception], cause: Exception) -> Exception:
    """As Tortoise raises a driver's error: wrapped while it is being handled."""
    try:
        try:
            raise cause
        except Exception as error:
            raise wrapper(error)  # noqa: B904 - Tortoise's SQLite backend raises it so
    except Exception as translated:
        return translated
    raise AssertionError("unreachable")


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (_translated(OperationalError, _sqlite("database is locked", sqlite3.SQLITE_BUSY)), True),
        (_translated(TransactionManagementError, _sqlite("locked", sqlite3.SQLITE_BUSY)), True),
        (_translated(OperationalError, _sqlite("table t is locked", sqlite3.SQLITE_LOCKED)), False),
        (
            _translated(OperationalError, _sqlite("no such column: nme", sqlite3.SQLITE_ERROR)),
            False,
        ),
        (DBConnectionError("can't connect"), True),
        (asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed"), True),
        (ConnectionRefusedError(111, "Connection refused"), False),  # the broker's, maybe
        (asyncpg.exceptions.DeadlockDetectedError("deadlock detected"), True),
        (asyncpg.exceptions.SerializationError("could not serialize access"), True),
        (asyncpg.exceptions.TooManyConnectionsError("too many clients"), True),
        (asyncpg.exceptions.CannotConnectNowError("the database system is starting up"), True),
        (asyncpg.exceptions.UndefinedColumnError('column "nme" does not exist'), False),
        (asyncpg.exceptions.TransactionIntegrityConstraintViolationError("at commit"), False),
        (ValueError("a bug of ours"), False),
    ],
)
def test_busy_or_unreachable_is_told_from_a_fault(error: Exception, transient: bool) -> None:
    """The classes of failure that may pass when tried again, wrapped as Tortoise raises them."""
    wrapped = RuntimeError("in a resolver")
    wrapped.__cause__ = error
    assert database.is_transient_failure(error) is transient
    assert database.is_transient_failure(wrapped) is transient
