"""Per GraphQL operation, where its reads go (db_routing.py holds the routing itself).

A query whose viewer (its token) wrote nothing within REPLICA_READ_YOUR_WRITES_SECONDS
reads from a healthy replica; a mutation or a subscription, a query of a viewer who just
wrote, and every operation when no replica is healthy, read from the primary. A mutation
marks its viewer as having written when it ends, whether or not it changed anything: a
refused write is rare, and counting it costs only a few primary reads.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

import db_routing
from db_routing import Replicas
from ops import metrics


class ReplicaReads(SchemaExtension):
    def __init__(self, replicas: Replicas) -> None:
        self.replicas = replicas

    def _operation_type(self) -> OperationType | None:
        try:
            return self.execution_context.operation_type
        except Exception:  # no document, or no such operation: graphql-core answers it
            return None

    async def on_execute(self) -> AsyncIterator[None]:
        operation = self._operation_type()
        token = getattr(self.execution_context.context, "token", lambda: None)()
        viewer = db_routing.viewer_key(token)
        replica = None
        if operation is OperationType.QUERY:
            if not self.replicas.wrote_recently(viewer):
                replica = await self.replicas.healthy_replica()
            metrics.replica_reads.labels(database=replica or db_routing.PRIMARY_LABEL).inc()
        try:
            with db_routing.reading_from(replica):
                yield
        finally:
            if operation is OperationType.MUTATION:
                self.replicas.remember_write(viewer)
