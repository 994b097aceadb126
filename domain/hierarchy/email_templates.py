"""The wording of notification emails: built-in texts, and each platform's or reseller's own.

A template is set by the Master or a reseller for the organizations below it (white
label): an email about an organization uses the template of the nearest organization
*above* it that set one for that kind, else the built-in text. An organization's own
template never words emails about itself: those are its provider's to word, as its
customers' emails are its own.

Placeholders are `{name}`. Each kind accepts the names in `PLACEHOLDERS`; anything else in
braces that looks like a name is refused when the template is set (`INVALID`, naming it),
so a typo never reaches a customer as a literal `{resaon}`. Other braces are plain text.
Values are inserted as they are: emails are plain text, and the outbox puts the subject
on one line (domain/jobs/outbox.py).

`render(kind, organization, values)` is what every email uses (notifications, welcome and
reset emails alike).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

from tortoise.transactions import in_transaction

from domain import scope, validation
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode
from domain.events import audit
from models import EmailTemplate, Organization
from models.enums import EmailTemplateKind

Kind = EmailTemplateKind
MAX_SUBJECT = 300
MAX_BODY = 10_000

# Every email may name the organization it is about.
_COMMON = frozenset({"organization_name"})
PLACEHOLDERS: dict[EmailTemplateKind, frozenset[str]] = {
    Kind.SUSPENDED: _COMMON | {"reason", "suspended_at", "suspended_by"},
    Kind.REACTIVATED: _COMMON,
    Kind.DELETED: _COMMON | {"purge_date"},
    Kind.PURGE_WARNING: _COMMON | {"purge_date"},
    Kind.EXPIRY_WARNING: _COMMON | {"expiry_date"},
    Kind.EXPIRED: _COMMON | {"expiry_date"},
    # `password_note`: empty, or a line that the login's administrator was given a
    # password too (domain/people/link_emails.py).
    Kind.WELCOME: _COMMON | {"email", "link", "link_expires_at", "password_note"},
    Kind.PASSWORD_RESET: _COMMON | {"email", "link", "link_expires_at"},
}


@dataclass(frozen=True)
class Text:
    subject: str
    body: str


DEFAULTS: dict[EmailTemplateKind, Text] = {
    Kind.SUSPENDED: Text(
        "{organization_name} is suspended",
        "The account {organization_name} was suspended on {suspended_at} by {suspended_by}.\n"
        "Reason: {reason}\n\n"
        "Nobody can log in until it is reactivated; mailboxes keep receiving mail. "
        "Contact {suspended_by} to have it reactivated.\n",
    ),
    Kind.REACTIVATED: Text(
        "{organization_name} is active again",
        "The account {organization_name} was reactivated: logging in works again.\n",
    ),
    Kind.DELETED: Text(
        "{organization_name} was deleted",
        "The account {organization_name} was deleted. It can still be restored by your "
        "provider until {purge_date}; after that it is removed for good, with its data.\n",
    ),
    Kind.PURGE_WARNING: Text(
        "{organization_name} will be removed on {purge_date}",
        "The deleted account {organization_name} will be removed for good on {purge_date}, "
        "with its data. Ask your provider to restore it before then if you still need it.\n",
    ),
    Kind.EXPIRY_WARNING: Text(
        "{organization_name} expires on {expiry_date}",
        "The account {organization_name} expires on {expiry_date}. It will then be "
        "suspended; ask your provider to extend it to keep it running.\n",
    ),
    Kind.EXPIRED: Text(
        "{organization_name} has expired",
        "The account {organization_name} expired on {expiry_date} and was suspended. Ask "
        "your provider to extend and reactivate it.\n",
    ),
    Kind.WELCOME: Text(
        "Your {organization_name} login",
        "A login for {organization_name} was created for {email}.\n"
        "Choose your password with this link (valid until {link_expires_at}):\n{link}\n"
        "{password_note}After that, use 'Forgot password' to get a new link.\n",
    ),
    Kind.PASSWORD_RESET: Text(
        "Reset your {organization_name} password",
        "Use this link (valid until {link_expires_at}) to choose a new password for the "
        "login {email}:\n{link}\n\n"
        "If you did not ask for it, ignore this email: your password stays as it is.\n",
    ),
}

# `{name}` with a name of letters, digits and underscores: a placeholder. Other braces are
# text (a "{" alone, "{ }", JSON in an example).
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def placeholders_in(template: str) -> list[str]:
    return _PLACEHOLDER.findall(template)


def fill(template: str, values: Mapping[str, str]) -> str:
    """The template with each known placeholder replaced (in one pass: a value that looks
    like a placeholder stays as it is); an unknown one is left as written."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


async def effective(kind: EmailTemplateKind, organization: Organization) -> Text:
    """The wording of `kind` for emails about `organization`: the nearest organization above
    it with a template of that kind, else the built-in text."""
    above = [UUID(hex=part) for part in organization.ancestor_ids if part != organization.id.hex]
    if above:
        rows = await EmailTemplate.filter(kind=kind, organization_id__in=above).values(
            "organization_id", "subject", "body"
        )
        by_org = {row["organization_id"]: row for row in rows}
        for ancestor in reversed(above):  # nearest first
            if (row := by_org.get(ancestor)) is not None:
                return Text(row["subject"], row["body"])
    return DEFAULTS[kind]


async def render(
    kind: EmailTemplateKind, organization: Organization, values: Mapping[str, str]
) -> Text:
    """The subject and body of an email of `kind` about `organization` (its name is filled
    in as `organization_name` unless `values` gives one)."""
    text = await effective(kind, organization)
    filled = {"organization_name": organization.name, **values}
    return Text(fill(text.subject, filled), fill(text.body, filled))


# Setting and reading an organization's own templates.


def require_template_owner(actor: Actor) -> None:
    """Templates are the Master's and resellers' own, set by their OWNER/ADMIN staff
    (top-level FORBIDDEN for everyone else)."""
    scope.require_organization_manager(actor)


def _checked(kind: EmailTemplateKind, subject: str, body: str) -> Text:
    allowed = PLACEHOLDERS[kind]
    with validation.AllFields() as fields:
        clean_subject = fields.check(
            validation.text, subject, ["subject"], max_length=MAX_SUBJECT, required=True
        )
        clean_body = fields.check(
            validation.text, body, ["body"], max_length=MAX_BODY, required=True, multiline=True
        )
        for name, value in (("subject", subject), ("body", body)):
            unknown = sorted(set(placeholders_in(value)) - allowed)
            if unknown:
                fields.errors.append(
                    DomainError(
                        ErrorCode.INVALID,
                        f"Unknown placeholder {{{unknown[0]}}}"
                        + (f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else "")
                        + f"; a {kind} email may use "
                        + ", ".join(f"{{{p}}}" for p in sorted(allowed))
                        + ".",
                        [name],
                    )
                )
    return Text(clean_subject, clean_body)


@dataclass(frozen=True)
class Shown:
    """One kind's template as its organization sees it: its own, or the built-in text."""

    kind: EmailTemplateKind
    text: Text
    custom: bool


async def own_templates(actor: Actor) -> list[Shown]:
    """Every kind, in order: the actor's organization's own template, or the built-in text.
    (A template of an organization above is not shown: it is that provider's own.)"""
    require_template_owner(actor)
    rows = {t.kind: t for t in await EmailTemplate.filter(organization_id=actor.organization.id)}
    return [
        Shown(kind, Text(rows[kind].subject, rows[kind].body), True)
        if kind in rows
        else Shown(kind, DEFAULTS[kind], False)
        for kind in EmailTemplateKind
    ]


async def set_template(actor: Actor, kind: EmailTemplateKind, subject: str, body: str) -> Shown:
    """Set the actor's organization's template of `kind` (for the organizations below it)."""
    require_template_owner(actor)
    text = _checked(kind, subject, body)
    org = actor.organization
    async with in_transaction("default"):
        existing = await EmailTemplate.select_for_update().get_or_none(
            organization_id=org.id, kind=kind
        )
        if existing is not None and (existing.subject, existing.body) == (text.subject, text.body):
            return Shown(kind, text, True)
        if existing is None:
            existing = await EmailTemplate.create(
                organization_id=org.id, kind=kind, subject=text.subject, body=text.body
            )
        else:
            await EmailTemplate.filter(id=existing.id).update(subject=text.subject, body=text.body)
        await audit.record(
            actor,
            "email_template.set",
            org,
            target_type="EmailTemplate",
            target_id=existing.id,
            target_name=str(kind),
            summary={"kind": kind, "subject": text.subject},
        )
    return Shown(kind, text, True)


async def reset_template(actor: Actor, kind: EmailTemplateKind) -> Shown:
    """Drop the actor's organization's template of `kind`: the one above applies again."""
    require_template_owner(actor)
    org = actor.organization
    async with in_transaction("default"):
        existing = await EmailTemplate.select_for_update().get_or_none(
            organization_id=org.id, kind=kind
        )
        if existing is not None:
            await EmailTemplate.filter(id=existing.id).delete()
            await audit.record(
                actor,
                "email_template.reset",
                org,
                target_type="EmailTemplate",
                target_id=existing.id,
                target_name=str(kind),
                summary={"kind": kind},
            )
    return Shown(kind, DEFAULTS[kind], False)
