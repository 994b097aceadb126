"""Who is acting: a user through a membership, an API key, or an impersonation."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from models import Membership, Organization, User
from models.enums import OrganizationKind, Role, TokenPurpose

MANAGING_ROLES = frozenset({Role.OWNER, Role.ADMIN})


@dataclass(frozen=True)
class Actor:
    """The authenticated principal of a request, in the organization it acts for."""

    organization: Organization
    role: Role
    access_rights: frozenset[str]
    user: User | None = None
    impersonator: User | None = None
    session_id: UUID | None = None
    api_key_id: UUID | None = None
    purpose: TokenPurpose = TokenPurpose.FULL
    ip: str | None = None  # the client address of the request, for the audit trail
    # An impersonation may do only what both the target and the impersonator may do: the
    # impersonator's own access rights cap the target OWNER's (None: no cap).
    rights_cap: frozenset[str] | None = None
    membership_id: UUID | None = None  # the membership a user acts through
    # Authentication found the organization and every one above it ACTIVE, in this
    # request: what reads for it may take as known rather than read again (batches.py).
    chain_active: bool = False

    @classmethod
    def of_member(
        cls,
        membership: Membership,
        user: User,
        *,
        impersonator: User | None = None,
        session_id: UUID | None = None,
        purpose: TokenPurpose = TokenPurpose.FULL,
        ip: str | None = None,
        rights_cap: frozenset[str] | None = None,
        chain_active: bool = False,
    ) -> Actor:
        """A user acting through a membership (its organization loaded)."""
        return cls(
            organization=membership.organization,
            role=Role(membership.role),
            access_rights=frozenset(membership.access_rights),
            user=user,
            impersonator=impersonator,
            session_id=session_id,
            purpose=purpose,
            ip=ip,
            rights_cap=rights_cap,
            membership_id=membership.id,
            chain_active=chain_active,
        )

    @property
    def is_administrator(self) -> bool:
        """Staff of the Master organization."""
        return self.organization.kind == OrganizationKind.MASTER

    @property
    def is_reseller(self) -> bool:
        return self.organization.kind == OrganizationKind.RESELLER

    @property
    def can_manage(self) -> bool:
        """OWNER and ADMIN manage; MEMBERs of every kind are read-only support staff."""
        return self.role in MANAGING_ROLES

    def has_right(self, right: str) -> bool:
        """An OWNER holds every right; an impersonation only those its impersonator holds."""
        own = self.role == Role.OWNER or right in self.access_rights
        return own and (self.rights_cap is None or right in self.rights_cap)
