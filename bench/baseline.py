"""The lower bound: each scenario's answer fetched with hand-written asyncpg SQL and shaped
as plain dicts for orjson. Same rows, same visibility rules, same JSON as the GraphQL API
(bench/reads.py checks the two are equal before it measures anything).

Written for the benchmark's viewers (a reseller and an administrator), not as a second
implementation of the API: it is the floor the GraphQL server is compared against.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import asyncpg
import orjson

from domain.hierarchy.status import combine
from domain.security.tokens import hash_secret
from gql.schema.cursors import codec_for
from gql.schema.relay import decode_id, to_global_id
from models.enums import OrganizationStatus

Json = dict[str, Any]


# The API's own id encoding: the floor must answer the same ids, not a second encoding.
global_id = to_global_id


def cursor(secret_key: str, row: asyncpg.Record) -> str:
    """The API's own cursor of a customer page's row (newest first), sealed the same way."""
    return codec_for(secret_key).encode(
        "Organization(-created_at,-id)", (row["created_at"], row["id"])
    )


def iso(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


@dataclass(frozen=True)
class Viewer:
    row: asyncpg.Record
    secret_key: str  # seals cursors, as the API's do

    @property
    def is_administrator(self) -> bool:
        return bool(self.row["kind"] == "MASTER")

    def subtree(self) -> tuple[str, str]:
        """The byte-order range of paths under the viewer's organization."""
        path: str = self.row["path"]
        return path, path[:-1] + "0"


_AUTHENTICATE = """
SELECT s.user_id, u.email, u.first_name, u.last_name, m.role, m.access_rights,
       o.id AS organization_id, o.name, o.kind, o.status, o.path
FROM session_token s
JOIN "user" u ON u.id = s.user_id
JOIN membership m ON m.id = s.membership_id
JOIN organization o ON o.id = m.organization_id
WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
  AND u.status = 'ACTIVE' AND s.impersonator_id IS NULL
"""


async def authenticate(db: asyncpg.Connection, token: str, secret_key: str) -> Viewer:
    row = await db.fetchrow(_AUTHENTICATE, hash_secret(token, secret_key))
    if row is None:
        raise PermissionError("unknown token")
    ancestors = [UUID(hex=part) for part in row["path"].split("/") if part]
    statuses = await db.fetch("SELECT status FROM organization WHERE id = ANY($1)", ancestors)
    if combine(OrganizationStatus(s["status"]) for s in statuses) != OrganizationStatus.ACTIVE:
        raise PermissionError("organization blocked")
    return Viewer(row, secret_key)


# ------------------------------------------------------------------ (a), (b) customer page

_PAGE_FILTER = """
FROM organization o
WHERE o.kind = 'CUSTOMER' AND o.path >= $1 AND o.path < $2
  AND ($3::text IS NULL
       OR o.id IN (SELECT id FROM organization o WHERE {name} OR {company} OR {email}
                   UNION ALL
                   SELECT m.organization_id FROM membership m JOIN "user" u ON u.id = m.user_id
                   WHERE m.role = 'OWNER' AND ({user_email} OR {first} OR {last})))
""".format(
    # One id set, as domain/listing.py's search (docs/search.md); the expressions are
    # those the trigram indexes of migration 5 serve.
    **{
        key: f"UPPER(CAST({column} AS VARCHAR)) LIKE UPPER($3)"
        for key, column in {
            "name": "o.name",
            "company": "o.company",
            "email": "o.contact_email",
            "user_email": "u.email",
            "first": "u.first_name",
            "last": "u.last_name",
        }.items()
    }
)
_PAGE = f"""SELECT o.id, o.name, o.company, o.status, o.contact_email, o.path, o.created_at
{_PAGE_FILTER} ORDER BY o.created_at DESC, o.id DESC LIMIT 101"""
_COUNT = f"SELECT count(*) {_PAGE_FILTER}"
_OWNER_LOGINS = """
SELECT DISTINCT ON (m.organization_id) m.organization_id, u.email
FROM membership m JOIN "user" u ON u.id = m.user_id
WHERE m.organization_id = ANY($1) AND m.role = 'OWNER'
ORDER BY m.organization_id, m.created_at, m.id
"""
_USAGE = """
SELECT organization_id, kind, count(*) AS n FROM service
WHERE organization_id = ANY($1) GROUP BY organization_id, kind
"""
_LATEST_NOTES = """
SELECT DISTINCT ON (n.organization_id) n.organization_id, n.text, n.created_at
FROM note n JOIN organization a ON a.id = n.author_organization_id
WHERE n.organization_id = ANY($1) AND a.path >= $2 AND a.path < $3
ORDER BY n.organization_id, n.created_at DESC, n.id DESC
"""
_DEPARTMENTS = """
SELECT organization_id, id, name FROM (
  SELECT d.organization_id, d.id, d.name,
         row_number() OVER (PARTITION BY d.organization_id ORDER BY d.name, d.id) AS n
  FROM department d WHERE d.organization_id = ANY($1)) ranked
WHERE n <= 5 ORDER BY organization_id, n
"""


async def customer_page(db: asyncpg.Connection, viewer: Viewer, search: str | None) -> Json:
    low, high = ("", "\uffff") if viewer.is_administrator else viewer.subtree()
    pattern = f"%{search}%" if search else None
    rows = await db.fetch(_PAGE, low, high, pattern)
    total = await db.fetchval(_COUNT, low, high, pattern)
    page = rows[:100]
    ids = [row["id"] for row in page]
    ancestors = list({UUID(hex=p) for row in page for p in row["path"].split("/") if p})
    status_of = {
        r["id"].hex: OrganizationStatus(r["status"])
        for r in await db.fetch("SELECT id, status FROM organization WHERE id = ANY($1)", ancestors)
    }
    owners = {r["organization_id"]: r["email"] for r in await db.fetch(_OWNER_LOGINS, ids)}
    usage: dict[UUID, dict[str, int]] = {}
    for r in await db.fetch(_USAGE, ids):
        usage.setdefault(r["organization_id"], {})[r["kind"]] = r["n"]
    notes = {r["organization_id"]: r for r in await db.fetch(_LATEST_NOTES, ids, low, high)}
    departments: dict[UUID, list[Json]] = {}
    for r in await db.fetch(_DEPARTMENTS, ids):
        departments.setdefault(r["organization_id"], []).append(
            {"node": {"id": global_id("Department", r["id"]), "name": r["name"]}}
        )
    edges = []
    for row in page:
        counts = usage.get(row["id"], {})
        note = notes.get(row["id"])
        node = {
            "id": global_id("Organization", row["id"]),
            "name": row["name"],
            "company": row["company"],
            "status": row["status"],
            "effectiveStatus": combine(
                status_of[p] for p in row["path"].split("/") if p in status_of
            ).value,
            "contact": {"email": row["contact_email"]},
            "ownerLogin": {"email": owners[row["id"]]} if row["id"] in owners else None,
            "usage": {
                "websites": counts.get("WEBSITE", 0),
                "databases": counts.get("DATABASE", 0),
                "mailboxes": counts.get("MAILBOX", 0),
            },
            "latestNote": {"text": note["text"], "createdAt": iso(note["created_at"])}
            if note
            else None,
            "departments": {"edges": departments.get(row["id"], [])},
        }
        edges.append({"cursor": cursor(viewer.secret_key, row), "node": node})
    return {
        "organizations": {
            "totalCount": total,
            "pageInfo": {
                "hasNextPage": len(rows) > 100,
                "endCursor": cursor(viewer.secret_key, page[-1]),
            },
            "edges": edges,
        }
    }


# ------------------------------------------------------------------ (c) viewer


async def viewer_data(db: asyncpg.Connection, viewer: Viewer) -> Json:
    row = viewer.row
    return {
        "viewer": {
            "role": row["role"],
            "accessRights": orjson.loads(row["access_rights"]),
            "user": {
                "id": global_id("User", row["user_id"]),
                "email": row["email"],
                "firstName": row["first_name"],
                "lastName": row["last_name"],
            },
            "organization": {
                "id": global_id("Organization", row["organization_id"]),
                "name": row["name"],
                "kind": row["kind"],
                "status": row["status"],
            },
            "impersonator": None,
        }
    }


# ------------------------------------------------------------------ (d) node(id) of a user

_USER = """
SELECT u.id, u.email, u.first_name, u.last_name, u.status, u.created_at, d.name AS department
FROM "user" u
LEFT JOIN department d ON d.id = u.department_id
  AND d.organization_id IN (SELECT id FROM organization WHERE path >= $2 AND path < $3)
WHERE u.id = $1 AND EXISTS (
  SELECT 1 FROM membership m JOIN organization o ON o.id = m.organization_id
  WHERE m.user_id = u.id AND o.path >= $2 AND o.path < $3)
"""
_MEMBERSHIPS = """
SELECT m.role, m.access_rights, o.id, o.name
FROM membership m JOIN organization o ON o.id = m.organization_id
WHERE m.user_id = $1 AND o.path >= $2 AND o.path < $3 ORDER BY m.created_at
"""


async def user_node(db: asyncpg.Connection, viewer: Viewer, user_id: UUID) -> Json:
    low, high = viewer.subtree()
    row = await db.fetchrow(_USER, user_id, low, high)
    if row is None:
        return {"node": None}
    memberships = await db.fetch(_MEMBERSHIPS, user_id, low, high)
    return {
        "node": {
            "id": global_id("User", row["id"]),
            "email": row["email"],
            "firstName": row["first_name"],
            "lastName": row["last_name"],
            "status": row["status"],
            "createdAt": iso(row["created_at"]),
            "department": {"name": row["department"]} if row["department"] else None,
            "memberships": [
                {
                    "role": m["role"],
                    "accessRights": orjson.loads(m["access_rights"]),
                    "organization": {"id": global_id("Organization", m["id"]), "name": m["name"]},
                }
                for m in memberships
            ],
        }
    }


# ------------------------------------------------------------------ (e) audit events

_AUDIT = """
SELECT id, created_at, action, actor_email, target_type, target_name, summary, ip
FROM audit_event WHERE organization_path >= $1 AND organization_path < $2
ORDER BY created_at DESC, id DESC LIMIT 100
"""
_AUDIT_COUNT = (
    "SELECT count(*) FROM audit_event WHERE organization_path >= $1 AND organization_path < $2"
)


async def audit_page(db: asyncpg.Connection, viewer: Viewer) -> Json:
    low, high = viewer.subtree()
    rows = await db.fetch(_AUDIT, low, high)
    total = await db.fetchval(_AUDIT_COUNT, low, high)
    edges = [
        {
            "node": {
                "id": global_id("AuditEvent", r["id"]),
                "createdAt": iso(r["created_at"]),
                "action": r["action"],
                "actorEmail": r["actor_email"],
                "targetType": r["target_type"],
                "targetName": r["target_name"],
                "summary": orjson.loads(r["summary"]),
                "ip": r["ip"],
            }
        }
        for r in rows
    ]
    return {"auditEvents": {"totalCount": total, "edges": edges}}


# ------------------------------------------------------------------ dispatch

Handler = Callable[[asyncpg.Connection, Viewer, dict[str, Any]], Awaitable[Json]]


def _node(db: asyncpg.Connection, viewer: Viewer, variables: dict[str, Any]) -> Awaitable[Json]:
    return user_node(db, viewer, decode_id(variables["id"], "User"))


HANDLERS: dict[str, Handler] = {
    "a": lambda db, viewer, variables: customer_page(db, viewer, variables.get("search")),
    "b": lambda db, viewer, variables: customer_page(db, viewer, variables.get("search")),
    "c": lambda db, viewer, variables: viewer_data(db, viewer),
    "d": _node,
    "e": lambda db, viewer, variables: audit_page(db, viewer),
}


async def answer(
    db: asyncpg.Connection, scenario: str, token: str, secret_key: str, variables: dict[str, Any]
) -> bytes:
    """One request's work: authenticate, fetch, serialise."""
    viewer = await authenticate(db, token, secret_key)
    return orjson.dumps({"data": await HANDLERS[scenario](db, viewer, variables)})
