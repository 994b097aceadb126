"""CSV export of the root lists: `GET /export/<list>.csv?filter=<json>&orderBy=<json>`.

An export is the GraphQL list itself, read page after page: each batch is the list's own
query (same filter and order inputs, same coercion and refusals, same visibility, same
field rules) run through the schema with the request's credentials, continued from the
previous batch's end cursor. So an export can never hold a row, or a cell, the list
would not show its reader, and memory holds one batch at a time however long the list.

The credential is the bearer token, or for a browser's download link (which carries no
header) a short-lived `ticket` parameter from the `exportTicket` query (gql/export_ticket.py).

The first batch runs before the response starts: a refusal (no token, a bad filter, a
customer MEMBER asking for the audit log) is a coded error with its HTTP status, shaped
like every other refusal (gql/http_protocol.py). A failure after rows have been sent can
only end the download early.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from tortoise.timezone import now

from domain.actor import Actor
from gql.context import Context
from gql.errors import ApiErrorCode
from gql.export_ticket import TicketExpired, open_ticket
from gql.http_protocol import error_response
from gql.schema.relay import MAX_PAGE_SIZE
from settings import Settings

# A cell a spreadsheet would read as a formula (OWASP "CSV injection") is prefixed with an
# apostrophe, which spreadsheets show as text. Tab and carriage return start formulas too.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_STATUS_OF_CODE = {
    ApiErrorCode.UNAUTHENTICATED: 401,
    ApiErrorCode.FORBIDDEN: 403,
    ApiErrorCode.NOT_FOUND: 404,
    ApiErrorCode.UNAVAILABLE: 503,
    ApiErrorCode.INTERNAL: 500,
    "ORGANIZATION_SUSPENDED": 403,
}
_PARAMETERS = {"filter", "orderBy", "ticket"}
_VARIABLES = ("filter", "orderBy")

Cell = Callable[[dict[str, Any]], Any]


def _at(*path: str) -> Cell:
    """The value at `path` in a node; None where a step is null (a field the reader may
    not see resolves to null)."""

    def read(node: dict[str, Any]) -> Any:
        value: Any = node
        for step in path:
            if value is None:
                return None
            value = value.get(step)
        return value

    return read


@dataclass(frozen=True)
class ExportedList:
    """One exportable list: its root field, its inputs' types, and its columns as
    (header, the node's value) over the selection `node`."""

    field: str
    filter_type: str
    order_type: str
    node: str
    columns: Sequence[tuple[str, Cell]]

    def document(self) -> str:
        return (
            f"query Export($filter: {self.filter_type}, $orderBy: {self.order_type}, "
            f"$after: String) {{ list: {self.field}(filter: $filter, orderBy: $orderBy, "
            f"first: {MAX_PAGE_SIZE}, after: $after) {{ edges {{ node {{ {self.node} }} }} "
            "pageInfo { hasNextPage endCursor } } }"
        )


EXPORTS: dict[str, ExportedList] = {
    "organizations": ExportedList(
        "organizations",
        "OrganizationFilter",
        "OrganizationOrder",
        "id externalId name company kind status effectiveStatus contact { email phone country } "
        "owner { name } ownerLogin { email } plan { name } "
        "usage { websites databases mailboxes ftpAccounts dnsZones backups } "
        "createdAt updatedAt suspendedAt suspensionReason deletedAt expiresAt",
        [
            ("id", _at("id")),
            ("name", _at("name")),
            ("company", _at("company")),
            ("kind", _at("kind")),
            ("status", _at("status")),
            ("effective_status", _at("effectiveStatus")),
            ("contact_email", _at("contact", "email")),
            ("contact_phone", _at("contact", "phone")),
            ("country", _at("contact", "country")),
            ("owner_name", _at("owner", "name")),
            ("owner_login", _at("ownerLogin", "email")),
            ("plan_name", _at("plan", "name")),
            ("websites", _at("usage", "websites")),
            ("databases", _at("usage", "databases")),
            ("mailboxes", _at("usage", "mailboxes")),
            ("ftp_accounts", _at("usage", "ftpAccounts")),
            ("dns_zones", _at("usage", "dnsZones")),
            ("backups", _at("usage", "backups")),
            ("created_at", _at("createdAt")),
            ("updated_at", _at("updatedAt")),
            ("suspended_at", _at("suspendedAt")),
            ("suspension_reason", _at("suspensionReason")),
            ("deleted_at", _at("deletedAt")),
            # Last, so the columns before them stay where spreadsheets expect them.
            ("external_id", _at("externalId")),
            ("expires_at", _at("expiresAt")),
        ],
    ),
    "users": ExportedList(
        "users",
        "UserFilter",
        "UserOrder",
        "id email firstName lastName language status createdAt lastLoginAt",
        [
            ("id", _at("id")),
            ("email", _at("email")),
            ("first_name", _at("firstName")),
            ("last_name", _at("lastName")),
            ("language", _at("language")),
            ("status", _at("status")),
            ("created_at", _at("createdAt")),
            ("last_login_at", _at("lastLoginAt")),
        ],
    ),
    "audit-events": ExportedList(
        "auditEvents",
        "AuditEventFilter",
        "AuditEventOrder",
        "id createdAt actorEmail impersonatorEmail action targetType targetId targetName ip",
        [
            ("id", _at("id")),
            ("time", _at("createdAt")),
            ("actor", _at("actorEmail")),
            ("impersonator", _at("impersonatorEmail")),
            ("action", _at("action")),
            ("target_type", _at("targetType")),
            ("target_id", _at("targetId")),
            ("target_name", _at("targetName")),
            ("ip", _at("ip")),
        ],
    ),
}


def safe_cell(value: Any) -> str:
    """A value as CSV text: empty for null, and never a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def csv_line(cells: Sequence[Any]) -> str:
    """One CSV record (RFC 4180: quoted where needed, CRLF-terminated)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([safe_cell(cell) for cell in cells])
    return out.getvalue()


class ExportRefused(Exception):
    """A refusal of the whole export: a code, and the error's other extensions."""

    def __init__(self, code: str, message: str, extensions: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.extensions = extensions or {}


def _refusal(errors: Sequence[GraphQLError]) -> ExportRefused | None:
    """The error that refuses the whole list, if any: one with no path (the inputs did
    not coerce) or on the list itself. An error deeper down is a field the reader may not
    see (its cell stays empty), as in the GraphQL answer."""
    for error in errors:
        if not error.path or len(error.path) == 1:
            extensions = dict(error.extensions or {})
            code = extensions.pop("code", ApiErrorCode.BAD_REQUEST)
            return ExportRefused(str(code), error.message, extensions)
    return None


def _variables(request: Request) -> dict[str, Any]:
    unknown = set(request.query_params) - _PARAMETERS
    if unknown:
        raise ExportRefused(
            ApiErrorCode.BAD_REQUEST,
            f"Unknown parameter `{sorted(unknown)[0]}`: use filter, orderBy.",
        )
    variables: dict[str, Any] = {}
    for name in (name for name in _VARIABLES if name in request.query_params):
        try:
            variables[name] = json.loads(request.query_params[name])
        except ValueError:
            raise ExportRefused(
                ApiErrorCode.BAD_REQUEST, f"`{name}` must be JSON, like the GraphQL variable."
            ) from None
    return variables


@dataclass
class ExportContext(Context):
    """The request's context, authenticated by the token of its ticket when it has one."""

    ticket_token: str | None = None

    def token(self) -> str | None:
        return self.ticket_token or super().token()


def _ticket_token(request: Request, settings: Settings) -> str | None:
    """The token of the request's ticket (None without one); refused when it is no valid
    ticket: a ticket never falls back to the header."""
    ticket = request.query_params.get("ticket")
    if ticket is None:
        return None
    try:
        token = open_ticket(settings.secret_key, ticket, now())
    except TicketExpired:
        raise ExportRefused(
            ApiErrorCode.UNAUTHENTICATED, "The export ticket has expired: ask for a new one."
        ) from None
    if token is None:
        raise ExportRefused(ApiErrorCode.UNAUTHENTICATED, "`ticket` is not a valid export ticket.")
    return token


class Exporter:
    """Runs one list's batches for one request."""

    def __init__(
        self,
        schema: strawberry.Schema,
        settings: Settings,
        exported: ExportedList,
        ticket_token: str | None,
    ) -> None:
        self.schema = schema
        self.settings = settings
        self.exported = exported
        self.ticket_token = ticket_token
        self.document = exported.document()
        self.authentication: asyncio.Task[Actor | None] | None = None

    async def batch(
        self, request: Request, variables: dict[str, Any], after: str | None
    ) -> tuple[list[dict[str, Any]], str | None]:
        """One batch of nodes and the cursor to continue from (None: that was the last)."""
        # A context per batch: its loaders cache rows, so one shared context would keep
        # every row of the export. The authentication is the first batch's: one per export.
        context = ExportContext(request, self.settings, ticket_token=self.ticket_token)
        if self.authentication is not None:
            context._authentication = self.authentication
        result = await self.schema.execute(
            self.document,
            variable_values={**variables, "after": after},
            context_value=context,
            operation_name="Export",
        )
        self.authentication = context._authentication
        refusal = _refusal(result.errors or [])
        if refusal is not None:
            raise refusal
        page = (result.data or {})["list"]
        info = page["pageInfo"]
        nodes = [edge["node"] for edge in page["edges"]]
        return nodes, info["endCursor"] if info["hasNextPage"] else None

    def lines(self, nodes: list[dict[str, Any]]) -> str:
        return "".join(
            csv_line([cell(node) for _, cell in self.exported.columns]) for node in nodes
        )

    async def stream(
        self,
        request: Request,
        variables: dict[str, Any],
        first: list[dict[str, Any]],
        after: str | None,
    ) -> AsyncIterator[bytes]:
        # A byte-order mark, so that spreadsheets read the file as UTF-8.
        yield ("\ufeff" + csv_line([name for name, _ in self.exported.columns])).encode()
        yield self.lines(first).encode()
        while after is not None:
            nodes, after = await self.batch(request, variables, after)
            yield self.lines(nodes).encode()


def export_endpoint(schema: strawberry.Schema, settings: Settings) -> Callable[..., Any]:
    async def export(request: Request) -> Response:
        name = request.path_params["list"]
        exported = EXPORTS.get(name)
        if exported is None:
            return error_response(
                404, f"No list `{name}` to export: {', '.join(EXPORTS)}.", ApiErrorCode.NOT_FOUND
            )
        try:
            variables = _variables(request)
            exporter = Exporter(schema, settings, exported, _ticket_token(request, settings))
            first, after = await exporter.batch(request, variables, None)
        except ExportRefused as refused:
            status = _STATUS_OF_CODE.get(refused.code, 400)
            return error_response(
                status, refused.message, refused.code, extensions=refused.extensions
            )
        return StreamingResponse(
            exporter.stream(request, variables, first, after),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="{name}.csv"',
                "Cache-Control": "no-store",
            },
        )

    return export
