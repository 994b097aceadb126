"""The root Query type, merged from one class per domain."""

from __future__ import annotations

import strawberry
from strawberry.tools import merge_types

from gql.resolvers.api_keys import ApiKeyQuery
from gql.resolvers.audit_events import AuditEventQuery
from gql.resolvers.departments import DepartmentQuery
from gql.resolvers.email_templates import EmailTemplateQuery
from gql.resolvers.events import EventQueryFields
from gql.resolvers.exports import ExportQuery
from gql.resolvers.jobs import JobQuery
from gql.resolvers.node import NodeQuery
from gql.resolvers.organizations import OrganizationQuery
from gql.resolvers.plans import PlanQuery
from gql.resolvers.services import ServiceQuery
from gql.resolvers.users import UserQuery
from gql.resolvers.webhook_deliveries import WebhookDeliveryQuery
from gql.resolvers.webhook_endpoints import WebhookEndpointQuery

Query = merge_types(
    "Query",
    (
        NodeQuery,
        OrganizationQuery,
        UserQuery,
        DepartmentQuery,
        PlanQuery,
        AuditEventQuery,
        JobQuery,
        ApiKeyQuery,
        EmailTemplateQuery,
        ExportQuery,
        ServiceQuery,
        WebhookEndpointQuery,
        EventQueryFields,
        WebhookDeliveryQuery,
    ),
)
# merge_types takes no description: the merged type is declared once more with one.
Query = strawberry.type(
    Query,
    description="Every read, of what the viewer may see: lists are connections paged with "
    "first/after or last/before, and an id outside the viewer's sight answers as one that "
    "does not exist.",
)
