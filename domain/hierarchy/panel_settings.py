"""Panel settings: branding, mail settings and address-book rules, inherited down the tree
(platform defaults, the Master, resellers, the customer, its department, the login).

Like the security policy (domain/security/policy.py), a level's own value None means "inherit",
and the effective value of a field is read from the nearest level that sets it. Unlike
the policy, any level may set any value: these are preferences, not protections, so a
customer may choose a looser attachment policy than its reseller's.

Where each level keeps its own values: the Master, resellers and customers in their
OrganizationSettings row (one-to-one, `panel_settings`); a department in its own columns
(an empty footer inherits: that column is never null); a login in its own columns
(`bounce_processing`, `message_disclaimer`, and `language`, which every login has).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from uuid import UUID

from tortoise.transactions import in_transaction

from domain import authority, scope, validation
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode, not_found
from domain.events import audit
from domain.hierarchy.status import require_live
from models import Organization, OrganizationSettings
from models.enums import AttachmentPolicy, ContactsVisibility, OrganizationKind

UNSET: Any = object()  # "leave as it is"; None means "inherit"

# Every inherited field, in the order the API lists them (snake_case, as the columns).
FIELDS = (
    "primary_color",
    "logo_url",
    "images",
    "footer",
    "language",
    "timezone",
    "attachments_policy",
    "max_attachment_mb",
    "bounce_processing",
    "message_disclaimer",
    "contacts_visibility",
    "contacts_may_edit_own",
    "contacts_may_share",
)
# The platform's values, above the Master's own. Branding and the disclaimer have none:
# a panel without its own shows the product's look and no disclaimer.
DEFAULTS: dict[str, Any] = {
    "primary_color": None,
    "logo_url": None,
    "images": None,
    "footer": None,
    "language": "en",
    "timezone": "UTC",
    "attachments_policy": AttachmentPolicy.ALLOW,
    "max_attachment_mb": 25,
    "bounce_processing": True,
    "message_disclaimer": None,
    "contacts_visibility": ContactsVisibility.ORGANIZATION,
    "contacts_may_edit_own": True,
    "contacts_may_share": False,
}
# What a login itself may override (the rest it reads from its department and above).
USER_FIELDS = ("language", "bounce_processing", "message_disclaimer")

MAX_ATTACHMENT_MB = 2048
MAX_IMAGES = 10
MAX_FOOTER = 2000
MAX_DISCLAIMER = 4000
_IMAGE_ROLE = re.compile(r"[a-z][a-zA-Z0-9_-]{0,31}")


class Level(StrEnum):
    """Where an effective value comes from."""

    DEFAULT = "DEFAULT"
    MASTER = "MASTER"
    RESELLER = "RESELLER"
    CUSTOMER = "CUSTOMER"
    DEPARTMENT = "DEPARTMENT"
    USER = "USER"


_KIND_LEVEL = {
    OrganizationKind.MASTER: Level.MASTER,
    OrganizationKind.RESELLER: Level.RESELLER,
    OrganizationKind.CUSTOMER: Level.CUSTOMER,
}


@dataclass(frozen=True)
class Effective:
    """The values in force (`values`, by field) and the level each was read from."""

    values: Mapping[str, Any]
    sources: Mapping[str, Level]


def resolve(chain: Iterable[tuple[Level, Mapping[str, Any]]]) -> Effective:
    """The effective settings of a chain of own values, from the top level down: the
    nearest level whose value is not None wins, the platform's default otherwise."""
    values = dict(DEFAULTS)
    sources = dict.fromkeys(FIELDS, Level.DEFAULT)
    for level, own in chain:
        for name, value in own.items():
            if value is not None:
                values[name] = value
                sources[name] = level
    return Effective(values, sources)


# Each level's own values.


def own_of_row(row: OrganizationSettings | None) -> dict[str, Any]:
    return {name: getattr(row, name) for name in FIELDS} if row is not None else {}


def own_of_department(department: Any) -> dict[str, Any]:
    """A Department or a DepartmentRow: an empty footer (the column is never null) inherits."""
    own = {name: getattr(department, name) for name in FIELDS}
    own["footer"] = own["footer"] or None
    return own


def own_of_user(user: Any) -> dict[str, Any]:
    return {name: getattr(user, name) for name in USER_FIELDS}


def path_ids(path: str) -> list[UUID]:
    """The ids of an organization's `path`: from the Master down to itself."""
    return [UUID(hex=part) for part in path.split("/") if part]


def organization_chain(
    path: str, kind: OrganizationKind, rows: Mapping[UUID, OrganizationSettings | None]
) -> list[tuple[Level, dict[str, Any]]]:
    """The own values of the organization (its `path` and `kind`) and every organization
    above it, top first (`rows`: the settings rows of at least those, by organization id).
    The levels above are named by their place: the Master at the top, resellers between."""
    ancestors = path_ids(path)
    chain = []
    for depth, ancestor in enumerate(ancestors):
        if depth == len(ancestors) - 1:
            level = _KIND_LEVEL[OrganizationKind(kind)]
        else:
            level = Level.MASTER if depth == 0 else Level.RESELLER
        chain.append((level, own_of_row(rows.get(ancestor))))
    return chain


async def rows_for(organizations: Iterable[Organization]) -> dict[UUID, OrganizationSettings]:
    """The settings rows of these organizations and all above them, in one query."""
    ids = {ancestor for org in organizations for ancestor in path_ids(org.path)}
    if not ids:
        return {}
    found = await OrganizationSettings.filter(organization_id__in=list(ids))
    return {row.organization_id: row for row in found}


async def inherited_language(organization: Organization, department: Any | None) -> str:
    """The language a new login of the organization (in `department`, if given) gets when
    none is chosen: the department's own, else the organization's effective one."""
    rows = await rows_for([organization])
    chain = organization_chain(organization.path, organization.kind, rows)
    return str(resolve(chain_below(chain, department, None)).values["language"])


# Validation, shared by the organization, department and user mutations.


def _text(limit: int) -> Any:
    def check(value: str, field: list[str]) -> str:
        return validation.text(value, field, max_length=limit, multiline=True)

    return check


def images(value: Sequence[tuple[str, str]], field: list[str]) -> dict[str, str]:
    """(role, URL) pairs, as a role -> https URL dict: roles like `banner` or `favicon`,
    each once, at most MAX_IMAGES of them."""
    if len(value) > MAX_IMAGES:
        raise DomainError(ErrorCode.INVALID, f"At most {MAX_IMAGES} images.", field)
    cleaned: dict[str, str] = {}
    with validation.AllFields() as fields:
        for index, (role, url) in enumerate(value):
            role = role.strip()
            at = [*field, str(index)]
            if not _IMAGE_ROLE.fullmatch(role):
                fields.check(_refuse, "A role is a short name such as banner or favicon.", at)
            elif role in cleaned:
                fields.check(_refuse, f"The role {role!r} is given twice.", at)
            else:
                cleaned[role] = fields.check(validation.https_url, url, [*at, "url"])
    return cleaned


def _refuse(message: str, field: list[str]) -> None:
    raise DomainError(ErrorCode.INVALID, message, field)


def attachment_size(value: int, field: list[str]) -> int:
    if not 1 <= value <= MAX_ATTACHMENT_MB:
        raise DomainError(ErrorCode.INVALID, f"Between 1 and {MAX_ATTACHMENT_MB} megabytes.", field)
    return value


def _checked_by_graphql(value: Any, field: list[str]) -> Any:
    return value  # enums and booleans: GraphQL has checked them already


CHECKS: dict[str, Any] = {
    "primary_color": validation.color,
    "logo_url": validation.https_url,
    "images": images,
    "footer": _text(MAX_FOOTER),
    "language": validation.language,
    "timezone": validation.timezone,
    "attachments_policy": _checked_by_graphql,
    "max_attachment_mb": attachment_size,
    "bounce_processing": _checked_by_graphql,
    "message_disclaimer": _text(MAX_DISCLAIMER),
    "contacts_visibility": _checked_by_graphql,
    "contacts_may_edit_own": _checked_by_graphql,
    "contacts_may_share": _checked_by_graphql,
}


def checked(changes: Mapping[str, Any], paths: Mapping[str, list[str]]) -> dict[str, Any]:
    """The given fields (UNSET left out) cleaned, None kept (it clears the value); every
    field at fault reported at once, at its input path in `paths`."""
    values = {name: value for name, value in changes.items() if value is not UNSET}
    with validation.AllFields() as fields:
        for name, value in values.items():
            if value is not None:
                values[name] = fields.check(CHECKS[name], value, paths[name])
    return values


# The organization mutation.

# Where each field is in the inputs of updateOrganizationSettings and the department
# mutations: grouped as the panels' tabs (branding, settings, contacts).
INPUT_PATHS: dict[str, list[str]] = {
    "primary_color": ["branding", "primaryColor"],
    "logo_url": ["branding", "logoUrl"],
    "images": ["branding", "images"],
    "footer": ["branding", "footer"],
    "language": ["settings", "language"],
    "timezone": ["settings", "timezone"],
    "attachments_policy": ["settings", "attachmentsPolicy"],
    "max_attachment_mb": ["settings", "maxAttachmentMb"],
    "bounce_processing": ["settings", "bounceProcessing"],
    "message_disclaimer": ["settings", "messageDisclaimer"],
    "contacts_visibility": ["addressBook", "visibility"],
    "contacts_may_edit_own": ["addressBook", "mayEditOwn"],
    "contacts_may_share": ["addressBook", "mayShare"],
}


async def update(actor: Actor, organization_id: UUID, changes: Mapping[str, Any]) -> Organization:
    """Set (or with None, clear back to inherit) fields of an organization's own settings:
    its administrators (its own OWNER/ADMIN and the managers above it) only."""
    org = await scope.visible_organizations(actor).filter(id=organization_id).first()
    if org is None:
        raise not_found(["organizationId"], "organization")
    if not authority.administers(actor, org):
        raise authority.forbidden("You may not change its settings.", ["organizationId"])
    values = checked(changes, INPUT_PATHS)
    if "footer" in values:
        values["footer"] = values["footer"] or None  # an empty footer inherits, as a department's
    async with in_transaction("default"):
        await require_live(org, ["organizationId"], "The organization")
        row, _ = await OrganizationSettings.get_or_create(organization=org)
        for name, value in values.items():
            setattr(row, name, value)
        await row.save()
        await audit.record(
            actor,
            "organization_settings.update",
            org,
            target_type="OrganizationSettings",
            target_id=row.id,
            target_name=org.name,
            summary={"changed": sorted(values)},
        )
    return org


def chain_below(
    chain: list[tuple[Level, dict[str, Any]]], department: Any | None, user: Any | None
) -> list[tuple[Level, dict[str, Any]]]:
    """An organization's chain extended by a department of it and a login in it."""
    extended = list(chain)
    if department is not None:
        extended.append((Level.DEPARTMENT, own_of_department(department)))
    if user is not None:
        extended.append((Level.USER, own_of_user(user)))
    return extended
