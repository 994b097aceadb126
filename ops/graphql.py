"""The schema extension that tells the request's record (ops/observe.py) which operation
ran, how it ended and who asked, and counts it."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from gql.errors import ApiErrorCode, expected_code
from ops import metrics, observe

OK = "ok"


def outcome_of(errors: list[GraphQLError] | None) -> str:
    """ "ok", or the code the client got for the first error (a bounded set: our error
    codes; CodedErrors has coded them by now). Errors inside payloads (userErrors) are
    answers, not failures: they count as ok."""
    if not errors:
        return OK
    return expected_code(errors[0]) or str(ApiErrorCode.INTERNAL)


class ObservedOperation(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        context = self.execution_context
        # The result's errors, as CodedErrors left them. (Strawberry also points
        # pre_execution_errors at the result's unmasked list; only without a result are
        # they the request's own: parse, validation.)
        errors = context.pre_execution_errors
        if context.result is not None:
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
