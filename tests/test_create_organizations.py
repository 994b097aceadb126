"""createCustomer / createReseller, updateOrganization and notes, through the API."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from domain.people.access import ALL_ACCESS_RIGHTS
from gql.schema.relay import to_global_id
from models import AuditEvent, Invitation, Membership, Note, Organization, Plan, User
from models.enums import OrganizationKind, OrganizationStatus, Role
from tests import factories
from tests.api import Api, error_codes

CREATE = """
mutation ($input: CreateOrganizationInput!) {
  %s(input: $input) {
    organization { id name kind status company contact { email country } plan { name } }
    owner { email firstName }
    generatedPassword
    userErrors { field code message }
  }
}
"""


def gid(org: Organization) -> str:
    return to_global_id("Organization", org.id)


async def create(
    api: Api, token: str, kind: str = "createCustomer", **fields: Any
) -> dict[str, Any]:
    payload = {"name": "New Co", "owner": {"email": "new.owner@example.com"}, **fields}
    body = await api(CREATE % kind, {"input": payload}, token)
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"][kind]
    return result


@pytest.fixture
async def setup() -> dict[str, Any]:
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    other = await factories.organization(OrganizationKind.RESELLER, master, name="Other")
    customer = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Customer")
    tokens = {}
    for person, org, role in [
        ("admin", master, Role.OWNER),
        ("reseller", reseller, Role.OWNER),
        ("reseller-admin", reseller, Role.ADMIN),  # no `plans` right
        ("customer-admin", customer, Role.ADMIN),
        ("customer-member", customer, Role.MEMBER),
    ]:
        # The reseller's ADMIN has every right but `plans`.
        rights = (
            [r for r in ALL_ACCESS_RIGHTS if r != "plans"] if person == "reseller-admin" else None
        )
        _, tokens[person] = await factories.quick_member(org, f"{person}@example.com", role, rights)
    plan = await Plan.create(owner=reseller, name="Reseller Basic", website_quota=5)
    return {
        "orgs": {"master": master, "reseller": reseller, "other": other, "customer": customer},
        "tokens": tokens,
        "plan": plan,
    }


async def test_create_customer_with_a_generated_password(api: Api, setup: dict[str, Any]) -> None:
    result = await create(
        api,
        setup["tokens"]["admin"],
        company="New Co Ltd",
        contact={"email": "Billing@New.Example", "country": "gb"},
    )

    assert result["userErrors"] == []
    org = result["organization"]
    assert (org["name"], org["kind"], org["status"]) == ("New Co", "CUSTOMER", "ACTIVE")
    assert org["contact"] == {"email": "billing@new.example", "country": "GB"}
    password = result["generatedPassword"]
    assert len(password) >= 16
    stored = await User.get(email="new.owner@example.com")
    assert password not in stored.password_hash
    assert await api.login("new.owner@example.com", password)
    created = await Organization.get(name="New Co")
    assert created.owner_id == setup["orgs"]["master"].id
    event = await AuditEvent.get(action="organization.create")
    assert event.target_id == created.id
    assert event.actor_email == "admin@example.com"


async def test_inactive_create_stays_pending_and_blocks_login(
    api: Api, setup: dict[str, Any]
) -> None:
    result = await create(
        api,
        setup["tokens"]["admin"],
        activate=False,
        owner={"email": "pending@example.com", "password": "a long enough password"},
    )

    assert result["organization"]["status"] == "PENDING"
    login = await api.data(
        'mutation { login(input: {email: "pending@example.com", '
        'password: "a long enough password"}) { userErrors { code } } }'
    )
    assert login["login"]["userErrors"] == [{"code": "ORGANIZATION_INACTIVE"}]


async def test_an_existing_login_is_invited_not_duplicated(api: Api, setup: dict[str, Any]) -> None:
    users_before = await User.all().count()

    result = await create(
        api,
        setup["tokens"]["admin"],
        owner={"email": "Reseller@Example.com", "password": "ignored-pass"},
    )

    # Even an administrator only invites an existing login: whoever made it may know its
    # password, so linking it needs the consent of whoever reads its mailbox.
    assert result["userErrors"] == []
    assert result["generatedPassword"] is None
    assert result["owner"] is None
    assert await User.all().count() == users_before
    assert await Membership.filter(user__email="reseller@example.com").count() == 1
    assert await Invitation.filter(user__email="reseller@example.com", role=Role.OWNER).exists()


async def test_resellers_create_under_themselves_only(api: Api, setup: dict[str, Any]) -> None:
    own = await create(api, setup["tokens"]["reseller"])
    chosen = await create(
        api, setup["tokens"]["reseller"], name="Elsewhere", ownerId=gid(setup["orgs"]["other"])
    )

    created = await Organization.get(name="New Co")
    assert created.owner_id == setup["orgs"]["reseller"].id
    assert own["userErrors"] == []
    assert chosen["organization"] is None
    assert chosen["userErrors"][0]["code"] == "FORBIDDEN"
    assert chosen["userErrors"][0]["field"] == ["input", "ownerId"]
    assert not await Organization.filter(name="Elsewhere").exists()


@pytest.mark.parametrize(
    ("owner", "code"),
    [
        ("reseller", None),
        ("customer", "INVALID"),
        ("missing", "NOT_FOUND"),
        ("garbage", "NOT_FOUND"),
    ],
)
async def test_administrators_choose_the_owner(
    api: Api, setup: dict[str, Any], owner: str, code: str | None
) -> None:
    ids = {
        "reseller": gid(setup["orgs"]["reseller"]),
        "customer": gid(setup["orgs"]["customer"]),
        "missing": to_global_id("Organization", uuid.uuid4()),
        "garbage": "garbage",
    }

    result = await create(api, setup["tokens"]["admin"], ownerId=ids[owner])

    assert [e["code"] for e in result["userErrors"]] == ([code] if code else [])
    assert await Organization.filter(name="New Co").exists() == (code is None)


async def test_sub_resellers_nest_three_levels_at_most(api: Api, setup: dict[str, Any]) -> None:
    token = setup["tokens"]["admin"]
    owner = gid(setup["orgs"]["reseller"])  # level 1
    for level in (2, 3):
        result = await create(
            api,
            token,
            "createReseller",
            name=f"L{level}",
            ownerId=owner,
            owner={"email": f"l{level}@example.com"},
        )
        assert result["userErrors"] == [], level
        owner = result["organization"]["id"]

    too_deep = await create(
        api, token, "createReseller", name="L4", ownerId=owner, owner={"email": "l4@example.com"}
    )

    assert too_deep["userErrors"][0]["code"] == "INVALID"
    assert not await Organization.filter(name="L4").exists()


async def test_the_plan_needs_the_plans_right_and_the_rest_still_works(
    api: Api, setup: dict[str, Any]
) -> None:
    plan = to_global_id("Plan", setup["plan"].id)

    without = await create(api, setup["tokens"]["reseller-admin"], planId=plan)
    with_right = await create(
        api,
        setup["tokens"]["reseller"],
        name="Planned",
        planId=plan,
        owner={"email": "planned@example.com"},
    )

    assert without["organization"]["name"] == "New Co"
    assert without["organization"]["plan"] is None
    assert without["userErrors"][0]["code"] == "FORBIDDEN"
    assert without["userErrors"][0]["field"] == ["input", "planId"]
    assert with_right["userErrors"] == []
    assert with_right["organization"]["plan"] == {"name": "Reseller Basic"}


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"name": "   "}, "INVALID", ["input", "name"]),
        ({"name": "x" * 201}, "INVALID", ["input", "name"]),
        ({"owner": {"email": "not-an-email"}}, "INVALID", ["input", "owner", "email"]),
        (
            {"owner": {"email": "a@b.example", "password": "short"}},
            "WEAK_PASSWORD",
            ["input", "owner", "password"],
        ),
        ({"contact": {"email": "nope"}}, "INVALID", ["input", "contact", "email"]),
        ({"contact": {"country": "Germany"}}, "INVALID", ["input", "contact", "country"]),
        ({"note": "x" * 10_001}, "INVALID", ["input", "note"]),
        ({"idempotencyKey": ""}, "INVALID", ["input", "idempotencyKey"]),
    ],
)
async def test_bad_input_is_refused_and_nothing_is_written(
    api: Api, setup: dict[str, Any], fields: dict[str, Any], code: str, field: list[str]
) -> None:
    organizations_before = await Organization.all().count()
    users_before = await User.all().count()

    result = await create(api, setup["tokens"]["admin"], **fields)

    assert result["organization"] is None
    assert [(e["code"], e["field"]) for e in result["userErrors"]] == [(code, field)]
    assert await Organization.all().count() == organizations_before
    assert await User.all().count() == users_before
    assert await AuditEvent.all().count() == 0


@pytest.mark.parametrize("person", ["customer-admin", "customer-member"])
async def test_customers_may_not_create_organizations(
    api: Api, setup: dict[str, Any], person: str
) -> None:
    body = await api(
        CREATE % "createCustomer",
        {"input": {"name": "X", "owner": {"email": "x@x.example"}}},
        setup["tokens"][person],
    )

    assert error_codes(body) == ["FORBIDDEN"]


async def test_a_retry_with_the_same_key_returns_the_first_result(
    api: Api, setup: dict[str, Any]
) -> None:
    first = await create(api, setup["tokens"]["admin"], idempotencyKey="order-1")
    retry = await create(api, setup["tokens"]["admin"], idempotencyKey="order-1")
    by_someone_else = await create(
        api,
        setup["tokens"]["reseller"],
        idempotencyKey="order-1",
        owner={"email": "other.owner@example.com"},
    )

    assert retry["organization"]["id"] == first["organization"]["id"]
    assert retry["owner"] == first["owner"]
    assert retry["generatedPassword"] is None  # shown once only
    assert by_someone_else["organization"]["id"] != first["organization"]["id"]
    assert await Organization.filter(name="New Co").count() == 2
    assert await AuditEvent.filter(action="organization.create").count() == 2


UPDATE = """
mutation ($input: UpdateOrganizationInput!) {
  updateOrganization(input: $input) {
    organization { name company contact { city email } }
    userErrors { field code }
  }
}
"""


@pytest.mark.parametrize(
    ("person", "target", "code"),
    [
        ("admin", "customer", None),
        ("reseller", "customer", None),
        ("customer-admin", "customer", None),
        ("customer-member", "customer", "FORBIDDEN"),
        ("reseller", "reseller", None),  # its own details
        ("reseller-admin", "customer", None),
        ("reseller", "other", "NOT_FOUND"),
    ],
)
async def test_who_may_edit_an_organization(
    api: Api, setup: dict[str, Any], person: str, target: str, code: str | None
) -> None:
    org = setup["orgs"][target]
    changes = {"id": gid(org), "company": "Renamed Ltd", "contact": {"city": "Leeds"}}

    data = await api.data(UPDATE, {"input": changes}, setup["tokens"][person])

    result = data["updateOrganization"]
    await org.refresh_from_db()
    if code is None:
        assert result["userErrors"] == []
        assert result["organization"]["company"] == "Renamed Ltd"
        assert result["organization"]["contact"]["city"] == "Leeds"
        assert org.city == "Leeds"
        event = await AuditEvent.get(action="organization.update")
        changed: Any = event.summary["changed"]
        assert changed["company"]["to"] == "Renamed Ltd"
    else:
        assert [e["code"] for e in result["userErrors"]] == [code]
        assert org.company != "Renamed Ltd"
        assert await AuditEvent.all().count() == 0


async def test_an_edit_that_changes_nothing_writes_no_event(
    api: Api, setup: dict[str, Any]
) -> None:
    org = setup["orgs"]["customer"]

    await api.data(UPDATE, {"input": {"id": gid(org), "name": org.name}}, setup["tokens"]["admin"])

    assert await AuditEvent.all().count() == 0


NOTE_ADD = """
mutation ($id: ID!, $text: String!) {
  addNote(input: {organizationId: $id, text: $text}) {
    note { id text author { email } }
    userErrors { code }
  }
}
"""
NOTE_UPDATE = """
mutation ($id: ID!, $text: String!) {
  updateNote(input: {id: $id, text: $text}) { note { text } userErrors { code } }
}
"""
NOTE_DELETE = """
mutation ($id: ID!) { deleteNote(input: {id: $id}) { deletedNoteId userErrors { code } } }
"""


async def test_notes_are_written_and_changed_by_their_organization(
    api: Api, setup: dict[str, Any]
) -> None:
    tokens = setup["tokens"]
    customer = gid(setup["orgs"]["customer"])

    added = (await api.data(NOTE_ADD, {"id": customer, "text": "Pays late"}, tokens["reseller"]))[
        "addNote"
    ]
    note_id = added["note"]["id"]
    by_customer = await api.data(
        NOTE_UPDATE, {"id": note_id, "text": "x"}, tokens["customer-admin"]
    )
    by_author_org = await api.data(
        NOTE_UPDATE, {"id": note_id, "text": "Pays on time now"}, tokens["reseller-admin"]
    )

    assert added["note"]["author"] == {"email": "reseller@example.com"}
    assert by_customer["updateNote"]["userErrors"] == [{"code": "NOT_FOUND"}]
    assert by_author_org["updateNote"]["note"] == {"text": "Pays on time now"}
    assert (await Note.get()).text == "Pays on time now"

    deleted = await api.data(NOTE_DELETE, {"id": note_id}, tokens["reseller"])
    assert deleted["deleteNote"] == {"deletedNoteId": note_id, "userErrors": []}
    assert await Note.all().count() == 0


@pytest.mark.parametrize(
    ("person", "text", "code"),
    [
        ("customer-admin", "about myself", "FORBIDDEN"),
        ("reseller", "   ", "INVALID"),
        ("reseller", "x" * 10_001, "INVALID"),
    ],
)
async def test_notes_refused(
    api: Api, setup: dict[str, Any], person: str, text: str, code: str
) -> None:
    customer = gid(setup["orgs"]["customer"])

    data = await api.data(NOTE_ADD, {"id": customer, "text": text}, setup["tokens"][person])

    assert data["addNote"] == {"note": None, "userErrors": [{"code": code}]}
    assert await Note.all().count() == 0


async def test_a_customer_audit_log_does_not_reveal_notes_about_it(
    api: Api, setup: dict[str, Any]
) -> None:
    customer = gid(setup["orgs"]["customer"])
    await api.data(NOTE_ADD, {"id": customer, "text": "Pays late"}, setup["tokens"]["reseller"])

    log = await api.data(
        "{ auditEvents { edges { node { action } } } }", token=setup["tokens"]["customer-admin"]
    )
    reseller_log = await api.data(
        "{ auditEvents { edges { node { action } } } }", token=setup["tokens"]["reseller"]
    )

    assert log["auditEvents"]["edges"] == []
    assert [e["node"]["action"] for e in reseller_log["auditEvents"]["edges"]] == ["note.add"]


async def test_created_organizations_start_with_their_note(api: Api, setup: dict[str, Any]) -> None:
    await create(api, setup["tokens"]["reseller"], note="Referred by Acme")

    note = await Note.get().select_related("organization", "author_organization")
    assert note.organization.name == "New Co"
    assert note.author_organization.id == setup["orgs"]["reseller"].id
    assert (await Organization.get(name="New Co")).status == OrganizationStatus.ACTIVE
