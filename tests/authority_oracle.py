"""The oracle of the write-authority property test: docs/authority.md, read as data, and
its relations written in plain Python over a world's spec.

`read_table()` parses the table of docs/authority.md (who, right, key, impersonation per
mutation); `Authority` evaluates those words for the viewer of a drawn world from the
spec's own parent links and memberships, never from the `path` column or `domain/`. The
visibility half comes from the read test's oracle (tests/isolation_world.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from domain.people.access import ALL_ACCESS_RIGHTS
from models.enums import Role, ServiceKind
from tests.isolation_world import (
    CUSTOMER,
    MANAGERS,
    MASTER,
    ImpersonationViewer,
    KeyViewer,
    MemberViewer,
    Oracle,
    WorldSpec,
)

TABLE = Path(__file__).resolve().parent.parent / "docs" / "authority.md"
RANK = {Role.MEMBER: 0, Role.ADMIN: 1, Role.OWNER: 2}
# The `kind` right of the table's columns, as docs/authority.md states it (written here
# again on purpose: the oracle must not read its answers from domain/).
SERVICE_RIGHT = {
    ServiceKind.WEBSITE: "websites",
    ServiceKind.DATABASE: "websites",
    ServiceKind.FTP_ACCOUNT: "websites",
    ServiceKind.BACKUP: "websites",
    ServiceKind.MAILBOX: "email",
    ServiceKind.DNS_ZONE: "dns",
}
# The relations a staff member (OWNER/ADMIN of the Master or a reseller) needs at all: an
# actor that is no such staff may not call these mutations, whatever the target.
STAFF_ONLY = frozenset({"manager", "seller", "plan-owner", "note-author"})


@dataclass(frozen=True)
class Row:
    mutation: str
    target: str
    who: str
    right: str
    key: str
    impersonation: str
    rules: str


@cache
def read_table() -> dict[str, Row]:
    """The rows of docs/authority.md's table, by mutation name."""
    text = TABLE.read_text(encoding="utf-8")
    section = text.split("## The table", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        match = re.match(r"^\| `(\w+)` \|(.*)\|\s*$", line)
        if match is None:
            continue
        cells = [cell.strip() for cell in match.group(2).split("|")]
        rows[match.group(1)] = Row(match.group(1), *cells[:6])
    return rows


class Expect(StrEnum):
    ALLOWED = "allowed"  # no FORBIDDEN or NOT_FOUND: done, or refused for its state only
    NOT_FOUND = "NOT_FOUND"  # as for an id that never existed
    FORBIDDEN = "FORBIDDEN"  # seen, but not the actor's to do
    REFUSED = "refused"  # the actor may not call it at all: FORBIDDEN or NOT_FOUND
    INVALID_STATE = "INVALID_STATE"


@dataclass(frozen=True)
class Extras:
    """What the write test adds to a read world: access rights of every membership and of
    the viewer's key, an invitation, and another API key."""

    rights: tuple[frozenset[str], ...]  # per membership of the spec
    key_rights: frozenset[str]
    invitation: tuple[int, int] | None  # (user, organization)
    key_org: int  # the organization of one more API key


class Authority:
    """docs/authority.md's relations for the viewer of one world."""

    def __init__(self, spec: WorldSpec, extras: Extras) -> None:
        self.spec = spec
        self.read = Oracle(spec)
        self.user, self.org, self.role = spec.acting()
        self.kind = spec.orgs[self.org].kind
        self.is_key = isinstance(spec.viewer, KeyViewer)
        self.is_impersonation = isinstance(spec.viewer, ImpersonationViewer)
        self.ancestors = self.read.ancestors
        self.depth = len(self.ancestors[self.org])
        self.extras = extras
        self.rights = self._rights()

    def _rights(self) -> frozenset[str]:
        viewer = self.spec.viewer
        everything = frozenset(ALL_ACCESS_RIGHTS)
        if isinstance(viewer, KeyViewer):
            own = self.extras.key_rights
        elif isinstance(viewer, MemberViewer | ImpersonationViewer):
            own = self.extras.rights[viewer.membership]
        if self.role == Role.OWNER:
            own = everything
        if isinstance(viewer, ImpersonationViewer):
            # Capped by the impersonator's own rights.
            m = self.spec.memberships[viewer.impersonator_membership]
            cap = (
                everything
                if m.role == Role.OWNER
                else self.extras.rights[viewer.impersonator_membership]
            )
            own = own & cap
        return own

    # The relations of docs/authority.md.

    def has(self, right: str) -> bool:
        return right in self.rights

    @property
    def staff(self) -> bool:
        """OWNER/ADMIN of the Master or a reseller (a seller)."""
        return self.role in MANAGERS and self.kind != CUSTOMER

    def manager(self, org: int) -> bool:
        return self.staff and self.org in self.ancestors[org]

    def administrator(self, org: int) -> bool:
        return self.manager(org) or (org == self.org and self.role in MANAGERS)

    def outranks_owner(self, org: int) -> bool:
        return self.manager(org) or (org == self.org and self.role == Role.OWNER)

    def member_manager(self, org: int, role: Role) -> bool:
        return self.administrator(org) and (role != Role.OWNER or self.outranks_owner(org))

    def memberships_of(self, user: int) -> list[tuple[int, Role]]:
        return [(m.org, m.role) for m in self.spec.memberships if m.user == user]

    def login_authority(self, user: int) -> bool:
        listed = self.memberships_of(user)
        if not listed:
            return self.kind == MASTER and self.role in MANAGERS
        return all(self.member_manager(org, role) for org, role in listed)

    def grant(self, org: int, role: Role, rights: frozenset[str]) -> bool:
        if role == Role.OWNER and not self.outranks_owner(org):
            return False
        if org == self.org and RANK[role] > RANK[self.role]:
            return False
        granted = frozenset(ALL_ACCESS_RIGHTS) if role == Role.OWNER else rights
        return granted <= self.rights

    def note_author(self, author_org: int) -> bool:
        """Managers of the writing organization, or administrators (any note)."""
        return self.role in MANAGERS and (author_org == self.org or self.kind == MASTER)

    def billing(self, org: int) -> bool:
        """Sets external ids and metadata: managers; the Master's own OWNER/ADMIN for it."""
        if self.spec.orgs[org].kind == MASTER:
            return self.kind == MASTER and self.role in MANAGERS
        return self.manager(org)

    def is_self(self, user: int) -> bool:
        return self.user == user and not self.is_impersonation

    def may_lift(self, level: int | None) -> bool:
        return level is None or self.depth <= level

    # From the table to an expectation.

    def gate(self, mutation: str) -> Expect | None:
        """What the table's key, impersonation and who columns refuse before any lookup."""
        row = read_table()[mutation]
        if row.key == "no" and self.is_key:
            return Expect.FORBIDDEN
        if row.impersonation == "no" and self.is_impersonation:
            return Expect.FORBIDDEN
        if row.who in STAFF_ONLY and not self.staff:
            return Expect.REFUSED
        if row.who == "self" and self.user is None:
            return Expect.FORBIDDEN
        if row.right == "plans" and not self.has("plans"):
            return Expect.FORBIDDEN  # the whole mutation needs it
        return None

    def decide(self, mutation: str, *, visible: bool, relation: bool, right: str = "") -> Expect:
        """The table's verdict: gates, then visibility, then the relation and the right."""
        gated = self.gate(mutation)
        if gated is not None:
            return gated
        if not visible:
            return Expect.NOT_FOUND
        row = read_table()[mutation]
        needed = right or (row.right if row.right not in ("-", "kind", "plan") else "")
        if not relation or (needed and not self.has(needed)):
            return Expect.FORBIDDEN
        return Expect.ALLOWED
