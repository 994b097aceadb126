"""Panel settings: the own values of a level (null inherits) and the effective ones."""

from __future__ import annotations

from typing import Any, Protocol

import strawberry

from domain.hierarchy import panel_settings
from domain.hierarchy.panel_settings import Effective, Level
from gql.schema.enums import described_enum
from models.enums import AttachmentPolicy, ContactsVisibility, OrganizationKind

described_enum(
    AttachmentPolicy,
    description="Which mail attachments users may send and receive.",
    values={
        AttachmentPolicy.ALLOW: "Every attachment (up to `maxAttachmentMb`).",
        AttachmentPolicy.BLOCK_EXECUTABLES: "All but programs and scripts.",
        AttachmentPolicy.BLOCK_ALL: "No attachment at all.",
    },
)
described_enum(
    ContactsVisibility,
    description="Whose contacts a user sees in the address book.",
    values={
        ContactsVisibility.ORGANIZATION: "The contacts of the whole organization.",
        ContactsVisibility.DEPARTMENT: "Only those of the user's own department.",
        ContactsVisibility.NONE: "None but the user's own contacts.",
    },
)
described_enum(
    Level,
    name="SettingLevel",
    description="Where an effective setting comes from: a kind of level, never which "
    "organization (a customer never learns who manages it).",
    values={
        Level.DEFAULT: "The built-in default: no level set a value of its own.",
        Level.MASTER: "The platform's value.",
        Level.RESELLER: "A reseller's value, somewhere above the organization.",
        Level.CUSTOMER: "The customer's own value.",
        Level.DEPARTMENT: "The value of the user's department.",
        Level.USER: "The user's own value.",
    },
)


@strawberry.type(description="A branding image by the role the panel shows it in.")
class BrandingImage:
    role: str = strawberry.field(description="Where it is shown, e.g. banner or favicon.")
    url: str = strawberry.field(description="HTTPS URL of the image.")


def images_of(images: dict[str, str] | None) -> list[BrandingImage] | None:
    if images is None:
        return None
    return [BrandingImage(role=role, url=url) for role, url in images.items()]


@strawberry.type(
    name="AddressBookRules",
    description="What users may see and do in the address book (the panels' Contacts tab); "
    "null inherits from the level above.",
)
class AddressBookRules:
    visibility: ContactsVisibility | None = strawberry.field(
        description="Whose contacts users see."
    )
    may_edit_own: bool | None = strawberry.field(
        description="Whether users may edit their own contact card."
    )
    may_share: bool | None = strawberry.field(
        description="Whether users may share contacts with others."
    )

    @classmethod
    def from_own(cls, own: Any) -> AddressBookRules:
        """From a department, a light row or an organization's settings row (or None)."""
        return cls(
            visibility=getattr(own, "contacts_visibility", None),
            may_edit_own=getattr(own, "contacts_may_edit_own", None),
            may_share=getattr(own, "contacts_may_share", None),
        )


@strawberry.type(
    description="Where each effective setting comes from (same field names as EffectiveSettings)."
)
class SettingSources:
    primary_color: Level = strawberry.field(description="Source of primaryColor.")
    logo_url: Level = strawberry.field(description="Source of logoUrl.")
    images: Level = strawberry.field(description="Source of images.")
    footer: Level = strawberry.field(description="Source of footer.")
    language: Level = strawberry.field(description="Source of language.")
    timezone: Level = strawberry.field(description="Source of timezone.")
    attachments_policy: Level = strawberry.field(description="Source of attachmentsPolicy.")
    max_attachment_mb: Level = strawberry.field(description="Source of maxAttachmentMb.")
    bounce_processing: Level = strawberry.field(description="Source of bounceProcessing.")
    message_disclaimer: Level = strawberry.field(description="Source of messageDisclaimer.")
    contacts_visibility: Level = strawberry.field(description="Source of contactsVisibility.")
    contacts_may_edit_own: Level = strawberry.field(description="Source of contactsMayEditOwn.")
    contacts_may_share: Level = strawberry.field(description="Source of contactsMayShare.")


@strawberry.type(
    description="The settings in force: each the nearest level's own value (the user, its "
    "department, the customer, resellers above, the Master), else the platform's default."
)
class EffectiveSettings:
    primary_color: str | None = strawberry.field(description="#rrggbb; null: the product's.")
    logo_url: str | None = strawberry.field(description="Logo URL; null: the product's.")
    images: list[BrandingImage] | None = strawberry.field(
        description="Further branding images; null: none."
    )
    footer: str | None = strawberry.field(description="Footer text; null: none.")
    language: str = strawberry.field(description="Language (BCP 47 tag).")
    timezone: str = strawberry.field(description="IANA time zone.")
    attachments_policy: AttachmentPolicy = strawberry.field(
        description="Which attachments may be sent and received."
    )
    max_attachment_mb: int = strawberry.field(description="Largest attachment, in megabytes.")
    bounce_processing: bool = strawberry.field(
        description="Whether bounced mail is processed (failed recipients reported)."
    )
    message_disclaimer: str | None = strawberry.field(
        description="Text added to outgoing messages; null: none."
    )
    contacts_visibility: ContactsVisibility = strawberry.field(
        description="Whose contacts users see."
    )
    contacts_may_edit_own: bool = strawberry.field(
        description="Whether users may edit their own contact card."
    )
    contacts_may_share: bool = strawberry.field(description="Whether users may share contacts.")
    sources: SettingSources = strawberry.field(description="Where each value comes from.")

    @classmethod
    def from_effective(cls, effective: Effective) -> EffectiveSettings:
        values = dict(effective.values)
        values["images"] = images_of(values["images"])
        return cls(**values, sources=SettingSources(**effective.sources))


class Placed(Protocol):
    """Where an organization is in the tree: an Organization, or its GraphQL type."""

    @property
    def path(self) -> str: ...

    @property
    def kind(self) -> OrganizationKind: ...


async def effective_for(
    info: strawberry.Info[Any, None],
    organization: Placed | None,
    department: Any | None = None,
    user: Any | None = None,
) -> EffectiveSettings:
    """The effective settings of an organization, and of a department of it, and of a
    login in it. The settings rows of the
    organization's whole ancestry come from one per-request loader: a page of rows asks for
    all of theirs in one query."""
    chain: list[tuple[Level, dict[str, Any]]] = []
    if organization is not None:
        ids = panel_settings.path_ids(organization.path)
        rows = await info.context.loaders.panel_settings_by_organization.load_many(ids)
        chain = panel_settings.organization_chain(
            organization.path, organization.kind, dict(zip(ids, rows, strict=True))
        )
    chain = panel_settings.chain_below(chain, department, user)
    return EffectiveSettings.from_effective(panel_settings.resolve(chain))
