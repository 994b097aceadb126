"""The bearer-token lookup every request makes, as one hand-written statement.

The ORM's `select_related` over the session, its user, membership, organization and
impersonator built a 60-column query anew on each request: about 2 ms here, most of the
cost of a small request. The statement below is written once per process; rows become the
same model instances `select_related` would give (related objects attached the same way).
It also reads the effective status of the session's organization (its owners' statuses,
walked up in the same statement): authentication refuses a blocked one on every request,
and that was a statement of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from tortoise import connections
from tortoise.models import Model

from database import placeholder
from domain.batches import chain_severity_sql
from domain.hierarchy.status import of_severity
from models import Membership, Organization, SessionToken, User
from models.enums import OrganizationStatus
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
    return f"SELECT {columns}, {chain_severity_sql('o')}{where}"


def _split(row: Sequence[Any]) -> dict[str, dict[str, Any]]:
    parts: dict[str, dict[str, Any]] = {}
    position = 0
    for alias, _ in _PARTS:
        columns = _columns(alias)
        parts[alias] = dict(zip(columns, row[position : position + len(columns)], strict=True))
        position += len(columns)
    return parts


@dataclass(frozen=True)
class FoundSession:
    session: SessionToken
    # Of `session.membership.organization`, as status.effective_status would answer.
    effective_status: OrganizationStatus


async def find_session(token_hash: str, moment: datetime) -> FoundSession | None:
    """The unrevoked, unexpired session with this token hash, with `user`, `impersonator`,
    `membership` and `membership.organization` loaded, and that organization's effective
    status; None when there is none."""
    connection = connections.get("default")
    dialect = connection.capabilities.dialect
    expires_at = model_field(SessionToken, "expires_at")
    _, rows = await connection.execute_query(
        _statement(dialect), [token_hash, expires_at.to_db_value(moment, SessionToken)]
    )
    if not rows:
        return None
    *columns, chain_severity = rows[0]
    parts = _split(columns)
    session = from_row(SessionToken, parts["s"])
    membership = from_row(Membership, parts["m"])
    # Attached as select_related attaches them, so `session.user` etc. need no query.
    attach_related(membership, "organization", from_row(Organization, parts["o"]))
    attach_related(session, "user", from_row(User, parts["u"]))
    attach_related(session, "membership", membership)
    impersonator = parts["i"]["id"] is not None
    attach_related(session, "impersonator", from_row(User, parts["i"]) if impersonator else None)
    return FoundSession(session, of_severity(chain_severity))
