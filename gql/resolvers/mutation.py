"""The root Mutation type: one field per operation, resolvers in the domain modules here."""

from __future__ import annotations

import strawberry

from gql.resolvers import auth, lifecycle
from gql.schema.auth import LoginPayload, LogoutPayload
from gql.schema.lifecycle import OrganizationsPayload


@strawberry.type
class Mutation:
    login: LoginPayload = strawberry.mutation(
        resolver=auth.login,
        description="Exchange email and password for a bearer token. Unknown email and wrong "
        "password give the same INVALID_CREDENTIALS answer.",
    )
    logout: LogoutPayload = strawberry.mutation(
        resolver=auth.logout, description="Revoke the token this request was made with."
    )

    activate_organizations: OrganizationsPayload = strawberry.mutation(
        resolver=lifecycle.activate,
        description="PENDING -> ACTIVE: its users may log in. Per-id results; dryRun checks only.",
    )
    suspend_organizations: OrganizationsPayload = strawberry.mutation(
        resolver=lifecycle.suspend,
        description="ACTIVE -> SUSPENDED: its users (and everything below it) cannot log in and "
        "their sessions and API keys stop at once; mailboxes keep receiving mail.",
    )
    reactivate_organizations: OrganizationsPayload = strawberry.mutation(
        resolver=lifecycle.reactivate,
        description="SUSPENDED -> ACTIVE. Organizations below it come back exactly as they were.",
    )
    delete_organizations: OrganizationsPayload = strawberry.mutation(
        resolver=lifecycle.delete,
        description="Soft delete: like suspend, plus websites and mailboxes off; restorable "
        "until purgeAfter (now + the retention period).",
    )
    restore_organizations: OrganizationsPayload = strawberry.mutation(
        resolver=lifecycle.restore,
        description="DELETED -> the status it had before the delete.",
    )
