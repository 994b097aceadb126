"""The User type: a login, and its memberships."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated
from uuid import UUID

import strawberry

from domain.batches import UserRow
from domain.security import sessions, two_factor
from gql.context import Context
from gql.fastpath.direct import direct
from gql.fastpath.loaders import value_or_awaitable
from gql.permissions import CanManageSessions, CanSeeLoginActivity, guarded
from gql.schema.department import DepartmentType
from gql.schema.enums import Role, UserStatus
from gql.schema.external_ids import (
    EXTERNAL_ID_DESCRIPTION,
    METADATA_DESCRIPTION,
    MetadataEntry,
    entries,
)
from gql.schema.panel_settings import EffectiveSettings, effective_for
from gql.schema.relay import Node, to_global_id
from gql.schema.session import SessionType
from models import Membership, User

if TYPE_CHECKING:
    from gql.schema.organization import OrganizationType

Info = strawberry.Info[Context, None]
_LOGIN_ACTIVITY = guarded(CanSeeLoginActivity())
_SESSIONS = guarded(CanManageSessions())


@strawberry.type(name="Membership", description="A user's role in one organization.")
class MembershipType:
    role: Role = strawberry.field(description="OWNER, ADMIN or MEMBER.")
    access_rights: list[str] = strawberry.field(description="Screens the member may use.")
    external_id: str | None = strawberry.field(description=EXTERNAL_ID_DESCRIPTION)
    metadata: list[MetadataEntry] = strawberry.field(description=METADATA_DESCRIPTION)
    organization_pk: strawberry.Private[UUID]

    @strawberry.field(description="Where the login holds this role and these rights.")
    @direct
    def organization(
        self, info: Info
    ) -> Annotated[OrganizationType, strawberry.lazy("gql.schema.organization")] | None:
        from gql.schema.organization import OrganizationType

        return value_or_awaitable(  # type: ignore[no-any-return]
            info.context.loaders.organization_by_id.load(self.organization_pk),
            lambda org: OrganizationType.from_model(org) if org else None,
        )


@strawberry.type(
    description="A login's directory properties (the address book's card); null: not set."
)
class UserProperties:
    display_name: str | None = strawberry.field(description="Name shown in the address book.")
    job_title: str | None = strawberry.field(description="Job title (set by administrators).")
    office: str | None = strawberry.field(description="Office or room (set by administrators).")
    phone: str | None = strawberry.field(description="Phone number.")
    mobile: str | None = strawberry.field(description="Mobile phone number.")

    @classmethod
    def from_json(cls, properties: dict[str, str]) -> UserProperties:
        return cls(
            display_name=properties.get("displayName"),
            job_title=properties.get("jobTitle"),
            office=properties.get("office"),
            phone=properties.get("phone"),
            mobile=properties.get("mobile"),
        )


@strawberry.type(description="A login's two-factor setup (never its secret or codes).")
class TwoFactorStatus:
    enabled: bool = strawberry.field(description="Logins need an authenticator's code.")
    enabled_at: datetime | None = strawberry.field(
        description="When its authenticator was confirmed; null while two-factor is off."
    )
    recovery_codes_left: int = strawberry.field(description="Unused recovery codes.")


@strawberry.type(name="User", description="A login: a person who signs in to the panel.")
class UserType(Node):
    email: str = strawberry.field(description="Email address, unique in any letter case.")
    first_name: str = strawberry.field(description="Given name (may be empty).")
    last_name: str = strawberry.field(
        description="Family name (may be empty); orderBy NAME sorts by it first."
    )
    language: str = strawberry.field(description="Preferred language (BCP 47 tag).")
    status: UserStatus = strawberry.field(description="ACTIVE, or DISABLED (cannot log in).")
    created_at: datetime = strawberry.field(description="When the login was created.")
    bounce_processing: bool | None = strawberry.field(
        description="Its own choice whether bounced mail is processed; null inherits."
    )
    message_disclaimer: str | None = strawberry.field(
        description="Its own text added to outgoing messages; null inherits."
    )
    properties: UserProperties = strawberry.field(
        description="Its card in the address book: display name, job title, office, phones."
    )
    pk: strawberry.Private[UUID]
    department_id: strawberry.Private[UUID | None]
    login: strawberry.Private[tuple[datetime | None, str | None, int]]

    @classmethod
    def from_model(cls, user: User | UserRow) -> UserType:
        return cls(
            id=to_global_id("User", user.id),
            email=user.email,
            first_name=user.first_name,
            last_name=user.last_name,
            language=user.language,
            status=user.status,
            created_at=user.created_at,
            bounce_processing=user.bounce_processing,
            message_disclaimer=user.message_disclaimer,
            properties=UserProperties.from_json(user.properties or {}),
            pk=user.id,
            department_id=user.department_id,
            login=(user.last_login_at, user.last_login_ip, user.failed_login_count),
        )

    @strawberry.field(
        description="When this user last logged in. Organization admins and owner chain only.",
        extensions=_LOGIN_ACTIVITY,
    )
    @direct
    def last_login_at(self) -> datetime | None:
        return self.login[0]

    @strawberry.field(
        description="From which address this user last logged in. Organization admins and "
        "owner chain only.",
        extensions=_LOGIN_ACTIVITY,
    )
    @direct
    def last_login_ip(self) -> str | None:
        return self.login[1]

    @strawberry.field(
        description="Failed logins since the last successful one. Organization admins and "
        "owner chain only.",
        extensions=_LOGIN_ACTIVITY,
    )
    @direct
    def failed_login_count(self) -> int | None:
        return self.login[2]

    @strawberry.field(
        description="The login's working sessions, newest first. The login itself, and "
        "those with authority over every organization it is in (with `users`), only.",
        extensions=_SESSIONS,
    )
    async def sessions(self, info: Info) -> list[SessionType] | None:
        viewer = await info.context.viewer()
        return [
            SessionType.from_model(sessions.as_seen_by(viewer, session), viewer.session_id)
            for session in await sessions.active_sessions(self.pk)
        ]

    @strawberry.field(
        description="Whether the login signs in with a second factor, and how many recovery "
        "codes it has left (null: none). Same readers as `sessions`.",
        extensions=_SESSIONS,
    )
    async def two_factor(self) -> TwoFactorStatus | None:
        state = await two_factor.status(self.pk)
        return TwoFactorStatus(
            enabled=state.enabled_at is not None,
            enabled_at=state.enabled_at,
            recovery_codes_left=state.recovery_codes_left,
        )

    @strawberry.field(description="The department this user belongs to, if any.")
    @direct
    def department(self, info: Info) -> DepartmentType | None:
        if self.department_id is None:
            return None
        return value_or_awaitable(  # type: ignore[no-any-return]
            info.context.loaders.department_by_id.load(self.department_id),
            lambda department: DepartmentType.from_model(department) if department else None,
        )

    @strawberry.field(
        description="The settings in force for this login: its own, else its department's, "
        "else those of its organization (its department's, or its first membership the "
        "caller sees) and the organizations above, else the platform's defaults."
    )
    async def effective_settings(self, info: Info) -> EffectiveSettings:
        loaders = info.context.loaders
        department = None
        organization_id: UUID | None
        if self.department_id is not None:
            department = await loaders.department_by_id.load(self.department_id)
        if department is not None:
            organization_id = department.organization_id
        else:
            memberships = await loaders.memberships_by_user.load(self.pk)
            organization_id = memberships[0].organization_id if memberships else None
        organization = None
        if organization_id is not None:
            organization = await loaders.organization_by_id.load(organization_id)
        return await effective_for(info, organization, department, self)

    @strawberry.field(description="The user's memberships the caller may see.")
    @direct
    def memberships(self, info: Info) -> list[MembershipType]:
        return value_or_awaitable(  # type: ignore[no-any-return]
            info.context.loaders.memberships_by_user.load(self.pk), _membership_types
        )


def _membership_types(memberships: list[Membership]) -> list[MembershipType]:
    return [
        MembershipType(
            role=m.role,
            access_rights=list(m.access_rights),
            external_id=m.external_id,
            metadata=entries(m.metadata),
            organization_pk=m.organization_id,
        )
        for m in memberships
    ]
