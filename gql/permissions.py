"""Field rules (SPEC §5), enforced by a field extension. A denied field resolves to null
with a FORBIDDEN error; resolvers themselves never check who is asking.

A rule is decided synchronously whenever it can be: list items are guarded row by row, and
an awaitable per row would cost more than the rest of the field. Every root field
authenticates before it returns objects, so the viewer is known by the time a guarded
field runs; should it not be, the check waits for it.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

import strawberry
from strawberry.extensions import FieldExtension

from domain import authority, scope
from domain.actor import Actor
from gql.context import Context
from gql.errors import ApiError, ApiErrorCode
from gql.fastpath.loaders import value_or_awaitable

Info = strawberry.Info[Context, None]
Decision = bool | Awaitable[bool]


class Rule:
    """Who may read a field: `allows` answers a bool, or an awaitable where it must load."""

    message = "You may not read this field."

    def allows(self, actor: Actor, source: Any, info: Info) -> Decision:
        raise NotImplementedError


class CanSeeOwner(Rule):
    """`Organization.owner`: whoever may see the owner (domain/scope.py)."""

    message = "Only those who may see the owning organization may see who owns this."

    def allows(self, actor: Actor, source: Any, info: Info) -> Decision:
        # The Master has no owner: null for anyone, nothing to hide.
        return source.owner_id is None or scope.may_see_owner_of(actor, source.path)


class CanReadNotes(Rule):
    """`Organization.notes` and `latestNote`: the organization's owner chain only."""

    message = "Only the organization's owner chain may read notes about it."

    def allows(self, actor: Actor, source: Any, info: Info) -> Decision:
        return scope.may_read_notes_about(actor, source.pk, source.path)


class CanSeeLoginActivity(Rule):
    """`User.lastLoginAt/lastLoginIp/failedLoginCount`: staff who administer (or support,
    read-only) every organization the login belongs to: a shared login's activity is not
    for one of its organizations alone (domain/authority.py)."""

    message = "Only those who administer every organization of this login may see its activity."

    def allows(self, actor: Actor, source: Any, info: Info) -> Decision:
        if actor.is_administrator:
            return True
        return value_or_awaitable(  # type: ignore[no-any-return]
            info.context.loaders.login_memberships_by_user.load(source.pk),
            lambda memberships: authority.may_read_login_activity(actor, memberships),
        )


class Guard(FieldExtension):
    def __init__(self, rule: Rule) -> None:
        super().__init__()
        self.rule = rule

    def _denied(self) -> ApiError:
        return ApiError(ApiErrorCode.FORBIDDEN, self.rule.message)

    def resolve(self, next_: Callable[..., Any], source: Any, info: Info, **kwargs: Any) -> Any:
        actor = info.context.known_viewer()
        decision = self.rule.allows(actor, source, info) if actor else None
        if isinstance(decision, bool):
            if not decision:
                raise self._denied()
            return next_(source, info, **kwargs)
        return self._decide_later(decision, next_, source, info, kwargs)

    async def _decide_later(
        self,
        decision: Decision | None,
        next_: Callable[..., Any],
        source: Any,
        info: Info,
        kwargs: dict[str, Any],
    ) -> Any:
        if decision is None:
            decision = self.rule.allows(await info.context.viewer(), source, info)
        if not (await decision if inspect.isawaitable(decision) else decision):
            raise self._denied()
        result = next_(source, info, **kwargs)
        return await result if inspect.isawaitable(result) else result

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Info, **kwargs: Any
    ) -> Any:
        return await self._decide_later(None, next_, source, info, kwargs)


def guarded(rule: Rule) -> list[FieldExtension]:
    """The field extension enforcing `rule`. The rule is stated in each field's description
    (it is not a schema directive, which clients would have to declare)."""
    return [Guard(rule)]


class CanManageSessions(Rule):
    """`User.sessions` and `twoFactorEnabled`: the login itself, or someone with authority
    over every organization it is in and the `users` right (domain/authority.py)."""

    message = (
        "Only the login itself, or someone with authority over every organization of this "
        "login (and the `users` right), may see its sessions and two-factor state."
    )

    def allows(self, actor: Actor, source: Any, info: Info) -> Decision:
        # Without loading where the memberships cannot change the answer: the login itself,
        # or an actor without the `users` right.
        if authority.acts_as_login(actor, source.pk):
            return True
        if not actor.has_right(authority.USERS):
            return False
        return value_or_awaitable(  # type: ignore[no-any-return]
            info.context.loaders.login_memberships_by_user.load(source.pk),
            lambda memberships: authority.may_manage_sessions(actor, source.pk, memberships),
        )
