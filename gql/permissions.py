"""Permission classes that guard fields (SPEC §5). A denied field resolves to null with a
FORBIDDEN error; resolvers themselves never check who is asking."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.permission import BasePermission

from gql.context import Context
from gql.errors import ApiErrorCode


class _FieldPermission(BasePermission):
    error_extensions = {"code": str(ApiErrorCode.FORBIDDEN)}


class CanSeeOwner(_FieldPermission):
    """`Organization.owner`: administrators, and the owning organization itself."""

    message = "Only administrators and the owning organization may see who owns this."

    async def has_permission(
        self, source: Any, info: strawberry.Info[Context, None], **kwargs: Any
    ) -> bool:
        actor = await info.context.viewer()
        return bool(actor.is_administrator or source.owner_id == actor.organization.id)
