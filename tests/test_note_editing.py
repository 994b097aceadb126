"""Who edits and deletes a note: its organization's managers, and the platform's
administrators whoever wrote it; a reseller never a note another organization wrote."""

from __future__ import annotations

from typing import Any

import pytest

from gql.schema.relay import to_global_id
from models import AuditEvent, Note, Organization
from models.enums import OrganizationKind, Role
from tests import factories
from tests.api import Api

UPDATE = """
mutation ($id: ID!, $text: String!) {
  updateNote(input: {id: $id, text: $text}) { note { text } userErrors { field code } }
}
"""
DELETE = """
mutation ($id: ID!) { deleteNote(input: {id: $id}) { deletedNoteId userErrors { field code } } }
"""


@pytest.fixture
async def world() -> dict[str, Any]:
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    sub = await factories.organization(OrganizationKind.RESELLER, reseller, name="Sub")
    other = await factories.organization(OrganizationKind.RESELLER, master, name="Other")
    customer = await factories.organization(OrganizationKind.CUSTOMER, sub, name="Customer")
    tokens = {}
    users = {}
    for person, org, role in [
        ("admin", master, Role.ADMIN),
        ("support", master, Role.MEMBER),
        ("reseller", reseller, Role.OWNER),
        ("sub", sub, Role.OWNER),
        ("sub-member", sub, Role.MEMBER),
        ("other", other, Role.OWNER),
    ]:
        users[person], tokens[person] = await factories.quick_member(
            org, f"{person}@example.com", role
        )

    async def note(author: str, org: Organization) -> str:
        row = await Note.create(
            organization=customer, author=users[author], author_organization=org, text="old"
        )
        return to_global_id("Note", row.id)

    return {
        "tokens": tokens,
        "by_sub": await note("sub", sub),
        "by_reseller": await note("reseller", reseller),
    }


async def test_an_administrator_edits_and_deletes_a_resellers_note(
    api: Api, world: dict[str, Any]
) -> None:
    admin = world["tokens"]["admin"]

    edited = await api.data(UPDATE, {"id": world["by_sub"], "text": "corrected"}, admin)
    deleted = await api.data(DELETE, {"id": world["by_reseller"]}, admin)

    assert edited["updateNote"] == {"note": {"text": "corrected"}, "userErrors": []}
    assert deleted["deleteNote"] == {"deletedNoteId": world["by_reseller"], "userErrors": []}
    assert [n.text for n in await Note.all()] == ["corrected"]
    actions = [e.action for e in await AuditEvent.filter(action__startswith="note.")]
    assert sorted(actions) == ["note.delete", "note.update"]


@pytest.mark.parametrize(
    ("person", "note", "code"),
    [
        # Read-only support staff of the platform see every note but change none.
        ("support", "by_sub", "FORBIDDEN"),
        # A parent reseller sees its sub-reseller's notes, but they are not its own.
        ("reseller", "by_sub", "FORBIDDEN"),
        ("sub-member", "by_sub", "FORBIDDEN"),
        # The sub-reseller does not see its parent's note at all.
        ("sub", "by_reseller", "NOT_FOUND"),
        ("other", "by_sub", "NOT_FOUND"),
    ],
)
async def test_others_may_not_change_a_note(
    api: Api, world: dict[str, Any], person: str, note: str, code: str
) -> None:
    token = world["tokens"][person]

    edited = await api.data(UPDATE, {"id": world[note], "text": "mine now"}, token)
    deleted = await api.data(DELETE, {"id": world[note]}, token)

    assert edited["updateNote"] == {
        "note": None,
        "userErrors": [{"field": ["input", "id"], "code": code}],
    }
    assert deleted["deleteNote"]["userErrors"] == [{"field": ["input", "id"], "code": code}]
    assert sorted(n.text for n in await Note.all()) == ["old", "old"]


async def test_a_reseller_edits_and_deletes_its_own_note(api: Api, world: dict[str, Any]) -> None:
    token = world["tokens"]["sub"]

    edited = await api.data(UPDATE, {"id": world["by_sub"], "text": "own"}, token)
    deleted = await api.data(DELETE, {"id": world["by_sub"]}, token)

    assert edited["updateNote"]["note"] == {"text": "own"}
    assert deleted["deleteNote"]["userErrors"] == []
    assert await Note.all().count() == 1
