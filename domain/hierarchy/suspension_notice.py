"""What an organization's own people are told when a suspension stops their login.

They see of a suspension exactly what their organization shows them while it is active:
its own `suspendedAt`, `suspensionReason` and `suspendedByKind`. A suspension imposed on an
organization above theirs (their provider, or its provider) is told only as "inherited":
they never see an organization above their own, so neither its name nor its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.errors import DomainError, ErrorCode
from domain.hierarchy.status import effective_status
from models import Organization
from models.enums import OrganizationKind, OrganizationStatus


@dataclass(frozen=True)
class SuspensionNotice:
    inherited: bool  # imposed on an organization above; nothing more of it is told
    reason: str | None = None
    suspended_at: datetime | None = None
    suspended_by_kind: OrganizationKind | None = None

    @property
    def message(self) -> str:
        if self.inherited:
            return "Your provider's account is suspended; logging in is not possible."
        because = f": {self.reason}" if self.reason else ""
        return f"Your organization is suspended{because}. Logging in is not possible."


class OrganizationSuspended(DomainError):
    """A login or token refused because its organization is (effectively) suspended."""

    def __init__(self, notice: SuspensionNotice) -> None:
        super().__init__(ErrorCode.ORGANIZATION_SUSPENDED, notice.message)
        self.notice = notice


def suspender_kind(depth: int | None) -> OrganizationKind | None:
    """The kind of organization that imposed a suspension, from its recorded depth."""
    if depth is None:
        return None
    return OrganizationKind.MASTER if depth == 0 else OrganizationKind.RESELLER


def notice_in_effect(
    status: OrganizationStatus,
    effective: OrganizationStatus,
    reason: str | None,
    suspended_at: datetime | None,
    suspended_by_kind: OrganizationKind | None,
) -> SuspensionNotice | None:
    """What an organization's people are told, from its own and its effective status: its
    own suspension when it has one (even under a suspended provider), an inherited one when
    only an organization above is suspended, nothing when it is not suspended."""
    if status == OrganizationStatus.SUSPENDED:
        return SuspensionNotice(
            inherited=False,
            reason=reason,
            suspended_at=suspended_at,
            suspended_by_kind=suspended_by_kind,
        )
    if effective == OrganizationStatus.SUSPENDED:
        return SuspensionNotice(inherited=True)
    return None


def notice_for(organization: Organization) -> SuspensionNotice:
    """The notice for an organization known to be effectively SUSPENDED."""
    notice = notice_in_effect(
        organization.status,
        OrganizationStatus.SUSPENDED,
        organization.suspension_reason,
        organization.suspended_at,
        suspender_kind(organization.suspended_by_depth),
    )
    assert notice is not None  # effectively suspended: there is always one
    return notice


async def refuse_unless_active(organization: Organization) -> bool:
    """True when the organization is effectively ACTIVE; raises OrganizationSuspended when
    it is suspended (itself or above); False for any other blocked status."""
    return refuse_unless_active_status(organization, await effective_status(organization))


def refuse_unless_active_status(organization: Organization, effective: OrganizationStatus) -> bool:
    """refuse_unless_active, given the organization's effective status already read."""
    if effective == OrganizationStatus.SUSPENDED:
        raise OrganizationSuspended(notice_for(organization))
    return effective == OrganizationStatus.ACTIVE
