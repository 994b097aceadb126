"""The User type: a login."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gql.schema.enums import UserStatus
from gql.schema.relay import Node, to_global_id
from models import User


@strawberry.type(name="User", description="A login: a person who signs in to the panel.")
class UserType(Node):
    email: str = strawberry.field(description="Email address, unique in any letter case.")
    first_name: str = strawberry.field(description="First name.")
    last_name: str = strawberry.field(description="Last name.")
    language: str = strawberry.field(description="Preferred language (BCP 47 tag).")
    status: UserStatus = strawberry.field(description="ACTIVE, or DISABLED (cannot log in).")
    created_at: datetime = strawberry.field(description="When the login was created.")

    @classmethod
    def from_model(cls, user: User) -> UserType:
        return cls(
            id=to_global_id("User", user.id),
            email=user.email,
            first_name=user.first_name,
            last_name=user.last_name,
            language=user.language,
            status=user.status,
            created_at=user.created_at,
        )
