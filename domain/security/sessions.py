"""A login's sessions: what it records of each, listing them, and revoking them.

A session is a row of `session_token` (login or impersonation). Its secret is never shown
again; a list shows when it began, when it was last used, from which address and client,
and whether it is an impersonation. The login itself and whoever has authority over the
login (docs/authority.md, "login-authority", with the `users` right) may list and revoke
them. A revoked session stops at once: every request looks the token up again, and an
open WebSocket re-checks its session every few seconds (gql/ws.py).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import datetime, timedelta
from uuid import UUID

from tortoise.expressions import Q
from tortoise.timezone import now
from tortoise.transactions import in_transaction

from domain import authority, scope
from domain.actor import Actor
from domain.errors import not_found
from domain.events import audit
from domain.validation import has_control_characters
from models import SessionToken, User
from models.enums import OrganizationKind

USER_AGENT_MAX = 500  # the column's length
# last_seen_at is written at most this often per session: a request reads the value it
# already loaded and writes only when it is older, so a busy client costs no write per call.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)


def clean_user_agent(value: str | None) -> str | None:
    """A User-Agent as stored: control characters dropped (it is shown in panels and can
    reach logs), trimmed, at most the column's length; None when nothing is left."""
    if not value:
        return None
    kept = "".join(c for c in value if not has_control_characters(c, multiline=False))
    return kept.strip()[:USER_AGENT_MAX] or None


async def touch(session: SessionToken, moment: datetime) -> None:
    """Record that the session was used now, unless it was within the last minute (or it
    began then). The condition is repeated in SQL, so concurrent requests write once."""
    seen = session.last_seen_at or session.created_at
    if moment - seen < LAST_SEEN_RESOLUTION:
        return
    stale = moment - LAST_SEEN_RESOLUTION
    await SessionToken.filter(
        Q(last_seen_at__isnull=True) | Q(last_seen_at__lte=stale), id=session.id
    ).update(last_seen_at=moment)


def _active(moment: datetime) -> dict[str, object]:
    return {"revoked_at__isnull": True, "expires_at__gt": moment}


async def active_sessions(user_id: UUID) -> list[SessionToken]:
    """The login's sessions that still work, newest first."""
    return await SessionToken.filter(user_id=user_id, **_active(now())).order_by(
        "-created_at", "id"
    )


def as_seen_by(actor: Actor, session: SessionToken) -> SessionToken:
    """The session as the actor may read it. A customer never learns who manages it, so an
    impersonation of its login (someone above it acting as it) is shown as one, but without
    the impersonator's address and client, as its audit log shows it (domain/events/audit.py)."""
    if actor.organization.kind != OrganizationKind.CUSTOMER or session.impersonator_id is None:
        return session
    shown = copy.copy(session)  # only this reader's view changes; nothing is saved
    shown.ip = None
    shown.user_agent = None
    return shown


async def _managed_user(
    actor: Actor, user_id: UUID, field: Sequence[str], what: str = "user"
) -> User:
    """A login whose sessions the actor may manage: NOT_FOUND (of `what`) when it does not
    see the login, FORBIDDEN when it sees it without authority over it."""
    if actor.user is not None and authority.acts_as_login(actor, user_id):
        return actor.user
    user = await scope.visible_users(actor).filter(id=user_id).first()
    if user is None:
        raise not_found(field, what)
    if not authority.may_manage_sessions(actor, user.id, await authority.login_memberships(user)):
        raise authority.forbidden(
            "Only the login itself, or someone with authority over every organization it "
            "is in (and the `users` right), manages its sessions.",
            field,
        )
    return user


async def revoke_one(actor: Actor, session_id: UUID) -> SessionToken:
    """Revoke one session of a login (the caller's own included: that is a logout)."""
    session = await SessionToken.filter(id=session_id, **_active(now())).first()
    if session is None:
        raise not_found(["id"], "session")
    # A session of a login the actor does not see is no session it could name.
    user = await _managed_user(actor, session.user_id, ["id"], "session")
    async with in_transaction("default"):
        await SessionToken.filter(id=session.id, revoked_at__isnull=True).update(revoked_at=now())
        await audit.record(
            actor,
            "user.revoke_session",
            actor.organization,
            target_type="User",
            target_id=user.id,
            target_name=user.email,
            summary={"impersonation": session.impersonator_id is not None},
        )
    session.revoked_at = now()
    return session


async def revoke_all(actor: Actor, user_id: UUID, *, except_current: bool) -> int:
    """Revoke every working session of a login, and the impersonations it started; with
    `except_current`, all but the one this request came with. Returns how many were
    revoked."""
    user = await _managed_user(actor, user_id, ["userId"])
    # The impersonations the login started are its doing too (their rows belong to the
    # impersonated OWNER): logging a login out everywhere must end them, as a new password
    # does (domain/people/password_flows.py).
    sessions = SessionToken.filter(
        Q(user_id=user.id) | Q(impersonator_id=user.id), **_active(now())
    )
    if except_current and actor.session_id is not None:
        sessions = sessions.exclude(id=actor.session_id)
    async with in_transaction("default"):
        revoked = await sessions.update(revoked_at=now())
        await audit.record(
            actor,
            "user.revoke_sessions",
            actor.organization,
            target_type="User",
            target_id=user.id,
            target_name=user.email,
            summary={"revoked": revoked, "except_current": except_current},
        )
    return revoked
