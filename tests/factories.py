"""Builders for test data, going through the same domain functions the API uses."""

from __future__ import annotations

from datetime import timedelta

from tortoise.timezone import now

from domain.hierarchy.organizations import new_organization
from domain.people.access import ALL_ACCESS_RIGHTS
from domain.people.logins import add_membership, create_user
from domain.security.tokens import SESSION_PREFIX, hash_secret, new_secret
from models import Membership, Organization, SessionToken, User
from models.enums import OrganizationKind, OrganizationStatus, Role

PASSWORD = "correct horse battery staple"
# Tokens are stored as HMACs under the key: tests/conftest.py puts this one in the
# environment, so the app, the actors and these builders all use it.
TEST_SECRET_KEY = "test-secret-key-that-is-long-enough-0123456789"
ROUNDS = 4


async def organization(
    kind: OrganizationKind,
    owner: Organization | None = None,
    *,
    name: str | None = None,
    status: OrganizationStatus = OrganizationStatus.ACTIVE,
) -> Organization:
    return await new_organization(
        kind, name or f"{kind.title()} {id(owner) % 997}", owner, status=status
    )


async def master() -> Organization:
    return await organization(OrganizationKind.MASTER, name="Platform")


async def member(
    org: Organization,
    email: str,
    role: Role = Role.OWNER,
    *,
    password: str = PASSWORD,
) -> tuple[User, Membership]:
    user = await create_user(email, password, bcrypt_rounds=ROUNDS, first_name="Test")
    membership = await add_membership(user, org, role, default_rights(role))
    return user, membership


async def session_for(user: User, membership: Membership, secret_key: str = TEST_SECRET_KEY) -> str:
    """A bearer token for `user` acting through `membership`, without the cost of a login
    (valid for an app whose SECRET_KEY is `secret_key`: tokens are stored hashed with it)."""
    token = new_secret(SESSION_PREFIX)
    await SessionToken.create(
        token_hash=hash_secret(token, secret_key),
        user=user,
        membership=membership,
        expires_at=now() + timedelta(hours=1),
    )
    return token


def default_rights(role: Role) -> list[str]:
    """Tests not about access rights give an ADMIN every right (as the demo does): what an
    ADMIN without a right may not do is tested on its own."""
    return list(ALL_ACCESS_RIGHTS) if role == Role.ADMIN else []


async def quick_member(
    org: Organization, email: str, role: Role = Role.OWNER, rights: list[str] | None = None
) -> tuple[User, str]:
    """A user with a membership and a token, skipping password hashing (for bulk tests)."""
    user = await User.create(email=email, password_hash="!", first_name="Quick", last_name=role)
    membership = await Membership.create(
        user=user,
        organization=org,
        role=role,
        access_rights=default_rights(role) if rights is None else rights,
    )
    return user, await session_for(user, membership)
