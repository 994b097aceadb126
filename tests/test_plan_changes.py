"""changePlan and setQuotaOverrides: an organization's limits changed in place by the
managers above it, never below what its subtree uses nor above what its owner holds."""

from __future__ import annotations

from typing import Any

import pytest

from gql.schema.relay import to_global_id
from models import AuditEvent, Organization, Plan, Service
from models.enums import OrganizationKind, OrganizationStatus, Role, ServiceKind
from tests import factories
from tests.api import Api, error_codes

QUOTAS = "quotas { websites databases mailboxes } quotaOverrides { quota limit }"
CHANGE = (
    "mutation ($input: ChangePlanInput!) { changePlan(input: $input) { dryRun "
    "organization { name plan { name isCustom } " + QUOTAS + " } "
    "userErrors { field code message } } }"
)
OVERRIDE = (
    "mutation ($input: SetQuotaOverridesInput!) { setQuotaOverrides(input: $input) { dryRun "
    "organization { name " + QUOTAS + " } userErrors { field code message } } }"
)
CREATE_SERVICE = """
mutation ($id: ID!, $name: String!) {
  createService(input: {organizationId: $id, kind: WEBSITE, name: $name}) {
    service { id } userErrors { code }
  }
}
"""


def gid(thing: Organization | Plan) -> str:
    return to_global_id("Organization" if isinstance(thing, Organization) else "Plan", thing.id)


@pytest.fixture
async def world() -> dict[str, Any]:
    """North (a reseller on the Master's plan: 10 websites, 10 databases, mailboxes
    unlimited) sells Small, Medium and Big; Acme is on Big with 2 websites and 1 database."""
    master = await factories.master()
    north = await factories.organization(OrganizationKind.RESELLER, master, name="North")
    south = await factories.organization(OrganizationKind.RESELLER, master, name="South")
    kinds = ["WEBSITE", "DATABASE", "MAILBOX"]
    north_bound = await Plan.create(
        owner=master, name="North Bound", website_quota=10, database_quota=10, enabled_kinds=kinds
    )
    tiny = await Plan.create(owner=master, name="Tiny", website_quota=1, enabled_kinds=kinds)
    await Organization.filter(id=north.id).update(plan_id=north_bound.id)

    def plan(name: str, websites: int, databases: int | None, enabled: list[str]) -> Any:
        return Plan.create(
            owner=north,
            name=name,
            website_quota=websites,
            database_quota=databases,
            enabled_kinds=enabled,
        )

    small = await plan("Small", 1, None, ["WEBSITE"])
    medium = await plan("Medium", 3, 2, ["WEBSITE", "DATABASE"])
    big = await plan("Big", 8, 8, kinds)
    south_plan = await Plan.create(owner=south, name="South", website_quota=9, enabled_kinds=kinds)
    acme = await factories.organization(OrganizationKind.CUSTOMER, north, name="Acme")
    await Organization.filter(id=acme.id).update(plan_id=big.id)
    for kind, name in [
        (ServiceKind.WEBSITE, "one.example"),
        (ServiceKind.WEBSITE, "two.example"),
        (ServiceKind.DATABASE, "acme_db"),
    ]:
        await Service.create(organization=acme, kind=kind, name=name)
    tokens = {}
    for person, org, role, rights in [
        ("admin", master, Role.OWNER, None),
        ("north", north, Role.OWNER, None),
        ("north_admin", north, Role.ADMIN, ["users", "websites", "email", "dns", "billing"]),
        ("north_support", north, Role.MEMBER, None),
        ("south", south, Role.OWNER, None),
        ("acme", acme, Role.OWNER, None),
    ]:
        _, tokens[person] = await factories.quick_member(org, f"{person}@example.com", role, rights)
    return {
        "master": master,
        "north": north,
        "south": south,
        "acme": await Organization.get(id=acme.id),
        "tiny": tiny,
        "small": small,
        "medium": medium,
        "big": big,
        "south_plan": south_plan,
        "tokens": tokens,
    }


async def change(api: Api, token: str, **fields: Any) -> dict[str, Any]:
    data = await api.data(CHANGE, {"input": fields}, token)
    result: dict[str, Any] = data["changePlan"]
    return result


async def override(api: Api, token: str, **fields: Any) -> dict[str, Any]:
    data = await api.data(OVERRIDE, {"input": fields}, token)
    result: dict[str, Any] = data["setQuotaOverrides"]
    return result


def codes(result: dict[str, Any]) -> list[tuple[list[str] | None, str]]:
    return [(e["field"], e["code"]) for e in result["userErrors"]]


# changePlan


async def test_change_plan_puts_it_on_another_plan_of_its_owner(
    api: Api, world: dict[str, Any]
) -> None:
    acme = world["acme"]

    result = await change(api, world["tokens"]["north"], id=gid(acme), planId=gid(world["medium"]))

    assert result["userErrors"] == []
    assert result["dryRun"] is False
    organization = result["organization"]
    assert organization["plan"] == {"name": "Medium", "isCustom": False}
    assert organization["quotas"] == {"websites": 3, "databases": 2, "mailboxes": None}
    await acme.refresh_from_db()
    assert acme.plan_id == world["medium"].id
    event = await AuditEvent.get(action="organization.change_plan")
    assert event.summary == {"from": "Big", "to": "Medium"}


async def test_change_plan_lists_conflicts_and_changes_nothing(
    api: Api, world: dict[str, Any]
) -> None:
    acme, token = world["acme"], world["tokens"]["north"]

    preview = await change(api, token, id=gid(acme), planId=gid(world["small"]), dryRun=True)
    refused = await change(api, token, id=gid(acme), planId=gid(world["small"]))
    fits = await change(api, token, id=gid(acme), planId=gid(world["medium"]), dryRun=True)

    for result in (preview, refused):
        assert codes(result) == [(["input", "planId"], "QUOTA_EXCEEDED")]
        message = result["userErrors"][0]["message"]
        assert "1 DATABASE (not enabled)" in message
        assert "2 WEBSITE (allows 1)" in message
        assert result["organization"] is None
    assert preview["dryRun"] is True
    # A dry run that fits answers the organization as it is.
    assert fits["userErrors"] == []
    assert fits["organization"]["plan"]["name"] == "Big"
    await acme.refresh_from_db()
    assert acme.plan_id == world["big"].id
    assert await AuditEvent.filter(action="organization.change_plan").count() == 0


async def test_change_plan_of_a_reseller_counts_its_whole_subtree(
    api: Api, world: dict[str, Any]
) -> None:
    north, token = world["north"], world["tokens"]["admin"]
    roomy = await Plan.create(
        owner=world["master"],
        name="Roomy",
        website_quota=4,
        database_quota=1,
        enabled_kinds=["WEBSITE", "DATABASE"],
    )

    too_small = await change(api, token, id=gid(north), planId=gid(world["tiny"]))
    right = await change(api, token, id=gid(north), planId=gid(roomy))

    # North has no services itself: Acme's, below it, count.
    assert codes(too_small) == [(["input", "planId"], "QUOTA_EXCEEDED")]
    assert "2 WEBSITE (allows 1)" in too_small["userErrors"][0]["message"]
    assert right["userErrors"] == []
    assert right["organization"]["quotas"]["websites"] == 4


async def test_change_plan_to_a_custom_plan_keeps_todays_limits(
    api: Api, world: dict[str, Any]
) -> None:
    acme, token = world["acme"], world["tokens"]["north"]
    await override(api, token, id=gid(acme), overrides={"websites": 5})

    custom = await change(api, token, id=gid(acme))
    again = await change(api, token, id=gid(acme), planId=None)

    assert custom["userErrors"] == []
    organization = custom["organization"]
    assert organization["plan"] == {"name": "Custom: Acme", "isCustom": True}
    # The override became the custom plan's own value, and is gone as an override.
    assert organization["quotas"] == {"websites": 5, "databases": 8, "mailboxes": None}
    assert organization["quotaOverrides"] == []
    plan = await Plan.get(id=(await Organization.get(id=acme.id)).plan_id)
    assert (plan.owner_id, plan.website_quota, plan.enabled_kinds) == (
        world["north"].id,
        5,
        ["DATABASE", "MAILBOX", "WEBSITE"],
    )
    assert codes(again) == [(["input", "planId"], "INVALID")]


async def test_change_plan_ends_the_overrides(api: Api, world: dict[str, Any]) -> None:
    acme, token = world["acme"], world["tokens"]["north"]
    await override(api, token, id=gid(acme), overrides={"websites": 2})

    same_plan = await change(api, token, id=gid(acme), planId=gid(world["big"]))

    # Back on Big as sold: its 8 websites, no override.
    assert same_plan["userErrors"] == []
    assert same_plan["organization"]["quotas"]["websites"] == 8
    assert same_plan["organization"]["quotaOverrides"] == []
    again = await change(api, token, id=gid(acme), planId=gid(world["big"]))
    assert codes(again) == [(["input", "planId"], "INVALID")]


async def test_change_plan_refusals(api: Api, world: dict[str, Any]) -> None:
    acme, tokens = world["acme"], world["tokens"]
    deleted = await factories.organization(
        OrganizationKind.CUSTOMER, world["north"], name="Gone", status=OrganizationStatus.DELETED
    )
    cases = [
        # Another reseller's customer, as for an id that never existed.
        (tokens["south"], gid(acme), gid(world["south_plan"]), (["input", "id"], "NOT_FOUND")),
        (tokens["north"], gid(world["big"]), None, (["input", "id"], "NOT_FOUND")),
        (tokens["north"], "not-an-id\x00", None, (["input", "id"], "NOT_FOUND")),
        (tokens["north"], "x" * 5000, None, (["input", "id"], "NOT_FOUND")),
        # Plans its owner does not sell: another reseller's, the Master's, not a plan.
        (tokens["north"], gid(acme), gid(world["south_plan"]), (["input", "planId"], "NOT_FOUND")),
        (tokens["admin"], gid(acme), gid(world["tiny"]), (["input", "planId"], "NOT_FOUND")),
        (tokens["north"], gid(acme), gid(acme), (["input", "planId"], "NOT_FOUND")),
        # The Master, and a reseller's own organization, are not set from below.
        (tokens["admin"], gid(world["master"]), None, (["input", "id"], "FORBIDDEN")),
        (tokens["north"], gid(world["north"]), None, (["input", "id"], "FORBIDDEN")),
        (tokens["north"], gid(deleted), None, (["input", "id"], "INVALID_STATE")),
        # Without the plans right, the whole mutation is refused.
        (tokens["north_admin"], gid(acme), gid(world["medium"]), (None, "FORBIDDEN")),
    ]
    for token, target, plan, expected in cases:
        result = await change(api, token, id=target, planId=plan)
        assert codes(result) == [expected], (target, plan, result)

    for token in (tokens["north_support"], tokens["acme"]):
        body = await api(CHANGE, {"input": {"id": gid(acme)}}, token)
        assert error_codes(body) == ["FORBIDDEN"]
    await acme.refresh_from_db()
    assert acme.plan_id == world["big"].id
    assert await AuditEvent.filter(action="organization.change_plan").count() == 0


# setQuotaOverrides


async def test_overrides_replace_the_plan_where_quotas_are_counted(
    api: Api, world: dict[str, Any]
) -> None:
    acme, token = world["acme"], world["tokens"]["north"]

    lowered = await override(api, token, id=gid(acme), overrides={"websites": 2, "mailboxes": None})
    await acme.refresh_from_db()
    stored = acme.quota_overrides
    full = await api.data(CREATE_SERVICE, {"id": gid(acme), "name": "three.example"}, token)
    cleared = await override(api, token, id=gid(acme), clear=["WEBSITES"])
    room = await api.data(CREATE_SERVICE, {"id": gid(acme), "name": "three.example"}, token)

    assert lowered["userErrors"] == []
    assert lowered["organization"]["quotas"] == {"websites": 2, "databases": 8, "mailboxes": None}
    assert lowered["organization"]["quotaOverrides"] == [
        {"quota": "WEBSITES", "limit": 2},
        {"quota": "MAILBOXES", "limit": None},
    ]
    assert stored == {"website_quota": 2, "mailbox_quota": None}
    assert full["createService"]["userErrors"] == [{"code": "QUOTA_EXCEEDED"}]
    assert cleared["organization"]["quotaOverrides"] == [{"quota": "MAILBOXES", "limit": None}]
    assert cleared["organization"]["quotas"]["websites"] == 8
    assert room["createService"]["userErrors"] == []
    events = await AuditEvent.filter(action="organization.quota_overrides").order_by("created_at")
    assert [e.summary for e in events] == [
        {"set": {"mailboxes": None, "websites": 2}, "cleared": []},
        {"set": {}, "cleared": ["websites"]},
    ]


async def test_an_override_above_the_plan_is_within_the_owner(
    api: Api, world: dict[str, Any]
) -> None:
    acme, token = world["acme"], world["tokens"]["north"]
    await Plan.filter(id=world["big"].id).update(website_quota=2)

    raised = await override(api, token, id=gid(acme), overrides={"websites": 10})
    third = await api.data(CREATE_SERVICE, {"id": gid(acme), "name": "three.example"}, token)
    # The plan lowered below what Acme uses: its own override is what limits it.
    lowered_plan = await api.data(
        "mutation ($id: ID!) { updatePlan(input: {id: $id, quotas: {websites: 1, databases: 8,"
        " mailboxes: null}, enabledKinds: [WEBSITE, DATABASE, MAILBOX]}) { userErrors { code } } }",
        {"id": gid(world["big"])},
        token,
    )
    clearing = await override(api, token, id=gid(acme), clear=["WEBSITES"], dryRun=True)

    assert raised["userErrors"] == []
    assert third["createService"]["userErrors"] == []
    assert lowered_plan["updatePlan"]["userErrors"] == []
    # Back to the plan's 1 would leave 3 websites over it.
    assert codes(clearing) == [(["input", "overrides"], "QUOTA_EXCEEDED")]
    assert "3 WEBSITE (allows 1)" in clearing["userErrors"][0]["message"]
    await acme.refresh_from_db()
    assert acme.quota_overrides == {"website_quota": 10}


async def test_override_refusals(api: Api, world: dict[str, Any]) -> None:
    acme, tokens = world["acme"], world["tokens"]
    planless = await factories.organization(OrganizationKind.CUSTOMER, world["north"], name="Bare")
    north = tokens["north"]
    both = {"overrides": {"websites": 4}, "clear": ["WEBSITES"]}
    exceeded = "QUOTA_EXCEEDED"
    cases: list[tuple[str, str, dict[str, Any], str | None, str]] = [
        # Beyond what North itself may hold (10), or unlimited where it is limited.
        (north, gid(acme), {"overrides": {"websites": 11}}, "overrides.websites", exceeded),
        (north, gid(acme), {"overrides": {"databases": None}}, "overrides.databases", exceeded),
        # Below what Acme uses (2 websites).
        (north, gid(acme), {"overrides": {"websites": 1}}, "overrides", exceeded),
        (north, gid(acme), {"overrides": {"websites": -1}}, "overrides.websites", "INVALID"),
        (north, gid(acme), {"overrides": {"diskMb": 1_500_000_000}}, "overrides.diskMb", "INVALID"),
        (north, gid(acme), both, "overrides.websites", "INVALID"),
        (north, gid(acme), {}, "overrides", "INVALID"),
        (north, gid(planless), {"clear": ["WEBSITES"]}, "id", "INVALID_STATE"),
        (tokens["south"], gid(acme), {"clear": ["WEBSITES"]}, "id", "NOT_FOUND"),
        (north, gid(world["big"]), {"clear": ["WEBSITES"]}, "id", "NOT_FOUND"),
        (north, gid(world["north"]), {"clear": ["WEBSITES"]}, "id", "FORBIDDEN"),
        (tokens["north_admin"], gid(acme), {"clear": ["WEBSITES"]}, None, "FORBIDDEN"),
    ]
    for token, target, fields, field, code in cases:
        result = await override(api, token, id=target, **fields)
        path = ["input", *field.split(".")] if field else None
        assert codes(result) == [(path, code)], (fields, result)

    several = await override(
        api, north, id=gid(acme), overrides={"websites": 11, "databases": -2, "backups": 20}
    )
    body = await api(OVERRIDE, {"input": {"id": gid(acme), "clear": ["WEBSITES"]}}, tokens["acme"])
    not_a_quota = await api(OVERRIDE, {"input": {"id": gid(acme), "clear": ["COFFEE"]}}, north)

    # Every invalid value at once, then (once they are valid) every one beyond the owner.
    assert codes(several) == [(["input", "overrides", "databases"], "INVALID")]
    assert error_codes(body) == ["FORBIDDEN"]
    assert "errors" in not_a_quota
    assert not_a_quota.get("data") is None
    await acme.refresh_from_db()
    assert acme.quota_overrides == {}
    assert await AuditEvent.filter(action="organization.quota_overrides").count() == 0


async def test_every_override_beyond_the_owner_is_named(api: Api, world: dict[str, Any]) -> None:
    result = await override(
        api,
        world["tokens"]["north"],
        id=gid(world["acme"]),
        overrides={"websites": 11, "databases": 12, "mailboxes": 1000},
    )

    assert codes(result) == [
        (["input", "overrides", "databases"], "QUOTA_EXCEEDED"),
        (["input", "overrides", "websites"], "QUOTA_EXCEEDED"),
    ]


async def test_a_copy_keeps_the_overrides(api: Api, world: dict[str, Any]) -> None:
    acme, token = world["acme"], world["tokens"]["north"]
    await override(api, token, id=gid(acme), overrides={"websites": 4})

    copied = await api.data(
        'mutation ($id: ID!) { copyCustomer(input: {sourceId: $id, name: "Acme Two", '
        'owner: {email: "two@acme.example"}}) { organization { ' + QUOTAS + " } } }",
        {"id": gid(acme)},
        token,
    )

    assert copied["copyCustomer"]["organization"]["quotaOverrides"] == [
        {"quota": "WEBSITES", "limit": 4}
    ]


async def test_a_customer_without_a_plan_gets_one(api: Api, world: dict[str, Any]) -> None:
    token = world["tokens"]["north"]
    bare = await factories.organization(OrganizationKind.CUSTOMER, world["north"], name="Bare")
    other = await factories.organization(OrganizationKind.CUSTOMER, world["north"], name="Other")

    sold = await change(api, token, id=gid(bare), planId=gid(world["small"]))
    custom = await change(api, token, id=gid(other))

    assert sold["organization"]["plan"] == {"name": "Small", "isCustom": False}
    # Its limits were North's alone: the custom plan carries them, never "unlimited".
    assert custom["organization"]["quotas"] == {"websites": 10, "databases": 10, "mailboxes": None}
    plan = await Plan.get(id=(await Organization.get(id=other.id)).plan_id)
    assert plan.enabled_kinds == ["DATABASE", "MAILBOX", "WEBSITE"]
