"""The bearer-token lookup every request makes, as one hand-written statement.

The ORM's `select_related` over the session, its user, membership, organization and
impersonator built a 60-column query anew on each request: about 2 ms here, most of the
cost of a small request. The statement below is written once per process; rows become the
same model instances `select_related` would give (related objects attached the same way).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from tortoise import connections
from tortoise.models import Model

from database import placeholder
from models import Membership, Organization, SessionToken, User
from models.tortoise_internals import attach_related, column_names, from_row, model_field

# (alias, model) in the order their columns stand in a row; "i" is the impersonator.
_PARTS: tuple[tuple[str, type[Model]], ...] = (
    ("s", SessionToken),
    ("u", User),
    ("m", Membership),
    ("o", Organization),
    ("i", User),
)
_FROM = """
FROM session_token s
JOIN "user" u ON u.id = s.user_id
JOIN membership m ON m.id = s.membership_id
JOIN organization o ON o.id = m.organization_id
LEFT JOIN "user" i ON i.id = s.impersonator_id
WHERE s.token_hash = {token_hash} AND s.revoked_at IS NULL AND s.expires_at > {moment}
"""


@cache
def _columns(alias: str) -> list[str]:
    # Read once Tortoise is initialised: foreign-key columns exist only from then on.
    model = dict(_PARTS)[alias]
    return column_names(model)


@cache
def _statement(dialect: str) -> str:
    columns = ", ".join(f'{alias}."{column}"' for alias, _ in _PARTS for column in _columns(alias))
    where = _FROM.format(token_hash=placeholder(dialect, 1), moment=placeholder(dialect, 2))
    return f"SELECT {columns}{where}"


def _split(row: Sequence[Any]) -> dict[str, dict[str, Any]]:
    parts: dict[str, dict[str, Any]] = {}
    position = 0
    for alias, _ in _PARTS:
        columns = _columns(alias)
        parts[alias] = dict(zip(columns, row[position : position + len(columns)], strict=True))
        position += len(columns)
    return parts


async def find_session(token_hash: str, moment: datetime) -> SessionToken | None:
    """The unrevoked, unexpired session with this token hash, with `user`, `impersonator`,
    `membership` and `membership.organization` loaded; None when there is none."""
    connection = connections.get("default")
    dialect = connection.capabilities.dialect
    expires_at = model_field(SessionToken, "expires_at")
    _, rows = await connection.execute_query(
        _statement(dialect), [token_hash, expires_at.to_db_value(moment, SessionToken)]
    )
    if not rows:
        return None
    parts = _split(list(rows[0]))
    session = from_row(SessionToken, parts["s"])
    membership = from_row(Membership, parts["m"])
    # Attached as select_related attaches them, so `session.user` etc. need no query.
    attach_related(membership, "organization", from_row(Organization, parts["o"]))
    attach_related(session, "user", from_row(User, parts["u"]))
    attach_related(session, "membership", membership)
    impersonator = parts["i"]["id"] is not None
    attach_related(session, "impersonator", from_row(User, parts["i"]) if impersonator else None)
    return session
