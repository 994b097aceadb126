"""`viewer` and `node`: every object type reachable by global id, through its scope."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any
from uuid import UUID

import strawberry
from tortoise.models import Model
from tortoise.queryset import QuerySet

from domain import batches, scope
from domain.actor import Actor
from domain.conditions import RowCondition
from domain.errors import AccessDenied
from domain.events import audit
from domain.jobs import outbox, purge
from domain.security import api_keys
from domain.webhooks import access as webhook_access
from gql.context import Context
from gql.errors import bad_request
from gql.schema.api_keys import ApiKeyType
from gql.schema.audit import AuditEventType
from gql.schema.department import DepartmentType
from gql.schema.jobs import DeletionJobType, OutboxEmailType
from gql.schema.note import NoteType
from gql.schema.organization import OrganizationType
from gql.schema.plan import PlanType
from gql.schema.relay import GlobalId, Node, parse_global_id
from gql.schema.service import ServiceType
from gql.schema.user import UserType
from gql.schema.viewer import ViewerType
from gql.schema.webhook_endpoint import WebhookEndpointType
from models import AuditEvent, Department, Note, Organization, Plan, Service, User

Info = strawberry.Info[Context, None]
MAX_NODES = 100  # as many as a page holds

# The rows of one type among some ids that the actor may see (AccessDenied: none of the type).
NodeRead = Callable[[Actor, list[UUID]], Awaitable[Sequence[Any]]]


def _by_rule(rule: Callable[[Actor], RowCondition], model: type[Model]) -> NodeRead:
    """Through the type's visibility rule, as one statement written once per rule shape:
    building the scope queryset's statement anew was most of a `node` request's time."""

    async def read(actor: Actor, ids: list[UUID]) -> list[Any]:
        return await batches.visible_models(model, rule(actor), "id", ids)

    return read


def _by_queryset(visible: Callable[[Actor], QuerySet[Any]]) -> NodeRead:
    """Through a scope queryset, for the types whose visibility is no row rule."""

    async def read(actor: Actor, ids: list[UUID]) -> list[Any]:
        return await visible(actor).filter(id__in=ids)

    return read


# type name -> (what the actor may see of it, how to present a row)
NODE_TYPES: dict[str, tuple[NodeRead, Callable[[Any], Node]]] = {
    "Organization": (_by_rule(scope.organization_rule, Organization), OrganizationType.from_model),
    "User": (_by_rule(scope.user_rule, User), UserType.from_model),
    "Department": (_by_rule(scope.department_rule, Department), DepartmentType.from_model),
    "Service": (_by_rule(scope.service_rule, Service), ServiceType.from_model),
    "Note": (_by_rule(scope.note_rule, Note), NoteType.from_model),
    "Plan": (_by_rule(scope.plan_rule, Plan), PlanType.from_model),
    # as_seen_by below
    "AuditEvent": (_by_rule(scope.audit_event_rule, AuditEvent), AuditEventType.from_model),
    "DeletionJob": (_by_queryset(purge.visible_jobs), DeletionJobType.from_model),
    "ApiKey": (_by_queryset(api_keys.visible_keys), ApiKeyType.from_model),
    "OutboxEmail": (_by_queryset(outbox.visible_outbox), OutboxEmailType.from_model),
    "WebhookEndpoint": (
        _by_queryset(webhook_access.visible_endpoints),
        WebhookEndpointType.from_model,
    ),
}


async def resolve_node(actor: Actor, global_id: str, expected_type: str | None = None) -> Any:
    """The object behind a global id, or None when it does not exist *or* is not visible."""
    parsed = parse_global_id(global_id)
    if parsed is None or parsed[0] not in NODE_TYPES:
        return None
    if expected_type is not None and parsed[0] != expected_type:
        return None
    return (await _visible_nodes(actor, parsed[0], [parsed[1]])).get(parsed[1])


async def _visible_nodes(actor: Actor, type_name: str, ids: Sequence[UUID]) -> dict[UUID, Node]:
    """The objects of one type among `ids` the actor may see, by id, in one query."""
    read, present = NODE_TYPES[type_name]
    try:
        rows = await read(actor, list(ids))
    except AccessDenied:  # a whole type the actor may not read: as if it did not exist
        return {}
    if type_name == "AuditEvent":
        rows = [audit.as_seen_by(actor, row) for row in rows]
    return {row.id: present(row) for row in rows}


async def resolve_nodes(actor: Actor, global_ids: Sequence[str]) -> list[Node | None]:
    """`resolve_node` of each id, in order: one query per type named, not one per id."""
    if len(global_ids) > MAX_NODES:
        raise bad_request(f"`ids` may hold at most {MAX_NODES} ids.")
    parsed = [parse_global_id(global_id) for global_id in global_ids]
    wanted: defaultdict[str, set[UUID]] = defaultdict(set)
    for found in parsed:
        if found is not None and found[0] in NODE_TYPES:
            wanted[found[0]].add(found[1])
    by_type = {t: await _visible_nodes(actor, t, list(ids)) for t, ids in wanted.items()}
    return [
        by_type[found[0]].get(found[1]) if found is not None and found[0] in by_type else None
        for found in parsed
    ]


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

    @strawberry.field(
        description=f"Objects by their global ids (at most {MAX_NODES}), each in its id's "
        "position: null where `node` would answer null (it does not exist or is not "
        "visible to the caller; the two are indistinguishable)."
    )
    async def nodes(
        self,
        info: Info,
        ids: Annotated[
            list[strawberry.ID],
            strawberry.argument(description="Global ids, as `id` fields give them."),
        ],
    ) -> list[Node | None]:
        return await resolve_nodes(await info.context.viewer(), ids)
