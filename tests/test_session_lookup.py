"""The per-request token lookup: one statement, the same answer the ORM would give."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tortoise.timezone import now

from domain.hierarchy.status import effective_status
from domain.security.session_lookup import find_session
from domain.security.tokens import hash_secret
from models import Organization, SessionToken
from models.enums import OrganizationKind, OrganizationStatus
from tests import factories
from tests.factories import TEST_SECRET_KEY


async def test_a_live_session_comes_with_everything_authentication_reads() -> None:
    master = await factories.master()
    customer = await factories.organization(OrganizationKind.CUSTOMER, master, name="Acme")
    admin, _ = await factories.member(master, "admin@example.com")
    owner, membership = await factories.member(customer, "owner@example.com")
    token = await factories.session_for(owner, membership)
    await SessionToken.filter(user=owner).update(impersonator=admin)

    found = await find_session(hash_secret(token, TEST_SECRET_KEY), now())

    assert found is not None
    session = found.session
    stored = await SessionToken.get(user=owner).select_related(
        "user", "membership__organization", "impersonator"
    )
    assert session.id == stored.id
    assert session.expires_at == stored.expires_at
    assert session.user.email == "owner@example.com"
    assert session.user.department_id is None
    assert session.membership.role == stored.membership.role
    assert session.membership.organization.path == customer.path
    assert session.impersonator is not None
    assert session.impersonator.email == "admin@example.com"


async def test_no_session_for_unknown_revoked_or_expired_tokens() -> None:
    master = await factories.master()
    user, membership = await factories.member(master, "admin@example.com")
    revoked = await factories.session_for(user, membership)
    expired = await factories.session_for(user, membership)
    await SessionToken.filter(token_hash=hash_secret(revoked, TEST_SECRET_KEY)).update(
        revoked_at=now()
    )
    await SessionToken.filter(token_hash=hash_secret(expired, TEST_SECRET_KEY)).update(
        expires_at=now() - timedelta(seconds=1)
    )

    for token in (revoked, expired, "tnt_never-issued"):
        assert await find_session(hash_secret(token, TEST_SECRET_KEY), now()) is None


# The product's rule: the most blocking status on the way up is in effect.
_BLOCKING_ORDER = [
    OrganizationStatus.ACTIVE,
    OrganizationStatus.PENDING,
    OrganizationStatus.SUSPENDED,
    OrganizationStatus.DELETED,
]
_CHAINS = [
    # (statuses from the reseller down to the session's organization)
    (OrganizationStatus.ACTIVE, OrganizationStatus.ACTIVE, OrganizationStatus.ACTIVE),
    (OrganizationStatus.SUSPENDED, OrganizationStatus.ACTIVE, OrganizationStatus.ACTIVE),
    (OrganizationStatus.ACTIVE, OrganizationStatus.DELETED, OrganizationStatus.SUSPENDED),
    (OrganizationStatus.ACTIVE, OrganizationStatus.ACTIVE, OrganizationStatus.PENDING),
    (OrganizationStatus.PENDING, OrganizationStatus.SUSPENDED, OrganizationStatus.ACTIVE),
]


@pytest.mark.parametrize("statuses", _CHAINS, ids=["-".join(c) for c in _CHAINS])
async def test_the_effective_status_comes_with_the_session(
    statuses: tuple[OrganizationStatus, ...],
) -> None:
    """Read in the lookup's own statement, walking up the owners: the same answer as the
    effective status read from the organization's path, at every depth."""
    master = await factories.master()
    owner: Organization = master
    for kind, status in zip(
        (OrganizationKind.RESELLER, OrganizationKind.RESELLER, OrganizationKind.CUSTOMER),
        statuses,
        strict=True,
    ):
        owner = await factories.organization(kind, owner, status=status)
    user, membership = await factories.member(owner, "owner@example.com")
    token = await factories.session_for(user, membership)

    found = await find_session(hash_secret(token, TEST_SECRET_KEY), now())

    assert found is not None
    assert found.effective_status == await effective_status(owner)
    worst = max(statuses, key=_BLOCKING_ORDER.index)
    assert found.effective_status == worst
