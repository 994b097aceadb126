"""Creating and editing organizations, with their materialized ancestry."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, NamedTuple
from uuid import UUID, uuid4

from tortoise.exceptions import IntegrityError
from tortoise.timezone import now
from tortoise.transactions import in_transaction

from domain import authority, idempotency, scope, validation
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode, not_found
from domain.events import audit
from domain.hierarchy import expiry, external_ids, panel_settings
from domain.hierarchy.status import require_live
from domain.jobs import outbox
from domain.people import invitations, password_flows, welcome
from domain.people.access import ALL_ACCESS_RIGHTS
from domain.people.logins import normalize_email, validate_email
from domain.security import policy
from domain.security.passwords import generate_password, hash_password
from models import Invitation, Membership, Note, Organization, OutboxEmail, User
from models.enums import OrganizationKind, OrganizationStatus, Role
from settings import Settings

MAX_RESELLER_DEPTH = 3  # levels of resellers below the Master


async def new_organization(
    kind: OrganizationKind,
    name: str,
    owner: Organization | None,
    *,
    status: OrganizationStatus = OrganizationStatus.ACTIVE,
    **columns: Any,
) -> Organization:
    """Insert an organization under `owner`, computing its path and depth."""
    organization_id = uuid4()
    path = (owner.path if owner else "") + organization_id.hex + "/"
    return await Organization.create(
        id=organization_id,
        kind=kind,
        name=name,
        owner=owner,
        path=path,
        depth=owner.depth + 1 if owner else 0,
        status=status,
        activated_at=now() if status == OrganizationStatus.ACTIVE else None,
        **columns,
    )


@dataclass(frozen=True)
class Contact:
    email: str = ""
    phone: str = ""
    address_line1: str = ""
    address_line2: str = ""
    city: str = ""
    postal_code: str = ""
    country: str = ""

    def columns(self, prefix: list[str], fields: validation.AllFields) -> dict[str, str]:
        """Validated model columns, errors naming `prefix + [field]` (into `fields`)."""
        text = validation.text
        return {
            "contact_email": fields.check(
                validation.optional_email, self.email, [*prefix, "email"]
            ),
            "contact_phone": fields.check(text, self.phone, [*prefix, "phone"], max_length=40),
            "address_line1": fields.check(
                text, self.address_line1, [*prefix, "addressLine1"], max_length=200
            ),
            "address_line2": fields.check(
                text, self.address_line2, [*prefix, "addressLine2"], max_length=200
            ),
            "city": fields.check(text, self.city, [*prefix, "city"], max_length=100),
            "postal_code": fields.check(
                text, self.postal_code, [*prefix, "postalCode"], max_length=20
            ),
            "country": fields.check(validation.country, self.country, [*prefix, "country"]),
        }


@dataclass(frozen=True)
class OwnerLogin:
    email: str
    first_name: str = ""
    last_name: str = ""
    password: str | None = None
    # How a new login gets its password (an existing one keeps its own).
    credentials: welcome.Credentials = welcome.Credentials.SHOW_PASSWORD


@dataclass(frozen=True)
class NewOrganization:
    kind: OrganizationKind
    name: str
    owner: OwnerLogin
    company: str = ""
    contact: Contact = field(default_factory=Contact)
    owner_id: UUID | None = None
    plan_id: UUID | None = None
    activate: bool = True
    note: str | None = None
    idempotency_key: str | None = None
    expires_at: datetime | None = None  # the account's end date (domain/hierarchy/expiry.py)
    # A billing system's id and metadata for it (domain/hierarchy/external_ids.py).
    external_id: str | None = None
    metadata: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Created:
    organization: Organization
    # None when the owner's existing login was invited rather than linked (`invitation`).
    owner: User | None
    generated_password: str | None = None
    # The plan part refused (no `plans` right); everything else was created.
    plan_error: DomainError | None = None
    repeated: bool = False
    # Outbox rows written with it: send them once the create has committed.
    emails: tuple[OutboxEmail, ...] = ()
    invitation: Invitation | None = None


async def _parent(actor: Actor, spec: NewOrganization) -> Organization:
    """Where the new organization goes: `ownerId` for administrators, else the actor's own."""
    if spec.owner_id is None:
        return actor.organization
    if not actor.is_administrator:
        raise DomainError(ErrorCode.FORBIDDEN, "Only administrators choose the owner.", ["ownerId"])
    parent = await scope.visible_organizations(actor).filter(id=spec.owner_id).first()
    if parent is None:
        raise not_found(["ownerId"], "organization")
    return parent


def _check_parent(parent: Organization, kind: OrganizationKind) -> None:
    if parent.kind == OrganizationKind.CUSTOMER:
        raise DomainError(ErrorCode.INVALID, "A customer cannot own organizations.", ["ownerId"])
    if parent.status == OrganizationStatus.DELETED:
        raise DomainError(ErrorCode.INVALID_STATE, "The owner is deleted.", ["ownerId"])
    if kind == OrganizationKind.RESELLER and parent.depth >= MAX_RESELLER_DEPTH:
        raise DomainError(
            ErrorCode.INVALID,
            f"Resellers nest at most {MAX_RESELLER_DEPTH} levels deep.",
            ["ownerId"],
        )


async def _plan(
    actor: Actor, plan_id: UUID | None, parent: Organization
) -> tuple[UUID | None, DomainError | None]:
    """The plan to assign, or why the plan part is refused (the rest still goes ahead)."""
    if plan_id is None:
        return None, None
    if not actor.has_right("plans"):
        return None, DomainError(
            ErrorCode.FORBIDDEN, "Setting a plan needs the `plans` access right.", ["planId"]
        )
    plan = await scope.visible_plans(actor).filter(id=plan_id, owner_id=parent.id).first()
    if plan is None:
        raise not_found(["planId"], "plan its owner sells (plans(ownerId: …) lists them)")
    return plan.id, None


async def _owner_login(
    spec: OwnerLogin, bcrypt_rounds: int, rules: policy.Policy
) -> tuple[User | None, str | None, str | None]:
    """(existing user, password hash, generated password). An existing login is linked."""
    email = validate_email(spec.email, ["owner", "email"])
    existing = await User.get_or_none(email=email)
    if existing is not None:
        return existing, None, None
    generated = (
        generate_password(max(20, rules.min_password_length)) if spec.password is None else None
    )
    password = spec.password if spec.password is not None else generated or ""
    problems = rules.password_problems(password)
    if problems:
        raise DomainError(
            ErrorCode.WEAK_PASSWORD,
            "The password " + "; ".join(problems) + ".",
            ["owner", "password"],
        )
    return None, await hash_password(password, bcrypt_rounds), generated


# Extra work inside the create's transaction (copyCustomer copies plan, departments, ...).
AlsoInTransaction = Callable[[Organization], Awaitable[None]]


async def create(
    actor: Actor,
    spec: NewOrganization,
    *,
    settings: Settings,
) -> Created:
    """Create a customer or reseller with its OWNER login (linked when the email exists).

    Raises DomainError for invalid input; a plan the actor may not set is reported in
    `plan_error` while the organization is still created (Admin Center behaviour).
    The settings' secret key keys the fingerprint of an idempotent request.
    """
    scope.require_organization_manager(actor)
    operation = f"create:{spec.kind.lower()}"
    # Every field at once, the key among them, before the key recalls an earlier request.
    key = _checked_fields(spec).key
    fingerprint = idempotency.fingerprint(operation, spec, settings.secret_key) if key else None
    if (earlier := await idempotency.recall(actor, operation, key, fingerprint)) is not None:
        return await recreated(actor, earlier)
    parent = await _parent(actor, spec)
    return await create_under(
        actor,
        parent,
        spec,
        operation=operation,
        fingerprint=fingerprint,
        settings=settings,
    )


class _CheckedFields(NamedTuple):
    key: str | None
    name: str
    columns: dict[str, Any]
    note: str | None
    first_name: str
    last_name: str
    expires_at: datetime | None


def _checked_fields(spec: NewOrganization) -> _CheckedFields:
    """The spec's own fields, validated; InvalidFields naming each one at fault."""
    text = validation.text
    with validation.AllFields() as fields:
        checked = _CheckedFields(
            key=fields.check(idempotency.validate_key, spec.idempotency_key),
            name=fields.check(text, spec.name, ["name"], max_length=200, required=True),
            columns={
                "company": fields.check(text, spec.company, ["company"], max_length=200),
                **spec.contact.columns(["contact"], fields),
                "external_id": fields.check(
                    external_ids.external_id, spec.external_id, ["externalId"]
                )
                if spec.external_id is not None
                else None,
                "metadata": fields.check(external_ids.metadata, spec.metadata, ["metadata"]),
            },
            note=fields.check(text, spec.note, ["note"], max_length=10_000, multiline=True)
            if spec.note
            else None,
            first_name=fields.check(
                text, spec.owner.first_name, ["owner", "firstName"], max_length=100
            ),
            last_name=fields.check(
                text, spec.owner.last_name, ["owner", "lastName"], max_length=100
            ),
            expires_at=fields.check(expiry.validate, spec.expires_at, ["expiresAt"]),
        )
        fields.check(validate_email, spec.owner.email, ["owner", "email"])
    return checked


async def create_under(
    actor: Actor,
    parent: Organization,
    spec: NewOrganization,
    *,
    settings: Settings,
    operation: str,
    also: AlsoInTransaction | None = None,
    audit_action: str = "organization.create",
    fingerprint: str | None = None,
    rules_like: Organization | None = None,
) -> Created:
    """The body of every create: validate, hash off the transaction, then write it all at
    once (organization, owner login, membership, note, audit event, idempotency record).

    The owner's password must meet the policy the new organization will have: its
    owner's, or with `rules_like`, that organization's (a copy takes its source's policy).
    """
    prepared = await _prepare_create(actor, parent, spec, settings.bcrypt_rounds, rules_like)
    key = prepared.fields.key
    try:
        async with in_transaction("default"):
            written = await _write_organization_and_owner(actor, prepared)
            if also is not None:
                await also(written.organization)
            welcomed = await _welcome_email(actor, prepared, written, settings)
            if welcomed is not None:
                written.emails.append(welcomed)
            await _record_create(actor, prepared, written, audit_action)
            await idempotency.remember(
                actor, operation, key, _remembered(written, prepared.invite), fingerprint
            )
    except IntegrityError:
        # A concurrent twin with the same idempotency key (or the same new email) won.
        if (earlier := await idempotency.recall(actor, operation, key, fingerprint)) is not None:
            return await recreated(actor, earlier)
        # Or a concurrent create took the external id first: the unique index decided.
        await _refuse_taken_external_id(parent.id, prepared.fields.columns["external_id"])
        raise DomainError(
            ErrorCode.EMAIL_TAKEN, "This email already has a login.", ["owner", "email"]
        ) from None
    shown = prepared.generated if prepared.existing is None and prepared.knows else None
    return Created(
        written.organization,
        None if prepared.invite else written.owner,
        shown,
        prepared.plan_error,
        emails=tuple(written.emails),
        invitation=written.invitation,
    )


@dataclass(frozen=True)
class _PreparedCreate:
    """What a create decided before its transaction opens (the password hashed too)."""

    spec: NewOrganization
    parent: Organization
    fields: _CheckedFields
    plan_id: UUID | None
    plan_error: DomainError | None
    existing: User | None  # the owner's login when its email has one
    password_hash: str | None
    generated: str | None
    invite: bool  # the existing login is invited rather than linked
    knows: bool  # the actor may be told the generated password
    language: str


async def _prepare_create(
    actor: Actor,
    parent: Organization,
    spec: NewOrganization,
    bcrypt_rounds: int,
    rules_like: Organization | None,
) -> _PreparedCreate:
    """Validation, the authority checks on the owner's login, and the password's hash, in
    the order the refusals must come in."""
    checked = _checked_fields(spec)
    welcome.check(spec.owner.credentials, spec.owner.password, ["owner", "credentials"])
    _check_parent(parent, spec.kind)
    await _refuse_taken_external_id(parent.id, checked.columns["external_id"])
    plan_id, plan_error = await _plan(actor, spec.plan_id, parent)
    rules = await policy.effective(rules_like or parent)
    _check_may_choose_password(actor, spec.owner)
    existing, password_hash, generated = await _owner_login(spec.owner, bcrypt_rounds, rules)
    invite = _check_may_own_with(actor, existing)
    return _PreparedCreate(
        spec,
        parent,
        checked,
        plan_id,
        plan_error,
        existing,
        password_hash,
        generated,
        invite,
        _may_know_password(actor, spec.owner),
        # A new owner login speaks what the new organization inherits (it has no own
        # settings).
        await panel_settings.inherited_language(parent, None),
    )


def _check_may_choose_password(actor: Actor, owner: OwnerLogin) -> None:
    if owner.password is not None:
        authority.refuse_lasting_credentials(actor, "set passwords")
        # Whoever knows an OWNER's password holds every right there: only one who holds
        # them all may choose it (or be shown it).
        authority.check_rights_held(actor, ALL_ACCESS_RIGHTS, ["owner", "password"])


def _check_may_own_with(actor: Actor, existing: User | None) -> bool:
    """Whether the owner's existing login is invited (True) or linked; refused when the
    actor links its own login without holding every right."""
    # An existing login is invited (unless it is the actor's own): the new organization has
    # no OWNER until the invitation is accepted (domain/people/invitations.py says why).
    invite = existing is not None and not authority.is_own_login(actor, existing)
    if existing is not None and not invite:
        # Its own login as the OWNER of a new organization: every right, so it must hold all.
        authority.check_rights_held(actor, ALL_ACCESS_RIGHTS, ["owner", "email"])
    return invite


def _may_know_password(actor: Actor, owner: OwnerLogin) -> bool:
    # An impersonation creates no credential that outlives it, and an actor short of a
    # right must not learn a password that holds them all: then the owner is emailed and
    # sets a password through "Forgot password" (or its welcome link). With the link alone
    # the generated password is shown to nobody: the login chooses one.
    knows = actor.impersonator is None and all(actor.has_right(r) for r in ALL_ACCESS_RIGHTS)
    return knows and owner.credentials.shows_password


@dataclass
class _Written:
    organization: Organization
    owner: User
    invitation: Invitation | None
    emails: list[OutboxEmail]


async def _write_organization_and_owner(actor: Actor, prepared: _PreparedCreate) -> _Written:
    """Inside the transaction: the organization, its owner's login (unless it exists), the
    OWNER membership or the invitation to it, and the first note."""
    spec, checked = prepared.spec, prepared.fields
    await require_live(prepared.parent, ["ownerId"], "The owner")
    org = await new_organization(
        spec.kind,
        checked.name,
        prepared.parent,
        status=OrganizationStatus.ACTIVE if spec.activate else OrganizationStatus.PENDING,
        plan_id=prepared.plan_id,
        expires_at=checked.expires_at,
        **checked.columns,
    )
    user = prepared.existing or await User.create(
        email=normalize_email(spec.owner.email),
        password_hash=prepared.password_hash,
        first_name=checked.first_name,
        last_name=checked.last_name,
        language=prepared.language,
    )
    written = _Written(org, user, None, [])
    if prepared.invite:
        written.invitation, invited = await invitations.offer(
            actor, org, user, Role.OWNER, list(ALL_ACCESS_RIGHTS)
        )
        written.emails.append(invited)
    else:
        await Membership.create(
            user=user, organization=org, role=Role.OWNER, access_rights=list(ALL_ACCESS_RIGHTS)
        )
    if checked.note:
        await Note.create(
            organization=org,
            author=actor.user,
            author_organization=actor.organization,
            text=checked.note,
        )
    return written


async def _welcome_email(
    actor: Actor, prepared: _PreparedCreate, written: _Written, settings: Settings
) -> OutboxEmail | None:
    """The new owner login's welcome (with a set-password link when asked for); an
    existing login has its invitation instead."""
    if prepared.existing is not None:
        return None
    owner, user, name = prepared.spec.owner, written.owner, prepared.fields.name
    generated = prepared.generated
    if owner.credentials.emails_link:
        told = owner.password is not None or (generated is not None and prepared.knows)
        return await password_flows.welcome_email(
            user, written.organization, actor.user, settings, password_told=told
        )
    return await outbox.queue(
        "welcome",
        user.email,
        f"Your {name} login",
        f"A login for {name} was created for {user.email}.\n"
        + (
            "Your administrator was shown a generated password once; ask them for "
            "it or use 'Forgot password', and change it after logging in.\n"
            if generated
            else "Use the password your administrator set for you.\n"
        ),
    )


async def _record_create(
    actor: Actor, prepared: _PreparedCreate, written: _Written, audit_action: str
) -> None:
    org, expires_at = written.organization, prepared.fields.expires_at
    await audit.record(
        actor,
        audit_action,
        org,
        summary={
            "kind": prepared.spec.kind,
            "owner": written.owner.email,
            "linkedExistingLogin": bool(prepared.existing) and not prepared.invite,
            "invitedExistingLogin": prepared.invite,
            **(expiry.audit_entry(actor, expires_at) if expires_at else {}),
            **({"externalId": org.external_id} if org.external_id else {}),
        },
    )


def _remembered(written: _Written, invite: bool) -> dict[str, Any]:
    """The idempotency record's result: what `recreated` gives a repeated request."""
    return {
        "organization": str(written.organization.id),
        "owner": None if invite else str(written.owner.id),
        "invitation": str(written.invitation.id) if written.invitation else None,
    }


async def _refuse_taken_external_id(
    owner_id: UUID | None, external_id: str | None, exclude: UUID | None = None
) -> None:
    """DUPLICATE when a sibling (another child of `owner_id`) has this external id: the
    clear answer; the unique index is what makes it hold under concurrency."""
    if external_id is None:
        return
    siblings = Organization.filter(owner_id=owner_id, external_id=external_id)
    if exclude is not None:
        siblings = siblings.exclude(id=exclude)
    if await siblings.exists():
        raise external_ids.duplicate(["externalId"], "the organizations of its owner")


async def recreated(actor: Actor, earlier: dict[str, Any]) -> Created:
    """The first call's result, as the actor sees it now: NOT_FOUND when it was purged, or
    moved (or the actor's scope changed) out of the actor's sight. An owner that was
    invited rather than linked is the invitation, while it is pending."""
    organization = (
        await scope.visible_organizations(actor).filter(id=earlier["organization"]).first()
    )
    owner_id, invitation_id = earlier.get("owner"), earlier.get("invitation")
    owner = await scope.visible_users(actor).filter(id=owner_id).first() if owner_id else None
    if organization is None or (owner_id and owner is None):
        raise idempotency.gone()
    invitation = None
    if invitation_id:
        invitation = (
            await Invitation.filter(id=invitation_id).select_related("organization", "user").first()
        )
    return Created(organization=organization, owner=owner, repeated=True, invitation=invitation)


@dataclass(frozen=True)
class OrganizationChanges:
    """Only the fields given change; None leaves a field as it is."""

    name: str | None = None
    company: str | None = None
    contact: dict[str, str] | None = None
    # expiry.KEEP leaves the date as it is; None removes it (managers only).
    expires_at: Any = expiry.KEEP
    external_id: str | None = None
    clear_external_id: bool = False
    metadata: tuple[tuple[str, str], ...] | None = None

    @property
    def billing_fields(self) -> list[str]:
        """The API names of the fields only those who bill the organization may change."""
        given = [("externalId", self.external_id is not None or self.clear_external_id)]
        return [
            name for name, is_given in [*given, ("metadata", self.metadata is not None)] if is_given
        ]


async def update(actor: Actor, organization_id: UUID, changes: OrganizationChanges) -> Organization:
    """Edit name, company and contact details: the owner chain's managers, or the
    organization's own OWNER/ADMIN. Its external id and metadata: only the managers (see
    authority.may_set_external_ids)."""
    org = await scope.visible_organizations(actor).filter(id=organization_id).first()
    if org is None:
        raise not_found(["id"], "organization")
    await _check_may_update(actor, org, changes)
    values = _checked_changes(org, changes)
    changed = {k: v for k, v in values.items() if getattr(org, k) != v}
    if not changed:
        return org
    summary = _update_summary(actor, org, changed)
    if "expires_at" in changed:
        changed["expiry_warned_at"] = None  # a new date is warned of again
    owner_id: UUID | None = org.owner_id
    await _refuse_taken_external_id(owner_id, changed.get("external_id"), exclude=org.id)
    try:
        async with in_transaction("default"):
            await Organization.filter(id=org.id).update(**changed)
            await audit.record(actor, "organization.update", org, summary=summary)
    except IntegrityError:
        # A concurrent write took the external id between the check and this write.
        await _refuse_taken_external_id(owner_id, changed.get("external_id"), exclude=org.id)
        raise
    return await Organization.get(id=org.id)


async def _check_may_update(actor: Actor, org: Organization, changes: OrganizationChanges) -> None:
    if not authority.administers(actor, org):
        raise authority.forbidden("You may not edit this organization.", ["id"])
    if changes.expires_at is not expiry.KEEP:
        expiry.check_may_set(actor, org, ["expiresAt"])
        if changes.expires_at != org.expires_at:
            await expiry.check_level(actor, org, ["expiresAt"])
    billing = changes.billing_fields
    if billing and not authority.may_set_external_ids(actor, org):
        raise authority.forbidden(
            "Only the organizations above it (who bill it) set its external id and metadata.",
            billing[:1],
        )


def _checked_changes(org: Organization, changes: OrganizationChanges) -> dict[str, Any]:
    """The given fields as model columns, validated; InvalidFields naming each at fault."""
    values: dict[str, Any] = {}
    with validation.AllFields() as checks:
        if changes.name is not None:
            values["name"] = checks.check(
                validation.text, changes.name, ["name"], max_length=200, required=True
            )
        if changes.company is not None:
            values["company"] = checks.check(
                validation.text, changes.company, ["company"], max_length=200
            )
        if changes.contact is not None:
            values.update(_merged_contact(org, changes.contact).columns(["contact"], checks))
        if changes.expires_at is not expiry.KEEP:
            values["expires_at"] = checks.check(expiry.validate, changes.expires_at, ["expiresAt"])
        values.update(_checked_billing_changes(changes, checks))
    return values


def _merged_contact(org: Organization, given: dict[str, str]) -> Contact:
    """The organization's contact details with the given ones put over them."""
    current = Contact(**{f.name: getattr(org, _CONTACT_COLUMNS[f.name]) for f in fields(Contact)})
    return Contact(**{**current.__dict__, **given})


def _checked_billing_changes(
    changes: OrganizationChanges, checks: validation.AllFields
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if changes.clear_external_id:
        values["external_id"] = None
    elif changes.external_id is not None:
        values["external_id"] = checks.check(
            external_ids.external_id, changes.external_id, ["externalId"]
        )
    if changes.metadata is not None:
        values["metadata"] = checks.check(external_ids.metadata, changes.metadata, ["metadata"])
    return values


def _update_summary(actor: Actor, org: Organization, changed: dict[str, Any]) -> dict[str, Any]:
    """The audit summary: each changed column from and to (and the new end date's entry)."""
    summary: dict[str, Any] = {
        "changed": {
            k: {"from": _plain(getattr(org, k)), "to": _plain(v)} for k, v in changed.items()
        }
    }
    if "expires_at" in changed:
        summary.update(expiry.audit_entry(actor, changed["expires_at"]))
    return summary


def _plain(value: Any) -> Any:
    """A value as an audit summary (JSON) holds it."""
    return value.isoformat() if isinstance(value, datetime) else value


_CONTACT_COLUMNS = {
    "email": "contact_email",
    "phone": "contact_phone",
    "address_line1": "address_line1",
    "address_line2": "address_line2",
    "city": "city",
    "postal_code": "postal_code",
    "country": "country",
}
