"""Security policy (SPEC §4): set per organization, inherited down the tree, and a level may
only make it stricter. The effective policy of an organization is the strictest value of
every field along its ancestry (platform defaults at the top)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, fields, replace
from typing import Any
from uuid import UUID

from tortoise.transactions import in_transaction

from domain import authority, scope, validation
from domain.actor import Actor
from domain.batches import DepartmentRow
from domain.errors import DomainError, ErrorCode, not_found
from domain.events import audit
from domain.hierarchy.status import ancestor_uuids, require_live
from domain.security.passwords import password_problems
from models import Department, Organization, SecurityPolicy
from settings import Settings

UNSET: Any = object()  # "leave as it is"; None means "inherit"


@dataclass(frozen=True)
class Policy:
    """A complete, effective policy."""

    min_password_length: int = 8
    require_uppercase: bool = False
    require_lowercase: bool = False
    require_digit: bool = False
    require_symbol: bool = False
    password_expiry_days: int | None = None  # None: passwords never expire
    expiry_warning_days: int = 7
    max_failed_logins: int = 10
    lockout_minutes: int = 15
    allowed_ip_ranges: tuple[str, ...] | None = None  # None: any address
    session_lifetime_minutes: int = 720
    # Logins must complete a second factor (docs/two-factor.md); True only tightens.
    require_two_factor: bool = False

    def password_problems(self, password: str) -> list[str]:
        """Why a password breaks this policy (empty when it does not)."""
        problems = password_problems(password, self.min_password_length)
        checks = (
            (self.require_uppercase, str.isupper, "an upper-case letter"),
            (self.require_lowercase, str.islower, "a lower-case letter"),
            (self.require_digit, str.isdigit, "a digit"),
            (self.require_symbol, lambda c: not c.isalnum() and not c.isspace(), "a symbol"),
        )
        problems += [
            f"must contain {what}"
            for needed, test, what in checks
            if needed and not any(test(c) for c in password)
        ]
        return problems

    def allows_address(self, address: str | None) -> bool:
        if self.allowed_ip_ranges is None:
            return True
        if address is None:
            return False
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in ipaddress.ip_network(r) for r in self.allowed_ip_ranges)


FIELDS = tuple(f.name for f in fields(Policy))


def defaults(settings: Settings) -> Policy:
    """The platform's policy, above the Master's own."""
    return Policy(session_lifetime_minutes=settings.session_lifetime_minutes)


_INPUT_NAMES = {
    "min_password_length": "minPasswordLength",
    "require_uppercase": "requireUppercase",
    "require_lowercase": "requireLowercase",
    "require_digit": "requireDigit",
    "require_symbol": "requireSymbol",
    "password_expiry_days": "passwordExpiryDays",
    "expiry_warning_days": "expiryWarningDays",
    "max_failed_logins": "maxFailedLogins",
    "lockout_minutes": "lockoutMinutes",
    "allowed_ip_ranges": "allowedIpRanges",
    "session_lifetime_minutes": "sessionLifetimeMinutes",
    "require_two_factor": "requireTwoFactor",
}


def stricter(name: str, inherited: Any, own: Any) -> Any:
    """The stricter of two values of one field (own may only tighten inherited)."""
    if own is None:
        return inherited
    if name.startswith("require_"):
        return inherited or own
    if name in ("min_password_length", "lockout_minutes", "expiry_warning_days"):
        return max(inherited, own)
    if name in ("max_failed_logins", "session_lifetime_minutes"):
        return min(inherited, own)
    if name == "password_expiry_days":
        return own if inherited is None else min(inherited, own)
    # allowed_ip_ranges: an address must be allowed by every level, so the effective list
    # is the intersection. Checking a level's list against its parent's when it is set is
    # not enough: a parent that tightens later must bind children that were set earlier.
    return intersect_ranges(inherited, tuple(own))


def intersect_ranges(
    first: tuple[str, ...] | None, second: tuple[str, ...] | None
) -> tuple[str, ...] | None:
    """The addresses both lists allow (None allows any). Two CIDR networks either nest or
    are disjoint, so the intersection is the smaller of every overlapping pair."""
    if first is None:
        return second
    if second is None:
        return first
    kept: list[str] = []
    for a in map(ipaddress.ip_network, first):
        for b in map(ipaddress.ip_network, second):
            if a.version == b.version and a.overlaps(b):
                smaller = str(a if a.num_addresses <= b.num_addresses else b)
                if smaller not in kept:
                    kept.append(smaller)
    return tuple(kept)


def _looser(name: str, inherited: Any, own: Any) -> bool:
    """Whether `own` would relax the inherited value (the stricter of the two is not it)."""
    if own is None:
        return False
    if name == "allowed_ip_ranges":
        return not _within(own, inherited)
    return bool(stricter(name, inherited, own) != own)


def _within(ranges: list[str] | tuple[str, ...] | None, bound: tuple[str, ...] | None) -> bool:
    if ranges is None or bound is None:
        return True
    networks = [ipaddress.ip_network(b) for b in bound]
    return all(
        any(
            ipaddress.ip_network(r).version == n.version and ipaddress.ip_network(r).subnet_of(n)  # type: ignore[arg-type]
            for n in networks
        )
        for r in ranges
    )


def _own(row: SecurityPolicy | None) -> dict[str, Any]:
    if row is None:
        return {}
    return {
        f.name: getattr(row, f.name) for f in fields(Policy) if getattr(row, f.name) is not None
    }


async def effective(organization: Organization, defaults: Policy | None = None) -> Policy:
    """The organization's effective policy: defaults tightened by every level above it."""
    policy = defaults or Policy()
    rows = {
        row.organization_id: row
        for row in await SecurityPolicy.filter(organization_id__in=ancestor_uuids(organization))
    }
    for ancestor in ancestor_uuids(organization):
        own = _own(rows.get(ancestor))
        policy = replace(policy, **{k: stricter(k, getattr(policy, k), v) for k, v in own.items()})
    return policy


async def for_department(
    department: Department | DepartmentRow, defaults: Policy | None = None
) -> Policy:
    """The organization's policy, with the department's own (narrower) IP ranges if set."""
    organization = await Organization.get(id=department.organization_id)
    policy = await effective(organization, defaults)
    if department.allowed_ip_ranges:
        policy = within_department(policy, department.allowed_ip_ranges)
    return policy


def within_department(policy: Policy, ranges: list[str]) -> Policy:
    """A department narrows its organization's allowed ranges; it never widens them."""
    narrowed = intersect_ranges(policy.allowed_ip_ranges, tuple(ranges))
    return replace(policy, allowed_ip_ranges=narrowed)


def check_ranges_within(ranges: list[str], bound: Policy, field: list[str]) -> None:
    """INVALID when `ranges` reach outside what the inherited policy allows."""
    if not _within(ranges, bound.allowed_ip_ranges):
        raise DomainError(
            ErrorCode.INVALID,
            f"Outside the inherited allowed ranges ({', '.join(bound.allowed_ip_ranges or ())}).",
            field,
        )


def _checked(name: str, value: Any, inherited: Policy) -> Any:
    """A policy field's value, cleaned; INVALID naming the field when out of bounds."""
    field = [_INPUT_NAMES[name]]
    if name == "allowed_ip_ranges":
        value = validation.ip_ranges(value, field)
    elif isinstance(value, int) and not isinstance(value, bool) and not 0 <= value <= 100_000:
        raise DomainError(ErrorCode.INVALID, "Out of range.", field)
    if name == "min_password_length" and value < 8:
        raise DomainError(ErrorCode.INVALID, "Passwords are at least 8 characters.", field)
    if name == "session_lifetime_minutes" and value < 5:
        raise DomainError(ErrorCode.INVALID, "Sessions last at least 5 minutes.", field)
    bound = getattr(inherited, name)
    if _looser(name, bound, value):
        raise DomainError(
            ErrorCode.INVALID,
            f"Looser than the inherited policy ({_INPUT_NAMES[name]} {bound}): a level may "
            "only make it stricter.",
            field,
        )
    return value


async def update(
    actor: Actor, organization_id: UUID, changes: dict[str, Any], defaults: Policy | None = None
) -> Policy:
    """Set (or with None, clear) fields of an organization's own policy; a value looser than
    the one inherited from above is INVALID, naming the field and the bound."""
    org = await scope.visible_organizations(actor).filter(id=organization_id).first()
    if org is None:
        raise not_found(["organizationId"], "organization")
    if not authority.administers(actor, org):
        raise DomainError(
            ErrorCode.FORBIDDEN, "You may not change its security policy.", ["organizationId"]
        )
    owner = await Organization.get_or_none(id=org.owner_id) if org.owner_id else None
    inherited = await effective(owner, defaults) if owner else (defaults or Policy())
    values = {k: v for k, v in changes.items() if v is not UNSET}
    with validation.AllFields() as fields:
        for name, value in values.items():
            if value is not None:
                values[name] = fields.check(_checked, name, value, inherited)
    async with in_transaction("default"):
        await require_live(org, ["organizationId"], "The organization")
        row, _ = await SecurityPolicy.get_or_create(organization=org)
        for name, value in values.items():
            setattr(row, name, value)
        await row.save()
        await audit.record(
            actor,
            "security_policy.update",
            org,
            target_type="SecurityPolicy",
            target_id=row.id,
            target_name=org.name,
            summary={"changed": sorted(values)},
        )
    return await effective(org, defaults)
