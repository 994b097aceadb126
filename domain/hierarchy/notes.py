"""Private notes about an organization, written by managers of its owner chain.

A note is changed or deleted by the managers of the organization that wrote it, and by the
platform's administrators (OWNER/ADMIN of the Master), who edit any note they see (Plesk:
the provider corrects or removes what a reseller wrote). A reseller never edits a note its
sub-reseller (or anyone else) wrote.

Audit events for notes belong to the author's organization, never to the subject: a
customer's own audit log must not reveal that notes about it exist.
"""

from __future__ import annotations

from uuid import UUID

from tortoise.transactions import in_transaction

from domain import authority, scope, validation
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode, not_found
from domain.events import audit
from domain.hierarchy.status import require_live
from models import Note

MAX_NOTE_LENGTH = 10_000


def _text(text: str) -> str:
    return validation.text(
        text, ["text"], max_length=MAX_NOTE_LENGTH, required=True, multiline=True
    )


async def add(actor: Actor, organization_id: UUID, text: str) -> Note:
    """Write a note about an organization strictly below the actor's (managers only)."""
    org = await scope.visible_organizations(actor).filter(id=organization_id).first()
    if org is None:
        raise not_found(["organizationId"], "organization")
    if not authority.manages(actor, org):
        raise DomainError(
            ErrorCode.FORBIDDEN,
            "Only managers of the organizations above it write notes about it.",
            ["organizationId"],
        )
    cleaned = _text(text)
    async with in_transaction("default"):
        await require_live(org, ["organizationId"], "The organization")
        note = await Note.create(
            organization=org,
            author=actor.user,
            author_organization=actor.organization,
            text=cleaned,
        )
        await audit.record(
            actor,
            "note.add",
            actor.organization,
            target_type="Note",
            target_id=note.id,
            target_name=org.name,
        )
    return note


async def _editable_note(actor: Actor, note_id: UUID) -> Note:
    """A visible note the actor may change: the note-author rule of docs/authority.md."""
    note = (
        await scope.visible_notes(actor).filter(id=note_id).select_related("organization").first()
    )
    if note is None:
        raise not_found(["id"], "note")
    if not authority.may_edit_note(actor, note):
        raise DomainError(
            ErrorCode.FORBIDDEN,
            "Only managers of the note's own organization, or the platform's administrators, "
            "change it.",
            ["id"],
        )
    return note


async def update(actor: Actor, note_id: UUID, text: str) -> Note:
    note = await _editable_note(actor, note_id)
    cleaned = _text(text)
    async with in_transaction("default"):
        await Note.filter(id=note.id).update(text=cleaned)
        await audit.record(
            actor,
            "note.update",
            actor.organization,
            target_type="Note",
            target_id=note.id,
            target_name=note.organization.name,
        )
    return await Note.get(id=note.id)


async def delete(actor: Actor, note_id: UUID) -> UUID:
    note = await _editable_note(actor, note_id)
    async with in_transaction("default"):
        await note.delete()
        await audit.record(
            actor,
            "note.delete",
            actor.organization,
            target_type="Note",
            target_id=note_id,
            target_name=note.organization.name,
        )
    return note_id
