"""Managing the users of an organization (SPEC §1, §5; the rules in domain/authority.py).

An organization's own OWNER/ADMIN and its owner chain manage its memberships (with the
`users` right); nobody below OWNER touches an OWNER; nobody raises their own role or grants
themselves rights. A login's credentials and identity (email, names, status, department)
are changed only by an actor with authority over every organization it belongs to, and an
existing login is never linked but invited (unless it is the actor's own). An organization
is never left without an OWNER, and nobody disables or removes themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.timezone import now
from tortoise.transactions import in_transaction

from domain import authority, scope, validation
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode, not_found
from domain.events import audit
from domain.hierarchy import external_ids, panel_settings
from domain.hierarchy.lifecycle import under_purge
from domain.hierarchy.status import require_live
from domain.jobs import outbox
from domain.people import directory, invitations, password_flows, welcome
from domain.people.access import ALL_ACCESS_RIGHTS
from domain.people.logins import validate_email
from domain.security import policy
from domain.security.passwords import generate_password, hash_password
from models import (
    ApiKey,
    Department,
    Invitation,
    Membership,
    Organization,
    OutboxEmail,
    SessionToken,
    User,
)
from models.enums import Role, UserStatus
from settings import Settings


def _rights(values: list[str] | None) -> list[str]:
    if values is None:
        return []
    unknown = sorted(set(values) - set(ALL_ACCESS_RIGHTS))
    if unknown:
        raise DomainError(
            ErrorCode.INVALID,
            f"Unknown access rights: {', '.join(unknown)}; known: {', '.join(ALL_ACCESS_RIGHTS)}.",
            ["accessRights"],
        )
    return sorted(set(values))


async def _organization(actor: Actor, organization_id: UUID) -> Organization:
    org = await scope.visible_organizations(actor).filter(id=organization_id).first()
    if org is None:
        raise not_found(["organizationId"], "organization")
    if not authority.administers(actor, org):
        raise authority.forbidden("You may not manage its users.", ["organizationId"])
    authority.require_right(actor, authority.USERS, ["organizationId"])
    return org


async def _department(org: Organization, department_id: UUID | None) -> Department | None:
    if department_id is None:
        return None
    department = await Department.get_or_none(id=department_id, organization=org)
    if department is None:
        raise not_found(["departmentId"], "department of this organization")
    return department


def _password(password: str, rules: policy.Policy) -> str:
    problems = rules.password_problems(password)
    if problems:
        raise DomainError(
            ErrorCode.WEAK_PASSWORD, "The password " + "; ".join(problems) + ".", ["password"]
        )
    return password


@dataclass(frozen=True)
class NewUser:
    organization_id: UUID
    email: str
    first_name: str = ""
    last_name: str = ""
    role: Role = Role.MEMBER
    access_rights: list[str] | None = None
    # None: the department's default language, else the organization's effective one.
    language: str | None = None
    department_id: UUID | None = None
    password: str | None = None
    # How a new login gets its password (an existing one keeps its own).
    credentials: welcome.Credentials = welcome.Credentials.SHOW_PASSWORD
    # A billing system's id and metadata for the membership (domain/hierarchy/external_ids.py).
    external_id: str | None = None
    metadata: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CreatedUser:
    """A new or linked login (`user`), or an invitation to an existing one (`user` None:
    the inviter learns nothing of that login)."""

    user: User | None
    generated_password: str | None
    emails: tuple[OutboxEmail, ...]
    invitation: Invitation | None = None


async def create(
    actor: Actor,
    spec: NewUser,
    *,
    bcrypt_rounds: int,
    defaults: policy.Policy | None = None,
    settings: Settings | None = None,
) -> CreatedUser:
    """A new login and its membership. An email that has a login already is invited (the
    actor's own login is linked: it consents by asking)."""
    org = await _organization(actor, spec.organization_id)
    rights = _rights(spec.access_rights)
    authority.check_grant(actor, org, spec.role, rights)
    with validation.AllFields() as fields:
        email = fields.check(validate_email, spec.email, ["email"])
        first = fields.check(validation.text, spec.first_name, ["firstName"], max_length=100)
        last = fields.check(validation.text, spec.last_name, ["lastName"], max_length=100)
        language = (
            fields.check(validation.language, spec.language, ["language"])
            if spec.language is not None
            else None
        )
        billing = _billing_columns(actor, org, spec.external_id, spec.metadata or None, fields)
    department = await _department(org, spec.department_id)
    welcome.check(spec.credentials, spec.password, ["credentials"])
    if spec.password is not None:
        authority.refuse_lasting_credentials(actor, "set passwords")
    await _refuse_taken_external_id(org, billing.get("external_id"))
    existing = await User.get_or_none(email=email)
    if existing is not None:
        return await _link_own_or_invite(actor, org, existing, spec.role, rights, billing)
    if language is None:
        language = await panel_settings.inherited_language(org, department)
    rules = await policy.effective(org, defaults)
    generated = (
        generate_password(max(20, rules.min_password_length)) if spec.password is None else None
    )
    password = _password(spec.password or generated or "", rules)
    password_hash = await hash_password(password, bcrypt_rounds)
    # An impersonation creates no credential that outlives it: the new login is told by
    # email and sets its password through "Forgot password" (or its welcome link). With
    # the link alone the generated password is shown to nobody: the login chooses one.
    hidden = actor.impersonator is not None or not spec.credentials.shows_password
    try:
        async with in_transaction("default"):
            await require_live(org, ["organizationId"], "The organization")
            user = await User.create(
                email=email,
                password_hash=password_hash,
                first_name=first,
                last_name=last,
                language=language,
                department=department,
            )
            await Membership.create(
                user=user, organization=org, role=spec.role, access_rights=rights, **billing
            )
            if spec.credentials.emails_link:
                assert settings is not None, "a set-password link needs the settings"
                welcomed = await password_flows.welcome_email(
                    user,
                    org,
                    actor.user,
                    settings,
                    password_told=spec.password is not None or not hidden,
                )
            else:
                welcomed = await outbox.queue(
                    "welcome",
                    email,
                    f"Your {org.name} login",
                    f"A login for {org.name} was created for {email}.\n",
                )
            await audit.record(
                actor,
                "user.create",
                org,
                target_type="User",
                target_id=user.id,
                target_name=email,
                summary={"role": spec.role},
            )
    except IntegrityError:
        # A concurrent create took the email, or the external id (the unique index decided).
        await _refuse_taken_external_id(org, billing.get("external_id"))
        raise DomainError(
            ErrorCode.EMAIL_TAKEN, "This email already has a login.", ["email"]
        ) from None
    return CreatedUser(user, None if hidden else generated, (welcomed,))


def _billing_columns(
    actor: Actor,
    org: Organization,
    external_id: str | None,
    metadata: tuple[tuple[str, str], ...] | None,
    fields: validation.AllFields,
    *,
    clear_external_id: bool = False,
) -> dict[str, Any]:
    """The membership's external id and metadata columns to write (only those given, None
    leaving one as it is), for an actor that bills the organization
    (authority.may_set_external_ids), else FORBIDDEN."""
    given = [
        name
        for name, is_given in (
            ("externalId", external_id is not None or clear_external_id),
            ("metadata", metadata is not None),
        )
        if is_given
    ]
    if given and not authority.may_set_external_ids(actor, org):
        raise authority.forbidden(
            "Only the organizations above it (who bill it) set its members' external ids "
            "and metadata.",
            given[:1],
        )
    columns: dict[str, Any] = {}
    if external_id is not None:
        columns["external_id"] = fields.check(external_ids.external_id, external_id, ["externalId"])
    elif clear_external_id:
        columns["external_id"] = None
    if metadata is not None:
        columns["metadata"] = fields.check(external_ids.metadata, metadata, ["metadata"])
    return columns


async def _refuse_taken_external_id(
    org: Organization, external_id: str | None, exclude: UUID | None = None
) -> None:
    """DUPLICATE when another membership of the organization has this external id."""
    if external_id is None:
        return
    taken = Membership.filter(organization_id=org.id, external_id=external_id)
    if exclude is not None:
        taken = taken.exclude(id=exclude)
    if await taken.exists():
        raise external_ids.duplicate(["externalId"], "the organization's users")


async def _link_own_or_invite(
    actor: Actor,
    org: Organization,
    user: User,
    role: Role,
    rights: list[str],
    billing: dict[str, Any],
) -> CreatedUser:
    if await Membership.filter(user_id=user.id, organization_id=org.id).exists():
        raise DomainError(
            ErrorCode.EMAIL_TAKEN,
            "This login is a member of the organization already.",
            ["email"],
        )
    if (billing.get("external_id") or billing.get("metadata")) and not authority.is_own_login(
        actor, user
    ):
        # An invitation has nowhere to keep them until it is accepted.
        raise DomainError(
            ErrorCode.INVALID_STATE,
            "This email has a login already, which is invited rather than added: set "
            "its external id and metadata with updateUser once it has accepted.",
            ["externalId" if billing.get("external_id") else "metadata"],
        )
    if not authority.is_own_login(actor, user):
        async with in_transaction("default"):
            await require_live(org, ["organizationId"], "The organization")
            invitation, email = await invitations.offer(actor, org, user, role, rights)
        return CreatedUser(None, None, (email,), invitation)
    try:
        async with in_transaction("default"):
            await require_live(org, ["organizationId"], "The organization")
            await Membership.create(
                user=user, organization=org, role=role, access_rights=rights, **billing
            )
            await audit.record(
                actor,
                "user.link",
                org,
                target_type="User",
                target_id=user.id,
                target_name=user.email,
                summary={"role": role},
            )
    except IntegrityError:  # a concurrent link won, or took the external id
        await _refuse_taken_external_id(org, billing.get("external_id"))
        raise DomainError(
            ErrorCode.EMAIL_TAKEN,
            "This login is a member of the organization already.",
            ["email"],
        ) from None
    return CreatedUser(user, None, ())


KEEP: Any = panel_settings.UNSET  # for the settings, where None means "inherit"


@dataclass(frozen=True)
class UserChanges:
    """None leaves a field as it is (but the settings: KEEP does, None inherits). Role and
    rights concern the membership in `organization_id` (or the user's only visible
    membership). `properties` maps directory keys to a value, or None to remove one."""

    organization_id: UUID | None = None
    first_name: str | None = None
    last_name: str | None = None
    language: str | None = None
    email: str | None = None
    status: UserStatus | None = None
    department_id: UUID | None = None
    clear_department: bool = False
    role: Role | None = None
    access_rights: list[str] | None = None
    # The membership's external id (clear_external_id removes it) and metadata.
    external_id: str | None = None
    clear_external_id: bool = False
    metadata: tuple[tuple[str, str], ...] | None = None

    @property
    def touches_billing(self) -> bool:
        return self.external_id is not None or self.clear_external_id or self.metadata is not None

    bounce_processing: bool | None = KEEP
    message_disclaimer: str | None = KEEP
    properties: dict[str, str | None] | None = None

    @property
    def administrative_fields(self) -> list[str]:
        """The API names of the fields given that only administrators change: everything
        but names, language, message disclaimer, display name and phone numbers."""
        given = [
            ("externalId", self.external_id is not None or self.clear_external_id),
            ("metadata", self.metadata is not None),
            ("bounceProcessing", self.bounce_processing is not KEEP),
            ("email", self.email is not None),
            ("status", self.status is not None),
            ("departmentId", self.department_id is not None or self.clear_department),
            ("role", self.role is not None),
            ("accessRights", self.access_rights is not None),
        ]
        fields = [name for name, is_given in given if is_given]
        fields += [
            f"properties.{name}"
            for name in sorted(set(self.properties or ()) - directory.SELF_EDITABLE)
        ]
        return fields

    @property
    def profile_only(self) -> bool:
        """Only what everyone changes of its own login."""
        return not self.administrative_fields


_SETTING_PATHS = {
    "bounce_processing": ["bounceProcessing"],
    "message_disclaimer": ["messageDisclaimer"],
}


async def _membership(actor: Actor, user: User, organization_id: UUID | None) -> Membership:
    memberships = scope.visible_memberships(actor).filter(user=user).select_related("organization")
    if organization_id is not None:
        memberships = memberships.filter(organization_id=organization_id)
    found = await memberships
    if organization_id is None and len(found) > 1:
        raise DomainError(
            ErrorCode.INVALID,
            "The user belongs to several organizations: name one.",
            ["organizationId"],
        )
    if not found:
        raise not_found(["organizationId"], "membership")
    return found[0]


async def _revoke_keys_of(user: User, org: Organization) -> None:
    """The API keys a login made for an organization it no longer manages stop working:
    they would carry its authority on after it lost it."""
    await ApiKey.filter(
        created_by_id=user.id, organization_id=org.id, revoked_at__isnull=True
    ).update(revoked_at=now())


async def _last_owner(membership: Membership) -> bool:
    """Whether this is the only OWNER membership of its organization."""
    if membership.role != Role.OWNER:
        return False
    owners = Membership.filter(organization_id=membership.organization.id, role=Role.OWNER)
    return not await owners.exclude(id=membership.id).exists()


def _is_self(actor: Actor, user: User) -> bool:
    """The actor is this login, acting as itself (an impersonation acts for someone else)."""
    return actor.user is not None and actor.user.id == user.id and actor.impersonator is None


async def _check_update(
    actor: Actor, user: User, membership: Membership, changes: UserChanges
) -> None:
    """The authority table's updateUser rows: see domain/authority.py."""
    org = membership.organization
    myself = _is_self(actor, user)
    if myself and changes.profile_only:
        return  # everyone edits its own names, language, disclaimer and contact card
    if not authority.administers(actor, org):
        if myself:
            # Its own login, but a field only its administrators change: say which.
            fields = changes.administrative_fields
            raise authority.forbidden(
                f"Only your administrators change {', '.join(fields)}; your own profile "
                "is your names, language, message disclaimer, display name and phones.",
                fields[0].split("."),
            )
        raise authority.forbidden("You may change only your own profile.", ["id"])
    authority.require_right(actor, authority.USERS, ["id"])
    if not authority.may_touch_member(actor, org, Role(membership.role)):
        raise authority.forbidden("Only its owners (or those above) change an owner.", ["id"])
    # The department is the login's too: its IP ranges bind the login wherever it works.
    touches_login = (
        any(
            value is not None
            for value in (
                changes.first_name,
                changes.last_name,
                changes.language,
                changes.email,
                changes.status,
                changes.department_id,
                changes.properties,
            )
        )
        or changes.clear_department
        or changes.bounce_processing is not KEEP
        or changes.message_disclaimer is not KEEP
    )
    if touches_login and not myself:
        await authority.require_authority_over_login(actor, user, ["id"])
    if myself:
        authority.check_own_membership_change(
            actor,
            Role(membership.role),
            changes.role,
            membership.access_rights,
            changes.access_rights,
        )
    if changes.role is not None and changes.role != membership.role:
        authority.check_grant(actor, org, changes.role, ())
    if changes.access_rights is not None:
        added = set(changes.access_rights) - set(membership.access_rights)
        authority.check_grant(actor, org, changes.role or Role(membership.role), added)


async def update(
    actor: Actor, user_id: UUID, changes: UserChanges
) -> tuple[User, tuple[OutboxEmail, ...]]:
    user = await scope.visible_users(actor).filter(id=user_id).first()
    if user is None:
        raise not_found(["id"], "user")
    myself = _is_self(actor, user)
    membership = await _membership(actor, user, changes.organization_id)
    org = membership.organization
    await _check_update(actor, user, membership, changes)
    values = _checked_profile_values(user, changes)
    values.update(await _checked_login_state(myself, org, changes))
    member_values = await _checked_membership_values(actor, membership, changes)
    emails: list[OutboxEmail] = []
    try:
        async with in_transaction("default"):
            if values:
                await User.filter(id=user.id).update(**values)
            if member_values:
                await Membership.filter(id=membership.id).update(**member_values)
            if member_values.get("role") == Role.MEMBER:
                await _revoke_keys_of(user, org)
            if values.get("status") == UserStatus.DISABLED:
                await _end_access_of_disabled(user)
            if "email" in values and values["email"] != user.email:
                emails += await _end_links_to_old_email(user, values["email"], myself)
            if values or member_values:
                await audit.record(
                    actor,
                    "user.update",
                    org,
                    target_type="User",
                    target_id=user.id,
                    target_name=values.get("email", user.email),
                    summary={"changed": sorted([*values, *member_values])},
                )
    except IntegrityError:
        # A concurrent write took the email, or the external id (the unique index decided).
        await _refuse_taken_external_id(org, member_values.get("external_id"), membership.id)
        raise DomainError(
            ErrorCode.EMAIL_TAKEN, "This email already has a login.", ["email"]
        ) from None
    return await User.get(id=user.id), tuple(emails)


def _checked_profile_values(user: User, changes: UserChanges) -> dict[str, Any]:
    """The login's given text fields as columns, validated; InvalidFields naming each at
    fault."""
    values: dict[str, Any] = {}
    with validation.AllFields() as fields:
        if changes.first_name is not None:
            values["first_name"] = fields.check(
                validation.text, changes.first_name, ["firstName"], max_length=100
            )
        if changes.last_name is not None:
            values["last_name"] = fields.check(
                validation.text, changes.last_name, ["lastName"], max_length=100
            )
        if changes.language is not None:
            values["language"] = fields.check(validation.language, changes.language, ["language"])
        if changes.email is not None:
            values["email"] = fields.check(validate_email, changes.email, ["email"])
        settings = {
            "bounce_processing": changes.bounce_processing,
            "message_disclaimer": changes.message_disclaimer,
        }
        values.update(fields.check(panel_settings.checked, settings, _SETTING_PATHS) or {})
        if changes.properties is not None:
            values["properties"] = fields.check(
                directory.merged, user.properties, changes.properties, ["properties"]
            )
    return values


async def _checked_login_state(
    myself: bool, org: Organization, changes: UserChanges
) -> dict[str, Any]:
    """The login's status and department, as columns."""
    values: dict[str, Any] = {}
    if changes.status is not None:
        if myself and changes.status == UserStatus.DISABLED:
            raise DomainError(ErrorCode.INVALID, "You cannot disable yourself.", ["status"])
        values["status"] = changes.status
    if changes.clear_department:
        values["department_id"] = None
    elif changes.department_id is not None:
        values["department_id"] = (await _department(org, changes.department_id)).id  # type: ignore[union-attr]
    return values


async def _checked_membership_values(
    actor: Actor, membership: Membership, changes: UserChanges
) -> dict[str, Any]:
    """The membership's changed columns: external id and metadata, role, rights. An
    organization keeps at least one OWNER."""
    org = membership.organization
    member_values: dict[str, Any] = {}
    if changes.touches_billing:
        with validation.AllFields() as fields:
            member_values.update(
                _billing_columns(
                    actor,
                    org,
                    changes.external_id,
                    changes.metadata,
                    fields,
                    clear_external_id=changes.clear_external_id,
                )
            )
        member_values = {k: v for k, v in member_values.items() if getattr(membership, k) != v}
        await _refuse_taken_external_id(
            org, member_values.get("external_id"), exclude=membership.id
        )
    if changes.role is not None and changes.role != membership.role:
        if await _last_owner(membership):
            raise DomainError(
                ErrorCode.INVALID_STATE, "An organization keeps at least one owner.", ["role"]
            )
        member_values["role"] = changes.role
    if changes.access_rights is not None:
        member_values["access_rights"] = _rights(changes.access_rights)
    return member_values


async def _end_access_of_disabled(user: User) -> None:
    """A disabled login's sessions (its own and those it impersonates in), reset links and
    API keys end with it."""
    await SessionToken.filter(user=user).delete()
    await SessionToken.filter(impersonator_id=user.id).delete()
    await password_flows.end_reset_links(user)
    # Keys it made stop with it: they would carry its authority on.
    await ApiKey.filter(created_by_id=user.id, revoked_at__isnull=True).update(revoked_at=now())


async def _end_links_to_old_email(user: User, new_email: str, myself: bool) -> list[OutboxEmail]:
    """What a changed email ends, and the notices of the change (unless the login changed
    its own)."""
    # Its reset and welcome links went to the old address (perhaps a mistyped one, a
    # stranger's): none of them may set the password of the new one.
    await password_flows.end_reset_links(user)
    if myself:
        return []
    # Its invitations were sent to the old address: whoever changed it must not receive
    # them again by asking for a new one.
    await Invitation.filter(user_id=user.id).delete()
    # Told at both addresses: a silent change locks people out.
    return [
        await outbox.queue(
            "email-changed",
            address,
            "Your login email was changed",
            f"The login {user.email} is now {new_email}. If you did not ask "
            "for this, contact your administrator.\n",
        )
        for address in (user.email, new_email)
    ]


async def _refuse_leaving_only_purged(user: User, leaving: Membership) -> None:
    """INVALID_STATE when every other membership of the user is under a purge under way:
    that purge may have decided already to keep the login (it had this membership), and
    would then leave it with no membership at all. After the purge it can be removed."""
    others = (
        await Membership.filter(user=user).exclude(id=leaving.id).select_related("organization")
    )
    if others and all([await under_purge(m.organization) for m in others]):
        raise DomainError(
            ErrorCode.INVALID_STATE,
            "The user's other organizations are being purged: remove it once the purge "
            "has finished.",
            ["id"],
        )


async def remove(actor: Actor, user_id: UUID, organization_id: UUID | None) -> UUID:
    """Remove a user from an organization; a user left without any membership is deleted."""
    user = await scope.visible_users(actor).filter(id=user_id).first()
    if user is None:
        raise not_found(["id"], "user")
    membership = await _membership(actor, user, organization_id)
    if not authority.administers(actor, membership.organization):
        raise authority.forbidden("You may not remove this user.", ["id"])
    authority.require_right(actor, authority.USERS, ["id"])
    if not authority.may_touch_member(actor, membership.organization, Role(membership.role)):
        raise authority.forbidden("Only its owners (or those above) remove an owner.", ["id"])
    if actor.user is not None and actor.user.id == user.id:
        raise DomainError(ErrorCode.INVALID, "You cannot remove yourself.", ["id"])
    if await _last_owner(membership):
        raise DomainError(
            ErrorCode.INVALID_STATE, "An organization keeps at least one owner.", ["id"]
        )
    await _refuse_leaving_only_purged(user, membership)
    async with in_transaction("default"):
        await SessionToken.filter(membership=membership).delete()
        await _revoke_keys_of(user, membership.organization)
        await membership.delete()
        if not await Membership.filter(user=user).exists():
            await user.delete()
        await audit.record(
            actor,
            "user.remove",
            membership.organization,
            target_type="User",
            target_id=user.id,
            target_name=user.email,
        )
    return user.id
