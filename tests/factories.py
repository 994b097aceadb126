"""Builders for test data, going through the same domain functions the API uses."""

from __future__ import annotations

from domain.organizations import new_organization
from domain.users import add_membership, create_user
from models import Membership, Organization, User
from models.enums import OrganizationKind, OrganizationStatus, Role

PASSWORD = "correct horse battery staple"
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
    membership = await add_membership(user, org, role)
    return user, membership
