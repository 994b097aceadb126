"""The root Mutation type: one field per operation, resolvers in the domain modules here."""

from __future__ import annotations

import strawberry

from gql.resolvers import auth
from gql.schema.auth import LoginPayload, LogoutPayload


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
