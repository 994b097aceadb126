"""Login, bearer-token authentication and logout."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn, TypeVar
from uuid import UUID

from tortoise.expressions import Q
from tortoise.timezone import now

from db_routing import on_primary
from domain import authority
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode, ImpersonationEnded, TokenExpired
from domain.hierarchy.status import effective_status
from domain.hierarchy.suspension_notice import (
    OrganizationSuspended,
    notice_for,
    refuse_unless_active,
    refuse_unless_active_status,
)
from domain.people.access import ALL_ACCESS_RIGHTS
from domain.people.logins import lookup_email
from domain.security import lockout, login_challenge, policy, sessions, throttle
from domain.security.passwords import MAX_LENGTH, burn_verification_time, verify_password
from domain.security.session_lookup import find_session
from domain.security.tokens import API_KEY_PREFIX, SESSION_PREFIX, hash_secret, new_secret
from models import ApiKey, Department, Membership, Organization, SessionToken, User
from models.enums import OrganizationStatus, Role, TokenPurpose, UserStatus
from ops.metrics import record_login_failure
from settings import Settings

_INVALID_CREDENTIALS = "The email or password is not correct."
CHANGE_PASSWORD_MINUTES = 15


T = TypeVar("T")


@dataclass(frozen=True)
class LoginResult:
    """A session, or (for a login with two-factor, or one that must enroll it) no token
    yet but the challenge to complete (domain/security/login_challenge.py)."""

    token: str | None
    expires_at: datetime | None
    user: User
    membership: Membership
    expired: bool = False  # the token may only change the password
    challenge: login_challenge.Challenge | None = None


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
    blocked: tuple[Organization, OrganizationStatus] | None = None
    for membership in memberships:
        status = await effective_status(membership.organization)
        if status == OrganizationStatus.ACTIVE:
            return membership
        blocked = blocked or (membership.organization, status)
    assert blocked is not None  # there was at least one membership, and none was active
    organization, status = blocked
    if status == OrganizationStatus.SUSPENDED:
        # Only the right password gets here, so saying why tells nothing to a guesser.
        raise OrganizationSuspended(notice_for(organization))
    raise DomainError(
        ErrorCode.ORGANIZATION_INACTIVE,
        f"Your organization is {str(status).lower()}; logging in is not possible.",
    )


# Failures whose reserved count stays in the client address's throttle: the answers to
# guessing. The others (a disabled login, an inactive organization, a refused address)
# come only after the right password, so they give their count back as a success does.
_THROTTLED_FAILURES = frozenset({ErrorCode.INVALID_CREDENTIALS, ErrorCode.ACCOUNT_LOCKED})


async def login(
    email: str,
    password: str,
    *,
    settings: Settings,
    ip: str | None = None,
    organization_id: UUID | None = None,
    user_agent: str | None = None,
) -> LoginResult:
    """Check credentials and open a session (or answer the second-factor challenge);
    raises DomainError with the reason."""
    return await throttled(
        settings, ip, lambda: _login(email, password, settings, ip, organization_id, user_agent)
    )


async def throttled(settings: Settings, ip: str | None, work: Callable[[], Awaitable[T]]) -> T:
    """Run one login step (the password, or a second factor) under the login throttle.

    The attempt first reserves its count in the client address's throttle (a full or
    blocked address is refused before anything is looked up or any password checked); a
    right answer gives the count back. Every failed or refused attempt answers only once
    LOGIN_FAILURE_DELAY_MS have passed since it began (the tarpit pads, it does not add).
    """
    started = throttle.clock()
    try:
        attempt = await throttle.reserve(throttle.key_for(ip), settings)
        # An attempt cut short by anything else (an error, a client gone) keeps its count.
        try:
            result = await work()
        except DomainError as error:
            await (attempt.failed() if error.code in _THROTTLED_FAILURES else attempt.passed())
            raise
        await attempt.passed()
        return result
    except DomainError as error:
        record_login_failure(str(error.code))
        await throttle.tarpit(settings, started)
        raise


async def _refuse_unknown(email: str, settings: Settings) -> NoReturn:
    """An email nobody has: a decoy check, and the very answers a real login would get."""
    locked = await lockout.unknown_is_locked(email, settings)
    await burn_verification_time(settings.bcrypt_rounds)
    if locked:
        raise lockout.account_locked()
    await lockout.count_unknown_failure(email, settings)
    raise _invalid_credentials()


async def _login(
    email: str,
    password: str,
    settings: Settings,
    ip: str | None,
    organization_id: UUID | None,
    user_agent: str | None,
) -> LoginResult:
    """Order matters: a locked login (real or not) is refused before its password is
    checked, so the lock cannot be used to test passwords; overlong input is refused
    before the lock is looked at, alike for every email; the address is checked against
    the policy of the organization the session is for (and the user's department).
    A login with two-factor gets a challenge, not a token; so does one whose policy
    requires two-factor and that has none yet, to enroll (docs/two-factor.md).
    """
    user = await _checked_credentials(email, password, settings)
    membership, rules = await admit(user, organization_id, ip, settings)
    step = _second_factor_step(user, rules)
    if step is not None:
        # The failure count stays as it is: only a completed login clears it, so guessing
        # codes behind a known password still locks the login.
        challenge = login_challenge.issue(
            user, membership.organization.id, step, settings.secret_key
        )
        return LoginResult(None, challenge.expires_at, user, membership, challenge=challenge)
    return await open_session(
        user, membership, rules, ip=ip, user_agent=user_agent, settings=settings
    )


async def _checked_credentials(email: str, password: str, settings: Settings) -> User:
    """The login whose email and password these are; INVALID_CREDENTIALS (or
    ACCOUNT_LOCKED) otherwise, each failure counted towards the lock."""
    if len(email) > 254 or len(password) > MAX_LENGTH:
        await burn_verification_time(settings.bcrypt_rounds)
        raise _invalid_credentials()
    address = lookup_email(email)  # None: an email no login can have, so an unknown one
    user = await User.get_or_none(email=address) if address else None
    if user is None:
        await _refuse_unknown(email, settings)
    if lockout.is_locked(user):
        await burn_verification_time(settings.bcrypt_rounds)
        raise lockout.account_locked()
    if not await verify_password(password, user.password_hash):
        await lockout.count_failure(user, settings)
        raise _invalid_credentials()
    return user


def _second_factor_step(user: User, rules: policy.Policy) -> login_challenge.Step | None:
    """What the login must do before it gets a session: give its code, or enroll a second
    factor its policy requires; None when neither."""
    if user.totp_enabled_at is not None:
        return login_challenge.Step.CODE
    if rules.require_two_factor:
        return login_challenge.Step.ENROLL
    return None


async def admit(
    user: User, organization_id: UUID | None, ip: str | None, settings: Settings
) -> tuple[Membership, policy.Policy]:
    """What a login must pass once its credentials are right (and again when it completes
    its second factor): an active login, an active organization to act for, an allowed
    network address. Returns the membership and the policy that binds the session."""
    if user.status != UserStatus.ACTIVE:
        raise DomainError(ErrorCode.ACCOUNT_DISABLED, "This login is disabled.")
    membership = await _active_membership(user, organization_id)
    rules = await policy.effective(membership.organization, policy.defaults(settings))
    department = await Department.get_or_none(id=user.department_id) if user.department_id else None
    # A department narrows logins into its own organization only: a customer's department
    # never decides where a shared login may log in elsewhere.
    if department is not None and department.organization_id != membership.organization.id:
        department = None
    if department is not None and department.allowed_ip_ranges:
        rules = policy.within_department(rules, department.allowed_ip_ranges)
    if not rules.allows_address(ip):
        raise DomainError(
            ErrorCode.ADDRESS_NOT_ALLOWED, "Logins from your network address are not allowed here."
        )
    return membership, rules


async def open_session(
    user: User,
    membership: Membership,
    rules: policy.Policy,
    *,
    ip: str | None,
    user_agent: str | None,
    settings: Settings,
) -> LoginResult:
    """Create the session of a completed login and clear its failure count."""
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
        user_agent=sessions.clean_user_agent(user_agent),
        last_seen_at=logged_in_at,
        purpose=TokenPurpose.CHANGE_PASSWORD if expired else TokenPurpose.FULL,
    )
    await User.filter(id=user.id).update(
        last_login_at=logged_in_at, last_login_ip=ip, failed_login_count=0, locked_until=None
    )
    return LoginResult(
        token=token, expires_at=expires_at, user=user, membership=membership, expired=expired
    )


async def authenticate(token: str, settings: Settings, ip: str | None = None) -> Actor | None:
    """The actor a bearer token stands for, or None when it is unknown, revoked or blocked.

    Checked on every request, so revoking a token, disabling a user or suspending any
    organization above the user takes effect at once. Raises TokenExpired for a token whose
    lifetime has passed, OrganizationSuspended when its organization is suspended (itself
    or above) and ImpersonationEnded (below), so the client can be told why.

    Always on the primary, also for a query reading from a replica: a replica a moment
    behind would still accept a token just revoked, or refuse one just issued.
    """
    with on_primary():
        return await _authenticate_token(token, settings, ip)


async def _authenticate_token(token: str, settings: Settings, ip: str | None) -> Actor | None:
    if token.startswith(API_KEY_PREFIX):
        return await _authenticate_key(token, settings, ip)
    if not token.startswith(SESSION_PREFIX):
        return None
    token_hash = hash_secret(token, settings.secret_key)
    moment = now()
    found = await find_session(token_hash, moment)
    if found is None:
        # Looked for only once the usual lookup failed: a valid token costs no more.
        lapsed = SessionToken.filter(
            token_hash=token_hash, revoked_at__isnull=True, expires_at__lte=moment
        )
        if await lapsed.exists():
            raise TokenExpired()
        return None
    session = found.session
    if session.user.status != UserStatus.ACTIVE:
        return None
    membership = session.membership
    if not refuse_unless_active_status(membership.organization, found.effective_status):
        return None
    rights_cap = None
    if session.impersonator is not None:
        rights_cap = await impersonation_rights(session, membership.organization)
    await sessions.touch(session, moment)
    return Actor.of_member(
        membership,
        session.user,
        impersonator=session.impersonator,
        session_id=session.id,
        purpose=TokenPurpose(session.purpose),
        ip=ip,
        rights_cap=rights_cap,
        chain_active=True,
    )


async def impersonation_rights(session: SessionToken, target: Organization) -> frozenset[str]:
    """Re-authorise an impersonation on every request: it lives only while its impersonator
    could start it now (still active, still a manager of an organization above the target,
    which is still in that subtree and not deleted). Returns the impersonator's rights,
    which cap what the impersonation may do; raises ImpersonationEnded otherwise."""
    impersonator = session.impersonator
    if impersonator is None or impersonator.status != UserStatus.ACTIVE:
        raise ImpersonationEnded()
    memberships = Membership.filter(user_id=impersonator.id).select_related("organization")
    if session.impersonator_membership_id is not None:
        memberships = memberships.filter(id=session.impersonator_membership_id)
    for candidate in await memberships:
        actor = Actor.of_member(candidate, impersonator)
        if not authority.may_impersonate(actor, target):
            continue
        if await effective_status(candidate.organization) != OrganizationStatus.ACTIVE:
            continue
        return frozenset(ALL_ACCESS_RIGHTS if actor.role == Role.OWNER else actor.access_rights)
    raise ImpersonationEnded()


async def _authenticate_key(token: str, settings: Settings, ip: str | None) -> Actor | None:
    """An API key acts with its role in its organization, exactly like such a member."""
    moment = now()
    secret_hash = hash_secret(token, settings.secret_key)
    key = (
        await ApiKey.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=moment),
            secret_hash=secret_hash,
            revoked_at__isnull=True,
        )
        .select_related("organization")
        .first()
    )
    if key is None:
        lapsed = ApiKey.filter(
            secret_hash=secret_hash, revoked_at__isnull=True, expires_at__lte=moment
        )
        if await lapsed.exists():
            raise TokenExpired()
        return None
    if not await refuse_unless_active(key.organization):
        return None
    return Actor(
        organization=key.organization,
        role=Role(key.role),
        access_rights=frozenset(key.access_rights),
        api_key_id=key.id,
        ip=ip,
        chain_active=True,
    )


async def logout(actor: Actor) -> bool:
    """Revoke the actor's session token; False when the actor has none (an API key)."""
    if actor.session_id is None:
        return False
    revoked = await SessionToken.filter(id=actor.session_id, revoked_at__isnull=True).update(
        revoked_at=now()
    )
    return revoked > 0
