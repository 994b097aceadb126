"""Notification emails on suspend, reactivate and delete (with the per-call opt-out), their
recipients and wording (templates, white label), the template mutations and query, and
what an organization's people are told of a suspension (docs/notifications.md)."""

from __future__ import annotations

from typing import Any

import pytest

from gql.schema.relay import to_global_id
from models import AuditEvent, EmailTemplate, Organization, OutboxEmail, User
from models.enums import OrganizationKind, OrganizationStatus, Role, UserStatus
from tests import factories
from tests.api import Api, error_codes

SUSPEND = """
mutation ($ids: [ID!]!, $reason: String, $notify: Boolean!) {
  suspendOrganizations(input: {ids: $ids, reason: $reason}, notify: $notify) {
    results { organization { status suspension { inherited reason suspendedByKind } }
              userErrors { code } }
  }
}"""
LIFECYCLE = """
mutation ($ids: [ID!]!, $notify: Boolean!) {
  r: %s(input: {ids: $ids}, notify: $notify) {
    results { organization { status } userErrors { code } }
  }
}"""
SET = """
mutation ($kind: EmailTemplateKind!, $subject: String!, $body: String!) {
  setEmailTemplate(input: {kind: $kind, subject: $subject, body: $body}) {
    template { kind subject body custom placeholders }
    userErrors { field code message }
  }
}"""
RESET = """
mutation ($kind: EmailTemplateKind!) {
  resetEmailTemplate(input: {kind: $kind}) {
    template { kind subject custom } userErrors { field code }
  }
}"""
TEMPLATES = "{ emailTemplates { kind subject body custom placeholders } }"


def gid(org: Organization) -> str:
    return to_global_id("Organization", org.id)


@pytest.fixture
async def tree() -> dict[str, Any]:
    """Master > Reseller > (Sub > Sub's), Reseller > Customer; Other > Foreign."""
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    other = await factories.organization(OrganizationKind.RESELLER, master, name="Other")
    sub = await factories.organization(OrganizationKind.RESELLER, reseller, name="Sub")
    customer = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Bakery")
    await Organization.filter(id=customer.id).update(contact_email="billing@bakery.example")
    subs = await factories.organization(OrganizationKind.CUSTOMER, sub, name="Sub's Cafe")
    foreign = await factories.organization(OrganizationKind.CUSTOMER, other, name="Foreign")
    tokens = {}
    for person, org, role in [
        ("admin", master, Role.ADMIN),
        ("support", master, Role.MEMBER),
        ("reseller", reseller, Role.OWNER),
        ("reseller-member", reseller, Role.MEMBER),
        ("sub", sub, Role.ADMIN),
        ("owner", customer, Role.OWNER),
        ("customer-admin", customer, Role.ADMIN),
        ("subs-owner", subs, Role.OWNER),
        ("foreign-owner", foreign, Role.OWNER),
    ]:
        _, tokens[person] = await factories.quick_member(org, f"{person}@example.com", role)
    # A second owner (told too) and a disabled one (not told).
    await factories.quick_member(customer, "co-owner@example.com", Role.OWNER)
    disabled, _ = await factories.quick_member(customer, "gone@example.com", Role.OWNER)
    await User.filter(id=disabled.id).update(status=UserStatus.DISABLED)
    orgs = {
        "master": master,
        "reseller": reseller,
        "other": other,
        "sub": sub,
        "customer": await Organization.get(id=customer.id),
        "subs": subs,
        "foreign": foreign,
    }
    return {"orgs": orgs, "tokens": tokens}


async def notices() -> list[OutboxEmail]:
    return await OutboxEmail.filter(kind__startswith="notice-").order_by("to_address")


async def test_suspending_emails_the_contact_and_every_active_owner_the_reason(
    api: Api, tree: dict[str, Any]
) -> None:
    customer = tree["orgs"]["customer"]

    data = await api.data(
        SUSPEND,
        {"ids": [gid(customer)], "reason": "Unpaid invoice 4711", "notify": True},
        tree["tokens"]["reseller"],
    )

    result = data["suspendOrganizations"]["results"][0]
    assert result["userErrors"] == []
    assert result["organization"]["suspension"] == {
        "inherited": False,
        "reason": "Unpaid invoice 4711",
        "suspendedByKind": "RESELLER",
    }
    emails = await notices()
    assert [e.to_address for e in emails] == [
        "billing@bakery.example",
        "co-owner@example.com",
        "owner@example.com",
    ]
    assert {e.kind for e in emails} == {"notice-suspended"}
    body = emails[0].body
    assert "Bakery" in emails[0].subject
    assert "Unpaid invoice 4711" in body
    assert "your provider" in body  # the level only: never who, nor which reseller
    assert "reseller@example.com" not in body
    assert "Reseller" not in body
    event = await AuditEvent.get(action="organization.suspend", target_id=customer.id)
    assert event.summary["notified"] is True


async def test_the_platform_s_suspension_is_told_as_the_platform_s(
    api: Api, tree: dict[str, Any]
) -> None:
    await api.data(
        SUSPEND,
        {"ids": [gid(tree["orgs"]["customer"])], "reason": None, "notify": True},
        tree["tokens"]["admin"],
    )

    body = (await notices())[0].body
    assert "by the platform" in body
    assert "no reason was given" in body


@pytest.mark.parametrize(
    ("mutation", "status", "kind"),
    [
        ("reactivateOrganizations", OrganizationStatus.SUSPENDED, "notice-reactivated"),
        ("deleteOrganizations", OrganizationStatus.ACTIVE, "notice-deleted"),
    ],
)
async def test_reactivating_and_deleting_email_the_organization(
    api: Api, tree: dict[str, Any], mutation: str, status: OrganizationStatus, kind: str
) -> None:
    customer = tree["orgs"]["customer"]
    await Organization.filter(id=customer.id).update(status=status, suspended_by_depth=1)

    data = await api.data(
        LIFECYCLE % mutation, {"ids": [gid(customer)], "notify": True}, tree["tokens"]["reseller"]
    )

    assert data["r"]["results"][0]["userErrors"] == []
    emails = await notices()
    assert len(emails) == 3
    assert {e.kind for e in emails} == {kind}
    if kind == "notice-deleted":
        purge_after = (await Organization.get(id=customer.id)).purge_after
        assert purge_after is not None
        assert f"{purge_after:%Y-%m-%d %H:%M} UTC" in emails[0].body


@pytest.mark.parametrize(
    "mutation", ["suspendOrganizations", "reactivateOrganizations", "deleteOrganizations"]
)
async def test_notify_false_changes_the_state_and_sends_nothing(
    api: Api, tree: dict[str, Any], mutation: str
) -> None:
    customer = tree["orgs"]["customer"]
    if mutation == "reactivateOrganizations":
        await Organization.filter(id=customer.id).update(status=OrganizationStatus.SUSPENDED)

    data = await api.data(
        LIFECYCLE.replace("%s", mutation),
        {"ids": [gid(customer)], "notify": False},
        tree["tokens"]["reseller"],
    )

    assert data["r"]["results"][0]["userErrors"] == []
    assert await notices() == []
    event = await AuditEvent.filter(target_id=customer.id).order_by("-created_at").first()
    assert event is not None
    assert event.summary["notified"] is False


async def test_a_dry_run_or_a_refusal_sends_nothing(api: Api, tree: dict[str, Any]) -> None:
    dry = """mutation ($ids: [ID!]!) { suspendOrganizations(input: {ids: $ids, dryRun: true})
      { results { userErrors { code } } } }"""
    customer, foreign = tree["orgs"]["customer"], tree["orgs"]["foreign"]

    await api.data(dry, {"ids": [gid(customer)]}, tree["tokens"]["reseller"])
    refused = await api.data(
        SUSPEND, {"ids": [gid(foreign)], "notify": True}, tree["tokens"]["reseller"]
    )

    assert refused["suspendOrganizations"]["results"][0]["userErrors"] == [{"code": "NOT_FOUND"}]
    assert await notices() == []


async def test_an_organization_with_nobody_to_tell_is_suspended_all_the_same(
    api: Api, tree: dict[str, Any]
) -> None:
    lonely = await factories.organization(
        OrganizationKind.CUSTOMER, tree["orgs"]["reseller"], name="Lonely"
    )

    data = await api.data(SUSPEND, {"ids": [gid(lonely)], "notify": True}, tree["tokens"]["admin"])

    assert data["suspendOrganizations"]["results"][0]["organization"]["status"] == "SUSPENDED"
    assert await notices() == []


# What its own people are told of a suspension.


async def test_a_suspension_above_is_told_as_inherited_without_its_reason(
    api: Api, tree: dict[str, Any]
) -> None:
    query = "query ($id: ID!) { node(id: $id) { ... on Organization { suspension "
    query += "{ inherited reason suspendedAt suspendedByKind } } } }"
    await api.data(
        SUSPEND,
        {"ids": [gid(tree["orgs"]["sub"])], "reason": "Sub's own trouble", "notify": False},
        tree["tokens"]["admin"],
    )

    seen = await api.data(query, {"id": gid(tree["orgs"]["subs"])}, tree["tokens"]["reseller"])
    active = await api.data(
        query, {"id": gid(tree["orgs"]["customer"])}, tree["tokens"]["reseller"]
    )

    assert seen["node"]["suspension"] == {
        "inherited": True,
        "reason": None,
        "suspendedAt": None,
        "suspendedByKind": None,
    }
    assert active["node"]["suspension"] is None
    # Its own login hears the same, and nothing of who is above.
    refused = await api("{ viewer { role } }", token=tree["tokens"]["subs-owner"])
    assert refused["errors"][0]["extensions"]["suspension"]["inherited"] is True
    assert "Sub's own trouble" not in str(refused)


# Templates: set, read, reset; white label; validation; authority.


async def test_a_reseller_s_template_words_the_emails_of_its_whole_subtree(
    api: Api, tree: dict[str, Any]
) -> None:
    data = await api.data(
        SET,
        {
            "kind": "SUSPENDED",
            "subject": "Reseller Co: {organization_name} paused",
            "body": "Hello {organization_name}, paused because {reason} ({suspended_by}).",
        },
        tree["tokens"]["reseller"],
    )
    template = data["setEmailTemplate"]["template"]
    assert template["custom"] is True
    assert "reason" in template["placeholders"]

    for org in ("customer", "subs"):
        await api.data(
            SUSPEND,
            {"ids": [gid(tree["orgs"][org])], "reason": "late", "notify": True},
            tree["tokens"]["admin"],
        )
    # The reseller's own suspension is worded by the platform above it, not by itself.
    await api.data(
        SUSPEND, {"ids": [gid(tree["orgs"]["reseller"])], "notify": True}, tree["tokens"]["admin"]
    )

    emails = await OutboxEmail.filter(kind="notice-suspended")
    by_address = {e.to_address: e for e in emails}
    assert by_address["owner@example.com"].subject == "Reseller Co: Bakery paused"
    assert by_address["owner@example.com"].body == (
        "Hello Bakery, paused because late (the platform)."
    )
    assert by_address["subs-owner@example.com"].subject == "Reseller Co: Sub's Cafe paused"
    assert by_address["reseller@example.com"].subject == "Reseller is suspended"


async def test_the_nearest_template_wins_and_a_reset_hands_back_to_the_one_above(
    api: Api, tree: dict[str, Any]
) -> None:
    for person, subject in (("reseller", "From Reseller"), ("sub", "From Sub")):
        await api.data(
            SET,
            {"kind": "REACTIVATED", "subject": subject, "body": "Back."},
            tree["tokens"][person],
        )
    subs = tree["orgs"]["subs"]

    async def reactivate() -> str:
        await Organization.filter(id=subs.id).update(status=OrganizationStatus.SUSPENDED)
        await api.data(
            LIFECYCLE % "reactivateOrganizations",
            {"ids": [gid(subs)], "notify": True},
            tree["tokens"]["admin"],
        )
        email = await OutboxEmail.filter(kind="notice-reactivated").order_by("-created_at").first()
        assert email is not None
        return email.subject

    first = await reactivate()
    reset = await api.data(RESET, {"kind": "REACTIVATED"}, tree["tokens"]["sub"])
    second = await reactivate()

    assert first == "From Sub"
    assert reset["resetEmailTemplate"]["template"] == {
        "kind": "REACTIVATED",
        "subject": "{organization_name} is active again",
        "custom": False,
    }
    assert second == "From Reseller"
    events = await AuditEvent.filter(action__startswith="email_template.")
    assert sorted(e.action for e in events) == [
        "email_template.reset",
        "email_template.set",
        "email_template.set",
    ]


async def test_email_templates_lists_every_kind_own_or_built_in_never_the_one_above(
    api: Api, tree: dict[str, Any]
) -> None:
    await api.data(
        SET, {"kind": "EXPIRED", "subject": "Reseller's", "body": "x"}, tree["tokens"]["reseller"]
    )

    own = (await api.data(TEMPLATES, token=tree["tokens"]["reseller"]))["emailTemplates"]
    below = (await api.data(TEMPLATES, token=tree["tokens"]["sub"]))["emailTemplates"]

    assert len(own) == 8
    assert [t["subject"] for t in own if t["custom"]] == ["Reseller's"]
    assert not any(t["custom"] for t in below)
    assert "Reseller's" not in str(below)  # the provider's wording is its own


@pytest.mark.parametrize(
    ("subject", "body", "field", "words"),
    [
        ("Hi {organization_name}", "Because {resaon}", "body", "{resaon}"),
        ("Hi {purge_date}", "ok", "subject", "{purge_date}"),
        ("", "body", "subject", "empty"),
        ("two\nlines", "body", "subject", "line breaks"),
        ("nul\x00", "body", "subject", "control"),
        ("ok", "nul \x00 in body", "body", "control"),
        ("s" * 301, "body", "subject", "300"),
        ("ok", "b" * 10_001, "body", "10000"),
    ],
)
async def test_a_bad_template_is_refused_naming_the_field_and_nothing_is_stored(
    api: Api, tree: dict[str, Any], subject: str, body: str, field: str, words: str
) -> None:
    data = await api.data(
        SET, {"kind": "SUSPENDED", "subject": subject, "body": body}, tree["tokens"]["reseller"]
    )

    payload = data["setEmailTemplate"]
    assert payload["template"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [
        (["input", field], "INVALID")
    ]
    assert words in payload["userErrors"][0]["message"]
    assert await EmailTemplate.all().count() == 0


async def test_an_unknown_kind_is_a_bad_request(api: Api, tree: dict[str, Any]) -> None:
    body = await api(
        SET, {"kind": "NEWSLETTER", "subject": "x", "body": "y"}, tree["tokens"]["reseller"]
    )

    assert error_codes(body) == ["BAD_REQUEST"]
    assert "NEWSLETTER" in body["errors"][0]["message"]
    assert await EmailTemplate.all().count() == 0


async def test_every_field_at_fault_is_named_at_once(api: Api, tree: dict[str, Any]) -> None:
    data = await api.data(
        SET,
        {"kind": "EXPIRED", "subject": "{reason}", "body": "{link} and {foo}"},
        tree["tokens"]["reseller"],
    )

    errors = data["setEmailTemplate"]["userErrors"]
    assert [(e["field"], e["code"]) for e in errors] == [
        (["input", "subject"], "INVALID"),
        (["input", "body"], "INVALID"),
    ]
    assert "{foo} (and 1 more)" in errors[1]["message"]
    assert "{expiry_date}" in errors[1]["message"]  # what it may use instead


async def test_placeholders_braces_and_values_are_filled_in_one_pass(
    api: Api, tree: dict[str, Any]
) -> None:
    await api.data(
        SET,
        {"kind": "SUSPENDED", "subject": "{ organization_name }", "body": "{reason} {}"},
        tree["tokens"]["reseller"],
    )
    await api.data(
        SUSPEND,
        {"ids": [gid(tree["orgs"]["customer"])], "reason": "{organization_name}", "notify": True},
        tree["tokens"]["reseller"],
    )

    email = await OutboxEmail.filter(to_address="owner@example.com").get()
    assert email.subject == "{ organization_name }"  # not a placeholder: text
    assert email.body == "{organization_name} {}"  # a value is never filled in again


@pytest.mark.parametrize(
    "person", ["support", "reseller-member", "owner", "customer-admin", "foreign-owner"]
)
async def test_templates_are_for_the_master_s_and_resellers_managers_only(
    api: Api, tree: dict[str, Any], person: str
) -> None:
    token = tree["tokens"][person]
    variables = {"kind": "SUSPENDED", "subject": "x", "body": "y"}

    refused = [
        await api(SET, variables, token),
        await api(RESET, {"kind": "SUSPENDED"}, token),
        await api(TEMPLATES, token=token),
    ]

    assert [error_codes(body) for body in refused] == [["FORBIDDEN"]] * 3
    assert await EmailTemplate.all().count() == 0


async def test_an_administrator_sets_the_platform_s_template_not_a_reseller_s(
    api: Api, tree: dict[str, Any]
) -> None:
    await api.data(
        SET, {"kind": "DELETED", "subject": "Platform", "body": "b"}, tree["tokens"]["admin"]
    )

    template = await EmailTemplate.get()
    assert template.organization_id == tree["orgs"]["master"].id
    # It words what is below the Master (everything), until a reseller sets its own.
    await api.data(
        LIFECYCLE % "deleteOrganizations",
        {"ids": [gid(tree["orgs"]["foreign"])], "notify": True},
        tree["tokens"]["admin"],
    )
    email = await OutboxEmail.get(kind="notice-deleted")
    assert email.subject == "Platform"


async def test_setting_the_same_text_again_writes_no_second_event(
    api: Api, tree: dict[str, Any]
) -> None:
    variables = {"kind": "WELCOME", "subject": "Welcome to {organization_name}", "body": "{link}"}
    for _ in range(2):
        data = await api.data(SET, variables, tree["tokens"]["reseller"])
        assert data["setEmailTemplate"]["userErrors"] == []

    assert await AuditEvent.filter(action="email_template.set").count() == 1
    assert await EmailTemplate.all().count() == 1
