"""The schema extension that tells the request's record (ops/observe.py) which operation
ran, how it ended and who asked, and counts it."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from database import is_transient_failure
from gql.errors import ApiErrorCode, expected_code
from ops import metrics, observe

OK = "ok"


def outcome_of(errors: list[GraphQLError] | None) -> str:
    """ "ok", or the code of the first error (a bounded set: our error codes). Errors
    inside payloads (userErrors) are answers, not failures: they count as ok."""
    if not errors:
        return OK
    error = errors[0]
    code = expected_code(error)
    if code is not None:
        return code
    original = error.original_error
    if original is not None and is_transient_failure(original):
        return str(ApiErrorCode.UNAVAILABLE)
    return str(ApiErrorCode.INTERNAL)


class ObservedOperation(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        context = self.execution_context
        errors = context.pre_execution_errors
        if errors is None and context.result is not None:
            errors = context.result.errors
        label = metrics.operation_label(context.operation_name)
        outcome = outcome_of(errors)
        metrics.graphql_requests.labels(operation=label, outcome=outcome).inc()
        record = observe.current.get()
        if record is None:  # a websocket subscription's operations have no HTTP record
            return
        record.operation, record.outcome = label, outcome
        record.operation_name = (context.operation_name or "")[:100] or None
        known_viewer = getattr(context.context, "known_viewer", None)
        viewer = known_viewer() if known_viewer is not None else None
        if viewer is not None:
            record.organization_id = str(viewer.organization.id)
