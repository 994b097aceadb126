"""Builds the Strawberry schema; `tenantry export-schema` prints it as `schema.graphql`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext
from strawberry.utils.logging import StrawberryLogger

from db_routing import Replicas
from gql.errors import expected_code
from gql.extensions import schema_extensions
from gql.fastpath import wiring
from gql.resolvers.mutation import Mutation
from gql.resolvers.query import Query
from gql.resolvers.subscription import Subscription
from gql.scalars import JSON, DateTime
from gql.schema.api_keys import ApiKeyType
from gql.schema.audit import AuditEventType
from gql.schema.department import DepartmentType
from gql.schema.jobs import DeletionJobType
from gql.schema.note import NoteType
from gql.schema.organization import OrganizationType
from gql.schema.plan import PlanType
from gql.schema.service import ServiceType
from gql.schema.user import UserType


class TenantrySchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Log only what we did not raise on purpose: client mistakes are not server errors.
        for error in errors:
            if expected_code(error) is None:
                StrawberryLogger.error(error, execution_context)


def build_schema(
    production: bool = False, fast_path: bool = True, replicas: Replicas | None = None
) -> strawberry.Schema:
    """The API schema; production disables introspection and "did you mean" suggestions,
    `fast_path=False` executes it the stock Strawberry way (gql/fastpath/), `replicas`
    lets queries read from read replicas (db_routing.py)."""
    config: Any = StrawberryConfig(disable_field_suggestions=production)
    schema = TenantrySchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[
            ApiKeyType,
            AuditEventType,
            DeletionJobType,
            DepartmentType,
            NoteType,
            OrganizationType,
            PlanType,
            ServiceType,
            UserType,
        ],
        extensions=schema_extensions(production, replicas),
        execution_context_class=wiring.execution_context_class(fast_path),
        config=config,
        scalar_overrides={datetime: DateTime, strawberry.scalars.JSON: JSON},
    )
    wiring.attach(schema, fast_path)
    return schema


def export_sdl() -> str:
    return build_schema(production=False).as_str() + "\n"
