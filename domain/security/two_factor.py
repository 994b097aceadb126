"""Two-factor login with TOTP (RFC 6238, through pyotp) and single-use recovery codes.

A login enrolls by asking for a secret (stored sealed as `totp_pending_secret`) and
confirming it with a first code; only then does it replace the active secret and become
required at login. The login then gets recovery codes, shown once and stored as keyed
hashes. `login` answers a login with two-factor with a challenge
(domain/security/login_challenge.py)
that `complete_login` exchanges, with a code or a recovery code, for the session.

No code is accepted twice: the time step of every accepted code is kept
(`totp_last_step`), and the next code must be of a later step, set in the same statement
that checks it, so two requests racing with one code cannot both win. A recovery code is
spent by one `UPDATE … WHERE used_at IS NULL`, which only one request can win. A wrong
code at login counts as a failed login (the login's lockout and the address's throttle).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import pyotp
from tortoise.expressions import Q
from tortoise.timezone import now
from tortoise.transactions import in_transaction

from domain import authority, scope
from domain.actor import Actor
from domain.errors import AccessDenied, DomainError, ErrorCode, not_found
from domain.events import audit
from domain.jobs import outbox
from domain.security import auth, lockout, login_challenge, policy, throttle
from domain.security.login_challenge import Step
from domain.security.passwords import MAX_LENGTH, verify_password
from domain.security.sealing import sealer
from domain.security.tokens import hash_secret
from models import Organization, OutboxEmail, RecoveryCode, User
from models.enums import OrganizationKind
from settings import Settings

RECOVERY_CODE_COUNT = 10
# 31 letters and digits without look-alikes (0/o, 1/l/i): 10 of them are about 50 bits.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_LENGTH = 10
# One step of clock drift either way between the server and the authenticator.
_DRIFT_STEPS = 1
_SECRET_PURPOSE = "totp secret"  # noqa: S105 - a key purpose, not a secret
_ISSUER_FALLBACK = "Tenantry"


@dataclass(frozen=True)
class Enrollment:
    secret: str  # base32, for typing into an authenticator
    uri: str  # otpauth://, for a QR code


@dataclass(frozen=True)
class Confirmed:
    recovery_codes: list[str]
    login: auth.LoginResult | None  # when enrolled to complete a login


# What a refused second factor is told: a code is accepted once per 30-second step (the
# step enrollment or the last login used counts), so the usual cause is to wait.
_WRONG = {
    "code": "The code is not correct, or was used already: wait for your authenticator's "
    "next code.",
    "recoveryCode": "The recovery code is not correct, or was used already (each works once).",
    "password": "The password is not correct.",
}


# Secrets at rest.


def _seal_secret(secret: str, secret_key: str) -> str:
    return sealer(secret_key, _SECRET_PURPOSE).seal(secret.encode())


def _open_secret(sealed: str, secret_key: str) -> str | None:
    """None when it no longer opens (SECRET_KEY rotated): the login must enroll again."""
    plain = sealer(secret_key, _SECRET_PURPOSE).open(sealed, 1_000)
    return plain.decode() if plain is not None else None


# Codes.


def _matching_step(secret: str, code: str, moment: datetime) -> int | None:
    """The time step whose code `code` is, within the drift window; None if none."""
    digits = "".join(code.split())
    if len(digits) != 6 or not digits.isascii() or not digits.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(moment)
    for step in range(current - _DRIFT_STEPS, current + _DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), digits):
            return step
    return None


def _not_yet_used(step: int) -> Q:
    return Q(totp_last_step__isnull=True) | Q(totp_last_step__lt=step)


async def _spend_code(user: User, code: str, secret_key: str) -> bool:
    """Whether `code` is a current code of the login's active secret never accepted before;
    accepting it makes it (and every earlier step) unusable."""
    secret = _open_secret(user.totp_secret, secret_key) if user.totp_secret else None
    step = _matching_step(secret, code, now()) if secret else None
    if step is None:
        return False
    return await User.filter(_not_yet_used(step), id=user.id).update(totp_last_step=step) > 0


def _normalized_recovery(code: str) -> str:
    return "".join(c for c in code.lower() if c.isalnum())


def _recovery_hash(code: str, secret_key: str) -> str:
    return hash_secret("recovery:" + _normalized_recovery(code), secret_key)


async def _spend_recovery_code(user: User, code: str, secret_key: str) -> bool:
    if len(code) > 100:
        return False
    spent = await RecoveryCode.filter(
        user_id=user.id, code_hash=_recovery_hash(code, secret_key), used_at__isnull=True
    ).update(used_at=now())
    return spent > 0


async def _new_recovery_codes(user: User, secret_key: str) -> list[str]:
    """Replace every recovery code of the login (inside the caller's transaction)."""
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    await RecoveryCode.filter(user_id=user.id).delete()
    await RecoveryCode.bulk_create(
        [RecoveryCode(user_id=user.id, code_hash=_recovery_hash(c, secret_key)) for c in codes]
    )
    return codes


# Who is enrolling.


def _own_login(actor: Actor, what: str) -> User:
    """Two-factor setup is the login's own: not an API key's, not an impersonation's."""
    if actor.user is None or actor.impersonator is not None:
        raise AccessDenied(f"Only a login acting as itself may {what}.")
    return actor.user


async def _fresh(user: User) -> User:
    return await User.get(id=user.id)


async def _prove(
    actor: Actor, user: User, code: str | None, password: str | None, settings: Settings
) -> None:
    """A current code or the password, to change a working two-factor setup: a session
    alone (left open, or stolen) must not turn off or replace the login's second factor.
    Guesses count in the address's throttle, as changePassword's do."""
    if code is None and password is None:
        raise DomainError(ErrorCode.INVALID, "Give a current code or your password.", ["code"])
    started = throttle.clock()
    attempt = await throttle.reserve(throttle.key_for(actor.ip), settings)
    if code is not None:
        right = await _spend_code(user, code, settings.secret_key)
        field = "code"
    else:
        right = len(password or "") <= MAX_LENGTH and await verify_password(
            password or "", user.password_hash
        )
        field = "password"
    if not right:
        await attempt.failed()
        await throttle.tarpit(settings, started)
        raise DomainError(ErrorCode.INVALID_CREDENTIALS, _WRONG[field], [field])
    await attempt.passed()


async def _issuer() -> str:
    """The name authenticator apps show: the platform's (the Master organization's)."""
    master = await Organization.filter(kind=OrganizationKind.MASTER).first()
    return master.name if master else _ISSUER_FALLBACK


# Enrollment.


async def begin_enrollment(
    actor: Actor | None,
    settings: Settings,
    *,
    challenge: str | None = None,
    code: str | None = None,
    password: str | None = None,
) -> Enrollment:
    """A new secret, waiting for its first code. For a login with two-factor already, the
    new secret replaces the old one only once confirmed, and asking for it needs a current
    code or the password; the first one, the password. With an enrollment `challenge` (a
    login whose policy requires two-factor, which has just given its password), no session
    and no password are needed."""
    if challenge is not None:
        user = (
            await login_challenge.open_challenge(challenge, Step.ENROLL, settings.secret_key)
        ).user
    else:
        if actor is None:
            raise AccessDenied("Log in first, or pass the challenge login answered.")
        user = await _fresh(_own_login(actor, "set up two-factor login"))
        if user.totp_enabled_at is not None:
            await _prove(actor, user, code, password, settings)
        else:
            # The first authenticator too: a session alone (left open, or stolen) must not
            # enroll an authenticator of someone else's and lock the login's owner out.
            if password is None:
                raise DomainError(ErrorCode.INVALID, "Give your password.", ["password"])
            await _prove(actor, user, None, password, settings)
    secret = pyotp.random_base32()
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=await _issuer())
    await User.filter(id=user.id).update(
        totp_pending_secret=_seal_secret(secret, settings.secret_key)
    )
    return Enrollment(secret=secret, uri=uri)


async def confirm_enrollment(
    actor: Actor | None,
    code: str,
    settings: Settings,
    *,
    challenge: str | None = None,
    ip: str | None = None,
    user_agent: str | None = None,
) -> Confirmed:
    """Activate the pending secret with its first code; returns new recovery codes (and,
    with an enrollment challenge, the session of the login it completes)."""
    if challenge is not None:
        return await auth.throttled(
            settings,
            ip,
            lambda: _confirm_for_login(challenge, code, settings, ip, user_agent),
        )
    if actor is None:
        raise AccessDenied("Log in first, or pass the challenge login answered.")
    user = await _fresh(_own_login(actor, "set up two-factor login"))
    codes = await _activate(user, code, settings, actor)
    return Confirmed(recovery_codes=codes, login=None)


async def _confirm_for_login(
    challenge: str, code: str, settings: Settings, ip: str | None, user_agent: str | None
) -> Confirmed:
    claims = await login_challenge.open_challenge(challenge, Step.ENROLL, settings.secret_key)
    user = claims.user
    if lockout.is_locked(user):
        raise lockout.account_locked()
    membership, rules = await auth.admit(user, claims.organization_id, ip, settings)
    try:
        codes = await _activate(user, code, settings, Actor.of_member(membership, user, ip=ip))
    except DomainError as error:
        if error.code == ErrorCode.INVALID_CREDENTIALS:
            await lockout.count_failure(user, settings)
        raise
    session = await auth.open_session(
        await _fresh(user), membership, rules, ip=ip, user_agent=user_agent, settings=settings
    )
    return Confirmed(recovery_codes=codes, login=session)


async def _activate(user: User, code: str, settings: Settings, actor: Actor) -> list[str]:
    if user.totp_pending_secret is None:
        raise DomainError(
            ErrorCode.INVALID_STATE, "Start with beginTotpEnrollment first.", ["code"]
        )
    secret = _open_secret(user.totp_pending_secret, settings.secret_key)
    step = _matching_step(secret, code, now()) if secret else None
    if step is None:
        raise DomainError(ErrorCode.INVALID_CREDENTIALS, _WRONG["code"], ["code"])
    async with in_transaction("default"):
        # One statement checks the pending secret is still the one the code is of and the
        # step is unused, and activates it: two confirmations race to one winner.
        activated = await User.filter(
            _not_yet_used(step), id=user.id, totp_pending_secret=user.totp_pending_secret
        ).update(
            totp_secret=user.totp_pending_secret,
            totp_pending_secret=None,
            totp_enabled_at=now(),
            totp_last_step=step,
        )
        if not activated:
            raise DomainError(ErrorCode.INVALID_CREDENTIALS, _WRONG["code"], ["code"])
        codes = await _new_recovery_codes(user, settings.secret_key)
        await _record(actor, user, "user.enable_two_factor")
    return codes


async def _record(actor: Actor, user: User, action: str) -> None:
    """The audit event of a change to a login's two-factor setup, in the log of the
    organization the actor acts for (a login completing its enrollment: the one it logs
    in to)."""
    await audit.record(
        actor,
        action,
        actor.organization,
        target_type="User",
        target_id=user.id,
        target_name=user.email,
    )


async def regenerate_recovery_codes(
    actor: Actor, settings: Settings, *, code: str | None, password: str | None
) -> list[str]:
    """New recovery codes (the old ones stop working), with a current code or the password."""
    user = await _fresh(_own_login(actor, "replace recovery codes"))
    if user.totp_enabled_at is None:
        raise DomainError(ErrorCode.INVALID_STATE, "Two-factor login is not on for this login.")
    await _prove(actor, user, code, password, settings)
    async with in_transaction("default"):
        codes = await _new_recovery_codes(user, settings.secret_key)
        await _record(actor, user, "user.regenerate_recovery_codes")
    return codes


async def _clear(user: User) -> None:
    await User.filter(id=user.id).update(
        totp_secret=None, totp_pending_secret=None, totp_enabled_at=None
    )
    await RecoveryCode.filter(user_id=user.id).delete()


async def disable(
    actor: Actor, settings: Settings, *, code: str | None, password: str | None
) -> None:
    """Turn the login's own two-factor off, with a current code or the password; refused
    while the policy of the organization it acts for requires two-factor."""
    user = await _fresh(_own_login(actor, "turn off two-factor login"))
    if user.totp_enabled_at is None and user.totp_pending_secret is None:
        raise DomainError(ErrorCode.INVALID_STATE, "Two-factor login is not on for this login.")
    rules = await policy.effective(actor.organization, policy.defaults(settings))
    if rules.require_two_factor:
        raise DomainError(
            ErrorCode.INVALID_STATE,
            "Your organization requires two-factor login: enroll a new authenticator "
            "instead (beginTotpEnrollment).",
        )
    if user.totp_enabled_at is not None:
        await _prove(actor, user, code, password, settings)
    async with in_transaction("default"):
        await _clear(user)
        await _record(actor, user, "user.disable_two_factor")


async def reset(actor: Actor, user_id: UUID) -> tuple[User, OutboxEmail]:
    """Someone with authority over the login (and the `users` right) turns its two-factor
    off, for a login that lost its authenticator and its recovery codes. The login is told
    by email. Not one's own (disableTotp), not from an impersonation."""
    if actor.impersonator is not None:
        raise AccessDenied("An impersonation cannot reset a login's two-factor login.")
    user = await scope.visible_users(actor).filter(id=user_id).first()
    if user is None:
        raise not_found(["userId"], "user")
    if actor.user is not None and actor.user.id == user.id:
        raise authority.forbidden(
            "Turn your own two-factor login off with disableTotp.", ["userId"]
        )
    authority.require_right(actor, authority.USERS, ["userId"])
    await authority.require_authority_over_login(actor, user, ["userId"])
    if user.totp_enabled_at is None and user.totp_pending_secret is None:
        raise DomainError(
            ErrorCode.INVALID_STATE, "Two-factor login is not on for this login.", ["userId"]
        )
    async with in_transaction("default"):
        await _clear(user)
        email = await outbox.queue(
            "two-factor-reset",
            user.email,
            "Your two-factor login was turned off",
            "An administrator turned off two-factor login for your login. If you did not ask "
            "for this, contact them and set it up again.\n",
        )
        await _record(actor, user, "user.reset_two_factor")
    return user, email


# Login.


async def complete_login(
    challenge: str,
    code: str | None,
    recovery_code: str | None,
    settings: Settings,
    *,
    ip: str | None,
    user_agent: str | None,
) -> auth.LoginResult:
    """Exchange a login's challenge and a code (or a recovery code) for its session."""
    return await auth.throttled(
        settings, ip, lambda: _complete(challenge, code, recovery_code, settings, ip, user_agent)
    )


async def _complete(
    challenge: str,
    code: str | None,
    recovery_code: str | None,
    settings: Settings,
    ip: str | None,
    user_agent: str | None,
) -> auth.LoginResult:
    if (code is None) == (recovery_code is None):
        raise DomainError(ErrorCode.INVALID, "Give either a code or a recovery code.", ["code"])
    claims = await login_challenge.open_challenge(challenge, Step.CODE, settings.secret_key)
    user = claims.user
    if lockout.is_locked(user):
        raise lockout.account_locked()
    # Admitted before a code is spent: a refused login must not use up a recovery code.
    membership, rules = await auth.admit(user, claims.organization_id, ip, settings)
    if code is not None:
        right, field = await _spend_code(user, code, settings.secret_key), "code"
    else:
        right = await _spend_recovery_code(user, recovery_code or "", settings.secret_key)
        field = "recoveryCode"
    if not right:
        await lockout.count_failure(user, settings)
        raise DomainError(ErrorCode.INVALID_CREDENTIALS, _WRONG[field], [field])
    return await auth.open_session(
        await _fresh(user), membership, rules, ip=ip, user_agent=user_agent, settings=settings
    )


@dataclass(frozen=True)
class Status:
    enabled_at: datetime | None
    recovery_codes_left: int


async def status(user_id: UUID) -> Status:
    """What may be shown of a login's two-factor setup."""
    enabled_at = await User.filter(id=user_id).first().values_list("totp_enabled_at", flat=True)
    left = await RecoveryCode.filter(user_id=user_id, used_at__isnull=True).count()
    return Status(enabled_at=enabled_at, recovery_codes_left=left)  # type: ignore[arg-type]
