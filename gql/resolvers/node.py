"""`viewer` and `node`: every object type reachable by global id, through its scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from tortoise.queryset import QuerySet

from domain import api_keys, audit, purge, scope
from domain.actor import Actor
from domain.errors import AccessDenied
from gql.context import Context
from gql.schema.api_keys import ApiKeyType
from gql.schema.audit import AuditEventType
from gql.schema.department import DepartmentType
from gql.schema.jobs import DeletionJobType
from gql.schema.note import NoteType
from gql.schema.organization import OrganizationType
from gql.schema.plan import PlanType
from gql.schema.relay import GlobalId, Node, parse_global_id
from gql.schema.service import ServiceType
from gql.schema.user import UserType
from gql.schema.viewer import ViewerType

Info = strawberry.Info[Context, None]

# type name -> (what the actor may see of it, how to present a row)
NODE_TYPES: dict[str, tuple[Callable[[Actor], QuerySet[Any]], Callable[[Any], Node]]] = {
    "Organization": (scope.visible_organizations, OrganizationType.from_model),
    "User": (scope.visible_users, UserType.from_model),
    "Department": (scope.visible_departments, DepartmentType.from_model),
    "Service": (scope.visible_services, ServiceType.from_model),
    "Note": (scope.visible_notes, NoteType.from_model),
    "Plan": (scope.visible_plans, PlanType.from_model),
    "AuditEvent": (scope.visible_audit_events, AuditEventType.from_model),  # as_seen_by below
    "DeletionJob": (purge.visible_jobs, DeletionJobType.from_model),
    "ApiKey": (api_keys.visible_keys, ApiKeyType.from_model),
}


async def resolve_node(actor: Actor, global_id: str, expected_type: str | None = None) -> Any:
    """The object behind a global id, or None when it does not exist *or* is not visible."""
    parsed = parse_global_id(global_id)
    if parsed is None or parsed[0] not in NODE_TYPES:
        return None
    type_name, object_id = parsed
    if expected_type is not None and type_name != expected_type:
        return None
    visible, present = NODE_TYPES[type_name]
    try:
        row = await visible(actor).filter(id=object_id).first()
    except AccessDenied:  # a whole type the actor may not read: as if it did not exist
        return None
    if row is None:
        return None
    if type_name == "AuditEvent":
        row = audit.as_seen_by(actor, row)
    return present(row)


@strawberry.type
class NodeQuery:
    @strawberry.field(description="The authenticated caller. UNAUTHENTICATED without a token.")
    async def viewer(self, info: Info) -> ViewerType:
        return ViewerType.from_actor(await info.context.viewer())

    @strawberry.field(
        description="Any object by its global id; null when it does not exist or is not "
        "visible to the caller (the two are indistinguishable)."
    )
    async def node(self, info: Info, id: GlobalId) -> Node | None:
        node: Node | None = await resolve_node(await info.context.viewer(), id)
        return node
