"""Schema extensions: request limits, caches and error masking."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from database import is_refused_text, is_transient_failure
from db_routing import Replicas
from domain.events import written
from gql.errors import ApiErrorCode, expected_code
from gql.replica_reads import ReplicaReads
from gql.selection_limit import TooCostly, check_document
from gql.socket_context import TransportOperations
from ops.graphql import ObservedOperation

MAX_DEPTH = 8
MAX_ALIASES = 15
MAX_TOKENS = 2_000
CACHE_SIZE = 512


def _masked(error: GraphQLError) -> bool:
    """Whether MaskErrors replaces `error` (an unexpected one); an expected one gets its
    `extensions.code` here, the one place MaskErrors shows us every error it lets through."""
    code = expected_code(error)
    if code is None:
        return True
    error.extensions = {**(error.extensions or {}), "code": code}
    return False


class CodedErrors(MaskErrors):
    """Give every error an `extensions.code`; replace unexpected ones by a bare INTERNAL,
    or UNAVAILABLE when the database was busy or out of reach (worth trying again).

    The real exception is logged by the schema (see `TenantrySchema.process_errors`), never
    sent to the client.
    """

    def __init__(self) -> None:
        super().__init__(should_mask_error=_masked, error_message="Internal server error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        if error.original_error is not None and is_transient_failure(error.original_error):
            masked.message = "The database is busy or unreachable; try again shortly."
            masked.extensions = {"code": str(ApiErrorCode.UNAVAILABLE)}
        elif error.original_error is not None and is_refused_text(error.original_error):
            masked.message = "The request holds text that cannot be stored (a NUL character)."
            masked.extensions = {"code": str(ApiErrorCode.BAD_REQUEST)}
        else:
            masked.extensions = {"code": str(ApiErrorCode.INTERNAL)}
        return masked


class ParsedOrAnswered(ParserCache):
    """The parser cache, leaving a document that does not parse (a syntax error, over the
    token limit) to Strawberry's own parse, which answers it. The cache's parse runs
    outside the error handling of `Schema.subscribe`: over the WebSocket such a document
    escaped as an exception (a traceback logged, a bare `complete` sent). Parsing it twice
    costs little: the token limit stops either parse early."""

    def on_parse(self) -> Iterator[None]:
        try:
            yield from super().on_parse()
        except GraphQLError:
            yield


# The limiters' rule classes are built once: the validation cache is keyed by the rule
# classes, and limiters constructed per request would make every request a cache miss.
_LIMIT_RULES = [
    *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
]


class BoundedValidation(ValidationCache):
    """Validation (cached) of documents within the selection limits only: one over them is
    refused before a rule is built (see gql/selection_limit.py)."""

    def on_validate(self) -> Iterator[None]:
        document = self.execution_context.graphql_document
        try:
            if document is not None:
                check_document(document)
        except TooCostly as error:
            self.execution_context.pre_execution_errors = [error]
            yield
            return
        yield from super().on_validate()


class EventNudge(SchemaExtension):
    """After an operation that wrote events (committed by then: transactions end inside
    the resolvers), ask the sequencer to place them. A broker that is down costs nothing
    but a log line: the scheduler places them on its next tick."""

    def on_operation(self) -> Iterator[None]:
        mark = written.watch()
        yield
        if mark.written:
            from workers.actors import nudge_sequencer

            nudge_sequencer()


def schema_extensions(
    production: bool, replicas: Replicas | None = None
) -> list[type[SchemaExtension] | Callable[[], SchemaExtension]]:
    """Factories, never instances: an instance would be shared by concurrent requests.
    `replicas`: the process's read replicas, which queries may read from."""
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: ParsedOrAnswered(maxsize=CACHE_SIZE),
        lambda: AddValidationRules(_LIMIT_RULES),
        lambda: BoundedValidation(maxsize=CACHE_SIZE),
        TransportOperations,
        # Before CodedErrors: operation hooks end in reverse order, so it counts the
        # outcome once every error carries the code the client gets.
        ObservedOperation,
        CodedErrors,
        EventNudge,
    ]
    if replicas is not None:
        chosen = replicas
        extensions.append(lambda: ReplicaReads(chosen))
    if production:
        extensions.insert(0, DisableIntrospection)
    return extensions
