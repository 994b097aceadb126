"""The delivery log (`webhookDeliveries`), redeliverWebhook and sendTestWebhook."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry

from domain.webhooks import log, replay
from gql.context import Context
from gql.schema.enums import DeliveryStatus
from gql.schema.errors import attempt
from gql.schema.paging import PageArgs, paged, paginate
from gql.schema.relay import INPUT, Connection, node_fields, target_id, total_count_selected
from gql.schema.webhook_deliveries import (
    RedeliverWebhookInput,
    RedeliverWebhookPayload,
    SendTestWebhookInput,
    SendTestWebhookPayload,
    WebhookAttemptType,
    WebhookDeliveryType,
)
from models import WebhookDelivery

Info = strawberry.Info[Context, None]


def _nudge(endpoint_id: UUID) -> None:
    """After the commit: the endpoint's worker sends what is PENDING (a broker that is down
    costs a log line; the scheduler sends it on its next tick)."""
    from workers.actors import send_webhook_deliveries

    send_webhook_deliveries([endpoint_id])


async def redeliver_webhook(
    info: Info, input: Annotated[RedeliverWebhookInput, INPUT]
) -> RedeliverWebhookPayload:
    actor = await info.context.viewer()
    delivery, errors = await attempt(
        replay.redeliver(actor, target_id(input.delivery_id, "WebhookDelivery"))
    )
    if delivery is None:
        return RedeliverWebhookPayload(delivery=None, user_errors=errors)
    _nudge(delivery.endpoint_id)
    attempts = await log.attempts_of([delivery.id])
    return RedeliverWebhookPayload(
        delivery=WebhookDeliveryType.from_model(delivery, attempts[delivery.id]), user_errors=[]
    )


async def send_test_webhook(
    info: Info, input: Annotated[SendTestWebhookInput, INPUT]
) -> SendTestWebhookPayload:
    actor = await info.context.viewer()
    delivery, errors = await attempt(
        replay.send_test(actor, target_id(input.endpoint_id, "WebhookEndpoint"))
    )
    if delivery is None:
        return SendTestWebhookPayload(delivery=None, user_errors=errors)
    _nudge(delivery.endpoint_id)
    return SendTestWebhookPayload(delivery=WebhookDeliveryType.from_model(delivery), user_errors=[])


@strawberry.type
class WebhookDeliveryQuery:
    @strawberry.field(
        description="What was sent to one webhook endpoint, newest first, with every "
        "attempt: for those who manage the endpoint (NOT_FOUND when you do not see it, "
        "FORBIDDEN when you see it but may not manage it)."
    )
    @paged
    async def webhook_deliveries(
        self,
        info: Info,
        endpoint_id: Annotated[strawberry.ID, strawberry.argument(description="The endpoint.")],
        status: Annotated[
            DeliveryStatus | None, strawberry.argument(description="Only deliveries in this state.")
        ] = None,
        *,
        paging: PageArgs,
    ) -> Connection[WebhookDeliveryType]:
        actor = await info.context.viewer()
        rows = await log.deliveries(actor, target_id(endpoint_id, "WebhookEndpoint"), status)
        shown: dict[UUID, WebhookDeliveryType] = {}

        def to_node(delivery: WebhookDelivery) -> WebhookDeliveryType:
            shown[delivery.id] = WebhookDeliveryType.from_model(delivery)
            return shown[delivery.id]

        page = await paginate(rows, paging, to_node, total=total_count_selected(info))
        if "attemptLog" in node_fields(info):  # one query for the whole page's attempts
            attempts = await log.attempts_of(list(shown))
            for delivery_id, node in shown.items():
                node.attempt_log = [WebhookAttemptType.from_model(a) for a in attempts[delivery_id]]
        return page
