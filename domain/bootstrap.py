"""Creating the Master organization and its first administrator (`tenantry bootstrap`)."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain.hierarchy.organizations import new_organization
from domain.people.access import ALL_ACCESS_RIGHTS
from domain.people.logins import add_membership, create_user, normalize_email
from domain.security.passwords import generate_password
from models import Organization, User
from models.enums import OrganizationKind, Role
from settings import Settings


@dataclass(frozen=True)
class BootstrapResult:
    created: bool
    organization: Organization
    email: str
    generated_password: str | None = None


async def bootstrap(
    email: str, password: str | None, *, settings: Settings, name: str = "Platform"
) -> BootstrapResult:
    """Create the MASTER and its OWNER. When a MASTER exists already, change nothing.

    An email that already has a login is linked as OWNER and keeps its password.
    """
    existing = await Organization.filter(kind=OrganizationKind.MASTER).first()
    if existing is not None:
        return BootstrapResult(created=False, organization=existing, email=normalize_email(email))
    generated = generate_password() if password is None else None
    try:
        async with in_transaction("default"):
            organization = await new_organization(OrganizationKind.MASTER, name, None)
            user = await User.get_or_none(email=normalize_email(email))
            if user is None:
                user = await create_user(
                    email, password or generated or "", bcrypt_rounds=settings.bcrypt_rounds
                )
            else:
                generated = None  # the existing login keeps its password
            await add_membership(user, organization, Role.OWNER, ALL_ACCESS_RIGHTS)
    except IntegrityError:
        # Another bootstrap won the race: the single-MASTER index refused this one.
        winner = await Organization.get(kind=OrganizationKind.MASTER)
        return BootstrapResult(created=False, organization=winner, email=normalize_email(email))
    return BootstrapResult(
        created=True, organization=organization, email=user.email, generated_password=generated
    )
