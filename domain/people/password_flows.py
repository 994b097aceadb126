"""Changing and resetting passwords (SPEC §4, issue: password flows)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from tortoise.expressions import F, Q
from tortoise.timezone import now
from tortoise.transactions import in_transaction

from domain import authority, scope
from domain.actor import Actor
from domain.errors import AccessDenied, DomainError, ErrorCode, not_found
from domain.events import audit
from domain.jobs import outbox
from domain.people.link_emails import reset_link_email, welcome_link_email
from domain.people.logins import lookup_email, normalize_email
from domain.security import policy, reset_limit, throttle
from domain.security.passwords import generate_password, hash_password, verify_password
from domain.security.tokens import RESET_PREFIX, hash_secret, new_secret
from models import (
    Department,
    Invitation,
    Membership,
    Organization,
    OutboxEmail,
    PasswordResetToken,
    SecurityPolicy,
    SessionToken,
    User,
)
from models.enums import OrganizationStatus, ResetPurpose, UserStatus
from settings import Settings

RESET_LIFETIME = timedelta(minutes=30)


async def _policy_for(user: User, settings: Settings) -> policy.Policy:
    """The strictest policy among the user's organizations: it must satisfy all of them."""
    rules = policy.defaults(settings)
    memberships = await Membership.filter(user=user).select_related("organization")
    for membership in memberships:
        own = await policy.effective(membership.organization, policy.defaults(settings))
        rules = policy.Policy(
            **{
                name: policy.stricter(name, getattr(rules, name), getattr(own, name))
                for name in policy.FIELDS
            }
        )
    return rules


async def _new_hash(user: User, password: str, settings: Settings) -> str:
    problems = (await _policy_for(user, settings)).password_problems(password)
    if problems:
        raise DomainError(
            ErrorCode.WEAK_PASSWORD, "The password " + "; ".join(problems) + ".", ["newPassword"]
        )
    return await hash_password(password, settings.bcrypt_rounds)


async def change_password(actor: Actor, current: str, new: str, settings: Settings) -> None:
    """The user's own change: the current password is required; other sessions end (and a
    token limited to this change ends too: log in again with the new password)."""
    if actor.user is None or actor.impersonator is not None:
        raise AccessDenied("Only a user logged in as itself changes its password.")
    # A guess at the current password reserves its count, and waits, as a login does.
    started = throttle.clock()
    try:
        attempt = await throttle.reserve(throttle.key_for(actor.ip), settings)
    except DomainError:
        await throttle.tarpit(settings, started)
        raise
    user = await User.get(id=actor.user.id)
    if not await verify_password(current, user.password_hash):
        await attempt.failed()
        await throttle.tarpit(settings, started)
        raise DomainError(
            ErrorCode.INVALID_CREDENTIALS,
            "The current password is not correct.",
            ["currentPassword"],
        )
    await attempt.passed()
    password_hash = await _new_hash(user, new, settings)
    async with in_transaction("default"):
        await User.filter(id=user.id).update(password_hash=password_hash, password_changed_at=now())
        others = SessionToken.filter(user=user).exclude(id=actor.session_id)
        if actor.purpose != "FULL":
            others = SessionToken.filter(user=user)
        await others.delete()
        await end_impersonations_by(user)
        await end_reset_links(user)
        await audit.record(
            actor,
            "user.change_password",
            actor.organization,
            target_type="User",
            target_id=user.id,
            target_name=user.email,
        )


async def end_impersonations_by(user: User) -> None:
    """A new password (or a disabled login) ends the login's impersonations too: their
    tokens belong to the impersonated OWNER, so ending the login's own sessions misses them."""
    await SessionToken.filter(impersonator_id=user.id).delete()


async def end_reset_links(user: User) -> None:
    """A new password, however it was set, ends the login's other reset and welcome links:
    one still lying in a mailbox (a shared contact address, an old welcome email) must not
    set the password again."""
    await PasswordResetToken.filter(user_id=user.id, used_at__isnull=True).update(used_at=now())


async def _drop_invitations(user: User) -> None:
    # Someone else chose this password: the login's pending invitations wait for whoever
    # owned it before, not for them.
    await Invitation.filter(user_id=user.id).delete()


async def _managed_user(actor: Actor, user_id: UUID, what: str) -> User:
    """A login whose password the actor may set or reset: visible, not the actor's own (that
    is changePassword, with the current password), never from an impersonation, and with
    authority over every organization the login belongs to (domain/authority.py)."""
    authority.refuse_lasting_credentials(actor, what)
    user = await scope.visible_users(actor).filter(id=user_id).first()
    if user is None:
        raise not_found(["userId"], "user")
    if actor.user is not None and actor.user.id == user.id:
        raise DomainError(
            ErrorCode.FORBIDDEN,
            "Change your own password with changePassword and your current password.",
            ["userId"],
        )
    authority.require_right(actor, authority.USERS, ["userId"])
    await authority.require_authority_over_login(actor, user, ["userId"])
    return user


@dataclass(frozen=True)
class PasswordSet:
    user: User
    generated_password: str | None
    emails: tuple[OutboxEmail, ...]


async def set_user_password(
    actor: Actor, user_id: UUID, password: str | None, settings: Settings
) -> PasswordSet:
    """An administrator sets (or generates) a user's password; the user is told by email
    and its sessions end."""
    user = await _managed_user(actor, user_id, "set passwords")
    rules = await _policy_for(user, settings)
    generated = generate_password(max(20, rules.min_password_length)) if password is None else None
    password_hash = await _new_hash(user, password or generated or "", settings)
    async with in_transaction("default"):
        await User.filter(id=user.id).update(password_hash=password_hash, password_changed_at=now())
        await SessionToken.filter(user=user).delete()
        await end_impersonations_by(user)
        await _drop_invitations(user)
        await end_reset_links(user)
        email = await outbox.queue(
            "password-set",
            user.email,
            "Your password was changed",
            "An administrator set a new password for your login. If you did not expect this, "
            "contact them.\n",
        )
        await audit.record(
            actor,
            "user.set_password",
            actor.organization,
            target_type="User",
            target_id=user.id,
            target_name=user.email,
        )
    return PasswordSet(user, generated, (email,))


def reset_link(settings: Settings, token: str) -> str:
    return f"{settings.public_url}/reset-password?token={token}"


async def _new_reset_token(
    user: User,
    created_by: User | None,
    settings: Settings,
    purpose: ResetPurpose = ResetPurpose.RESET,
) -> tuple[str, datetime]:
    """A new token of `purpose` for the login, and when it expires."""
    token = new_secret(RESET_PREFIX)
    expires_at = now() + _lifetime(purpose, settings)
    await PasswordResetToken.create(
        token_hash=hash_secret(token, settings.secret_key),
        user=user,
        created_by=created_by,
        purpose=purpose,
        expires_at=expires_at,
    )
    return token, expires_at


def _lifetime(purpose: ResetPurpose, settings: Settings) -> timedelta:
    """A reset link is for now; a welcome link waits until the new login reads its mail."""
    if purpose == ResetPurpose.WELCOME:
        return timedelta(hours=settings.welcome_link_hours)
    return RESET_LIFETIME


async def welcome_email(
    user: User,
    organization: Organization,
    created_by: User | None,
    settings: Settings,
    *,
    password_told: bool,
) -> OutboxEmail:
    """A new login's welcome with a set-password link (a WELCOME token, WELCOME_LINK_HOURS
    long, used like a reset link), worded by the WELCOME template for `organization`, the
    one it was created in; `password_told` when its creator was shown or chose a password
    too. Call inside the transaction that creates the login."""
    token, expires_at = await _new_reset_token(user, created_by, settings, ResetPurpose.WELCOME)
    text = await welcome_link_email(
        organization,
        user.email,
        reset_link(settings, token),
        expires_at,
        password_told=password_told,
    )
    return await outbox.queue("welcome", user.email, text.subject, text.body)


async def home_organization(user: User) -> Organization | None:
    """The organization a login's reset emails are about, whose provider's PASSWORD_RESET
    template words them: its department's organization, else that of its oldest
    membership, organizations that are not deleted first (the settings in force pick the
    same way: gql/schema/user.py). None for a login without memberships."""
    memberships = (
        await Membership.filter(user=user)
        .select_related("organization")
        .order_by("created_at", "id")
    )
    # Live ones first, each group oldest first (the sort is stable).
    organizations = sorted(
        (m.organization for m in memberships),
        key=lambda org: org.status == OrganizationStatus.DELETED,
    )
    department_id = user.department_id
    if department_id is not None:
        own = await Department.filter(id=department_id).values_list("organization_id", flat=True)
        for organization in organizations:
            if organization.id in own and organization.status != OrganizationStatus.DELETED:
                return organization
    return organizations[0] if organizations else None


# requestPasswordReset's own row: an outbox row, so that the request is kept (and re-sent
# by the scheduler) even when the broker is down. Its delivery is the lookup below.
RESET_REQUEST = "password-reset-request"


async def record_reset_request(email: str) -> OutboxEmail | None:
    """Request half of requestPasswordReset: one row, alike for every email (no lookup, so
    the answer tells nothing and takes as long whether the login exists or not). An
    address no login can have (too long, control characters) writes nothing: the caller's
    answer is the same."""
    if lookup_email(email) is None:
        return None
    return await outbox.queue(RESET_REQUEST, email, "Password reset requested", "")


async def answer_reset_request(request_id: UUID, settings: Settings) -> OutboxEmail | None:
    """Background half: take the request row and, for a usable login, write its reset
    token and email, all in one transaction; the request row goes with it, so however
    often this runs, one request makes one email. None when nothing is to be sent."""
    async with in_transaction("default"):
        request = await OutboxEmail.select_for_update().get_or_none(
            id=request_id, kind=RESET_REQUEST
        )
        if request is None:
            return None
        await OutboxEmail.filter(id=request.id).delete()
        return await _reset_email(request.to_address, settings)


async def send_reset_email(email: str, settings: Settings) -> OutboxEmail | None:
    """Look the email up and queue its reset email (the worker of requests queued before
    they were rows: see answer_reset_request)."""
    async with in_transaction("default"):
        return await _reset_email(email, settings)


async def _reset_email(email: str, settings: Settings) -> OutboxEmail | None:
    """Nothing happens for an unknown, disabled or blocked login, nor past the address's
    PASSWORD_RESET_EMAILS, and the caller never learns which (it answered before this
    ran). Call inside a transaction."""
    address = lookup_email(email)
    user = await User.get_or_none(email=address) if address else None
    if user is None or user.status != UserStatus.ACTIVE:
        return None
    home = await home_organization(user)  # a live one when it has any
    if home is None or home.status == OrganizationStatus.DELETED:
        return None
    if not await reset_limit.take(user.email, settings):
        return None
    token, expires_at = await _new_reset_token(user, None, settings)
    text = await reset_link_email(home, user.email, reset_link(settings, token), expires_at)
    return await outbox.queue("password-reset", user.email, text.subject, text.body)


class ResetRecipient(StrEnum):
    """Where createPasswordResetLink emails the link (Plesk's "Send to Email")."""

    LOGIN_EMAIL = "LOGIN_EMAIL"
    CONTACT_EMAIL = "CONTACT_EMAIL"


@dataclass(frozen=True)
class ResetLink:
    link: str
    # The addresses the link was emailed to, and their outbox rows (sent after commit).
    emailed_to: tuple[str, ...] = ()
    emails: tuple[OutboxEmail, ...] = ()


async def _contact_addresses(user: User) -> list[str]:
    """The contact addresses of the login's organizations (not deleted ones). Whoever may
    make its reset link administers every one of them (login-authority), so it may mail
    any of them."""
    memberships = await Membership.filter(user=user).select_related("organization")
    return sorted(
        {
            normalize_email(m.organization.contact_email)
            for m in memberships
            if m.organization.contact_email and m.organization.status != OrganizationStatus.DELETED
        }
    )


async def _recipients(user: User, send_to: Collection[ResetRecipient]) -> list[str]:
    addresses = [user.email] if ResetRecipient.LOGIN_EMAIL in send_to else []
    if ResetRecipient.CONTACT_EMAIL in send_to:
        contacts = await _contact_addresses(user)
        if not contacts:
            raise DomainError(
                ErrorCode.INVALID,
                "None of the login's organizations has a contact email address.",
                ["sendTo"],
            )
        addresses += [a for a in contacts if a not in addresses]
    return addresses


async def create_reset_link(
    actor: Actor, user_id: UUID, settings: Settings, send_to: Collection[ResetRecipient] = ()
) -> ResetLink:
    """An administrator's "show reset link", and with `send_to` its "send to email": the
    link is returned, and emailed to the login's address, to its organizations' contact
    addresses, or both. The emails count against PASSWORD_RESET_EMAILS of each address, as
    requestPasswordReset's do; past it the whole call is refused (TOO_MANY_ATTEMPTS) and
    nothing is written."""
    user = await _managed_user(actor, user_id, "create reset links")
    addresses = await _recipients(user, send_to)
    emails = []
    async with in_transaction("default"):
        token, expires_at = await _new_reset_token(user, actor.user, settings)
        link = reset_link(settings, token)
        # One wording for every recipient: the login's own organization's (the contact
        # addresses are its organizations', told about the same login).
        home = await home_organization(user) if addresses else None
        text = await reset_link_email(home, user.email, link, expires_at) if home else None
        for address in addresses:
            if not await reset_limit.take(address, settings):
                raise DomainError(
                    ErrorCode.TOO_MANY_ATTEMPTS,
                    f"{address} has had its {settings.password_reset_emails} reset emails "
                    "for now (PASSWORD_RESET_EMAILS): try later, or call again without sendTo "
                    "and pass the link on yourself.",
                    ["sendTo"],
                )
            assert text is not None, "a visible login has a membership"
            emails.append(await outbox.queue("password-reset", address, text.subject, text.body))
        await audit.record(
            actor,
            "user.reset_link",
            actor.organization,
            target_type="User",
            target_id=user.id,
            target_name=user.email,
            summary={"sentTo": sorted(send_to)} if send_to else None,
        )
    return ResetLink(link, tuple(addresses), tuple(emails))


async def reset_password(token: str, new: str, settings: Settings) -> None:
    """Use a reset token: single use, 30 minutes, ends every session, logs nobody in."""
    async with in_transaction("default"):
        # Lock the token row alone (PostgreSQL refuses FOR UPDATE across an outer join).
        reset = (
            await PasswordResetToken.select_for_update()
            .filter(token_hash=hash_secret(token, settings.secret_key))
            .first()
        )
        if reset is None or reset.used_at is not None or reset.expires_at <= now():
            raise DomainError(
                ErrorCode.INVALID,
                "This reset link is not valid (any more): ask for a new one.",
                ["token"],
            )
        user = await User.get(id=reset.user_id)
        password_hash = await _new_hash(user, new, settings)
        await User.filter(id=user.id).update(
            password_hash=password_hash,
            password_changed_at=now(),
            failed_login_count=0,
            locked_until=None,
        )
        await end_reset_links(user)  # this one, and any other
        await SessionToken.filter(user=user).delete()
        await end_impersonations_by(user)
        await _record_reset(user, reset.purpose)


async def _record_reset(user: User, purpose: ResetPurpose) -> None:
    """The audit event (so the event) of a password set through an emailed link: the
    login acting as itself, in the organization its reset emails are about (the link
    carries no organization). A login with no membership left is no one's to hear of."""
    home = await home_organization(user)
    if home is None:
        return
    membership = await Membership.get(user=user, organization=home).select_related("organization")
    await audit.record(
        Actor.of_member(membership, user),
        "user.reset_password",
        home,
        target_type="User",
        target_id=user.id,
        target_name=user.email,
        summary={"purpose": str(purpose)},
    )


async def warn_expiring_passwords(settings: Settings) -> list[OutboxEmail]:
    """Email users whose password expires within their policy's warning period, once per
    password. Only users under a policy with an expiry are even looked at."""
    moment = now()
    with_expiry = await SecurityPolicy.filter(password_expiry_days__not_isnull=True).select_related(
        "organization"
    )
    if not with_expiry:
        return []
    under = Q(
        *(
            Q(**scope.subtree(p.organization.path, "memberships__organization__path"))
            for p in with_expiry
        ),
        join_type="OR",
    )
    candidates = (
        await User.filter(
            under,
            status=UserStatus.ACTIVE,
        )
        .filter(
            Q(password_expiry_warned_at__isnull=True)
            | Q(password_expiry_warned_at__lt=F("password_changed_at"))
        )
        .distinct()
    )
    emails = []
    for user in candidates:
        rules = await _policy_for(user, settings)
        if rules.password_expiry_days is None:
            continue
        expires = user.password_changed_at + timedelta(days=rules.password_expiry_days)
        if not moment < expires <= moment + timedelta(days=rules.expiry_warning_days):
            continue
        async with in_transaction("default"):
            await User.filter(id=user.id).update(password_expiry_warned_at=moment)
            emails.append(
                await outbox.queue(
                    "password-expiry",
                    user.email,
                    "Your password expires soon",
                    f"Your password expires on {expires:%Y-%m-%d %H:%M} UTC. Change it before "
                    "then to keep logging in without interruption.\n",
                )
            )
    return emails
