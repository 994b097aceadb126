"""Login, bearer-token authentication and logout."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from uuid import UUID

from tortoise.expressions import F, Q
from tortoise.timezone import now

from domain import policy, throttle
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode
from domain.logsafe import log_safe
from domain.passwords import MAX_LENGTH, burn_verification_time, verify_password
from domain.session_lookup import find_session
from domain.status import effective_status
from domain.tokens import API_KEY_PREFIX, SESSION_PREFIX, hash_secret, new_secret
from domain.users import lookup_email
from models import ApiKey, Department, Membership, SessionToken, User
from models.enums import OrganizationStatus, Role, TokenPurpose, UserStatus
from settings import Settings

_INVALID_CREDENTIALS = "The email or password is not correct."
logger = logging.getLogger("tenantry.auth")
CHANGE_PASSWORD_MINUTES = 15


@dataclass(frozen=True)
class LoginResult:
    token: str
    expires_at: datetime
    user: User
    membership: Membership
    expired: bool = False  # the token may only change the password


def _invalid_credentials() -> DomainError:
    # One answer for unknown email and wrong password: no account enumeration.
    return DomainError(ErrorCode.INVALID_CREDENTIALS, _INVALID_CREDENTIALS)


async def _active_membership(user: User, organization_id: UUID | None) -> Membership:
    """The membership to log in through: the one asked for, else the highest active one."""
    query = Membership.filter(user=user).select_related("organization")
    if organization_id is not None:
        query = query.filter(organization_id=organization_id)
    memberships = sorted(await query, key=lambda m: (m.organization.depth, m.created_at))
    if not memberships:
        raise _invalid_credentials()
    blocked: OrganizationStatus | None = None
    for membership in memberships:
        status = await effective_status(membership.organization)
        if status == OrganizationStatus.ACTIVE:
            return membership
        blocked = blocked or status
    raise DomainError(
        ErrorCode.ORGANIZATION_INACTIVE,
        f"Your organization is {str(blocked).lower()}; logging in is not possible.",
    )


async def _home_policy(user: User, settings: Settings) -> policy.Policy:
    """The lockout rules of a login: those of its highest organization."""
    membership = (
        await Membership.filter(user=user)
        .select_related("organization")
        .order_by("organization__depth", "created_at")
        .first()
    )
    defaults = policy.defaults(settings)
    return await policy.effective(membership.organization, defaults) if membership else defaults


async def _count_failure(user: User, settings: Settings) -> None:
    """Count one failed attempt (atomically: concurrent attempts each count); at the
    policy's limit, lock the login for its lockout window and start counting again."""
    await User.filter(id=user.id).update(failed_login_count=F("failed_login_count") + 1)
    rules = await _home_policy(user, settings)
    locked = await User.filter(id=user.id, failed_login_count__gte=rules.max_failed_logins).update(
        locked_until=now() + timedelta(minutes=rules.lockout_minutes), failed_login_count=0
    )
    if locked:
        logger.warning(
            "login %s locked for %s minutes", log_safe(user.email), rules.lockout_minutes
        )


# Failures that count towards the client address's throttle: the answers to guessing.
# The others (a disabled login, an inactive organization, a refused address) come only
# after the right password, and TOO_MANY_ATTEMPTS is the throttle's own answer.
_THROTTLED_FAILURES = frozenset({ErrorCode.INVALID_CREDENTIALS, ErrorCode.ACCOUNT_LOCKED})


async def login(
    email: str,
    password: str,
    *,
    settings: Settings,
    ip: str | None = None,
    organization_id: UUID | None = None,
) -> LoginResult:
    """Check credentials and open a session; raises DomainError with the reason.

    Every failed or refused login waits out the tarpit (LOGIN_FAILURE_DELAY_MS) before it
    answers, and a guess counts towards the client address's throttle first.
    """
    key = throttle.key_for(ip)
    try:
        return await _login(email, password, settings, ip, key, organization_id)
    except DomainError as error:
        if error.code in _THROTTLED_FAILURES:
            await throttle.count_failure(key, settings)
        await throttle.tarpit(settings)
        raise


async def _login(
    email: str,
    password: str,
    settings: Settings,
    ip: str | None,
    key: str | None,
    organization_id: UUID | None,
) -> LoginResult:
    """Order matters: a blocked address is refused before anything is looked up or any
    password checked, so the throttle costs a blocked attacker's guesses no bcrypt; a
    locked login is refused before its password is checked, so the lock cannot be used to
    test passwords; the address is checked against the policy of the organization the
    session is for (and the user's department).
    """
    if await throttle.is_blocked(key, settings):
        raise throttle.too_many_attempts()
    address = lookup_email(email)
    user = await User.get_or_none(email=address) if address else None
    if user is None or len(password) > MAX_LENGTH:
        await burn_verification_time(settings.bcrypt_rounds)
        raise _invalid_credentials()
    if user.locked_until is not None and user.locked_until > now():
        await burn_verification_time(settings.bcrypt_rounds)
        raise DomainError(
            ErrorCode.ACCOUNT_LOCKED,
            "Too many failed logins: this login is locked for a while. Try again later.",
        )
    if not await verify_password(password, user.password_hash):
        await _count_failure(user, settings)
        raise _invalid_credentials()
    if user.status != UserStatus.ACTIVE:
        raise DomainError(ErrorCode.ACCOUNT_DISABLED, "This login is disabled.")
    membership = await _active_membership(user, organization_id)
    rules = await policy.effective(membership.organization, policy.defaults(settings))
    department = await Department.get_or_none(id=user.department_id) if user.department_id else None  # type: ignore[attr-defined]
    if department is not None and department.allowed_ip_ranges:
        rules = replace(rules, allowed_ip_ranges=tuple(department.allowed_ip_ranges))
    if not rules.allows_address(ip):
        raise DomainError(
            ErrorCode.ADDRESS_NOT_ALLOWED, "Logins from your network address are not allowed here."
        )

    token = new_secret(SESSION_PREFIX)
    logged_in_at = now()
    expired = rules.password_expiry_days is not None and (
        user.password_changed_at + timedelta(days=rules.password_expiry_days) <= logged_in_at
    )
    # An expired password gets a short token that can do nothing but changePassword.
    lifetime = CHANGE_PASSWORD_MINUTES if expired else rules.session_lifetime_minutes
    expires_at = logged_in_at + timedelta(minutes=lifetime)
    await SessionToken.create(
        token_hash=hash_secret(token, settings.secret_key),
        user=user,
        membership=membership,
        expires_at=expires_at,
        ip=ip,
        purpose=TokenPurpose.CHANGE_PASSWORD if expired else TokenPurpose.FULL,
    )
    await User.filter(id=user.id).update(
        last_login_at=logged_in_at, last_login_ip=ip, failed_login_count=0, locked_until=None
    )
    return LoginResult(
        token=token, expires_at=expires_at, user=user, membership=membership, expired=expired
    )


async def authenticate(token: str, settings: Settings, ip: str | None = None) -> Actor | None:
    """The actor a bearer token stands for, or None when it is unknown, expired or blocked.

    Checked on every request, so revoking a token, disabling a user or suspending any
    organization above the user takes effect at once.
    """
    if token.startswith(API_KEY_PREFIX):
        return await _authenticate_key(token, settings, ip)
    if not token.startswith(SESSION_PREFIX):
        return None
    session = await find_session(hash_secret(token, settings.secret_key), now())
    if session is None or session.user.status != UserStatus.ACTIVE:
        return None
    if session.impersonator is not None and session.impersonator.status != UserStatus.ACTIVE:
        return None  # a disabled impersonator's tokens die with its own
    membership = session.membership
    if await effective_status(membership.organization) != OrganizationStatus.ACTIVE:
        return None
    return Actor.of_member(
        membership,
        session.user,
        impersonator=session.impersonator,
        session_id=session.id,
        purpose=TokenPurpose(session.purpose),
        ip=ip,
    )


async def _authenticate_key(token: str, settings: Settings, ip: str | None) -> Actor | None:
    """An API key acts with its role in its organization, exactly like such a member."""
    moment = now()
    key = (
        await ApiKey.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=moment),
            secret_hash=hash_secret(token, settings.secret_key),
            revoked_at__isnull=True,
        )
        .select_related("organization")
        .first()
    )
    if key is None or await effective_status(key.organization) != OrganizationStatus.ACTIVE:
        return None
    return Actor(
        organization=key.organization,
        role=Role(key.role),
        access_rights=frozenset(key.access_rights),
        api_key_id=key.id,
        ip=ip,
    )


async def logout(actor: Actor) -> bool:
    """Revoke the actor's session token; False when the actor has none (an API key)."""
    if actor.session_id is None:
        return False
    revoked = await SessionToken.filter(id=actor.session_id, revoked_at__isnull=True).update(
        revoked_at=now()
    )
    return revoked > 0
