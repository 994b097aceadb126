"""Permission classes that guard fields (SPEC §5). A denied field resolves to null with a
FORBIDDEN error; resolvers themselves never check who is asking."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension

from domain import scope
from gql.context import Context
from gql.errors import ApiErrorCode

Info = strawberry.Info[Context, None]


class _FieldPermission(BasePermission):
    error_extensions = {"code": str(ApiErrorCode.FORBIDDEN)}


class CanSeeOwner(_FieldPermission):
    """`Organization.owner`: administrators, and the owning organization itself."""

    message = "Only administrators and the owning organization may see who owns this."

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        actor = await info.context.viewer()
        return bool(actor.is_administrator or source.owner_id == actor.organization.id)


class CanReadNotes(_FieldPermission):
    """`Organization.notes` and `latestNote`: the organization's owner chain only."""

    message = "Only the organization's owner chain may read notes about it."

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        actor = await info.context.viewer()
        return scope.may_read_notes_about(actor, source.pk, source.path)


class CanSeeLoginActivity(_FieldPermission):
    """`User.lastLoginAt/lastLoginIp/failedLoginCount`: org admins and the owner chain."""

    message = "Only the user's organization admins and its owner chain may see login activity."

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        actor = await info.context.viewer()
        if actor.is_administrator:
            return True
        memberships = await info.context.loaders.login_memberships_by_user.load(source.pk)
        return any(
            scope.manages_member_of(actor, m.organization.id, m.organization.path)
            for m in memberships
        )


def guarded(*permissions: BasePermission) -> list[FieldExtension]:
    """Field extensions enforcing `permissions`. Not printed as SDL directives: the rule is
    stated in each field's description, and directives would need declaring for clients."""
    return [PermissionExtension(permissions=list(permissions), use_directives=False)]
