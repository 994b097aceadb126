"""The broker, chosen by BROKER_URL and set before any actor is declared.

redis://... -> Redis, amqp://... -> RabbitMQ, unset -> an in-process stub broker whose
worker the app starts in its lifespan (`tenantry serve` alone runs everything).
"""

from __future__ import annotations

import dramatiq
from dramatiq.brokers.stub import StubBroker

from ops.job_context import JobRequestId
from settings import Settings, get_settings
from workers.loop import DatabaseLoop


def build_broker(settings: Settings) -> dramatiq.Broker:
    url = settings.broker_url
    broker: dramatiq.Broker
    if url is None:
        broker = StubBroker()
        broker.add_middleware(JobRequestId())
        broker.emit_after("process_boot")  # so time limits are enforced in-process too
        return broker
    if url.startswith(("redis://", "rediss://")):
        from dramatiq.brokers.redis import RedisBroker

        broker = RedisBroker(url=url)  # type: ignore[no-untyped-call]
    else:
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        broker = RabbitmqBroker(url=url)
    broker.add_middleware(DatabaseLoop(settings))
    broker.add_middleware(JobRequestId())
    return broker


def embedded(broker: dramatiq.Broker) -> bool:
    return isinstance(broker, StubBroker)


broker = build_broker(get_settings())
dramatiq.set_broker(broker)
