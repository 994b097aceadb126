"""Webhook endpoints through the API: managed by the logins who administer their
organization, the secret shown once, every change audited, every bad input refused."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any
from uuid import uuid4

import orjson
import pytest
from tortoise.timezone import now

from domain.events import sequencer
from domain.webhooks import secrets
from gql.schema.relay import to_global_id
from models import AuditEvent, Organization, WebhookDelivery, WebhookEndpoint
from models.enums import OrganizationKind, OrganizationStatus, Role
from tests import factories
from tests.api import Api, error_codes

FIELDS = (
    "id url description eventTypes enabled disabledReason disabledAt failingSince "
    "consecutiveFailures nextAttemptAt lastSuccessAt createdAt updatedAt organization { name }"
)
CREATE = f"""
mutation ($input: CreateWebhookEndpointInput!) {{
  createWebhookEndpoint(input: $input) {{
    webhookEndpoint {{ {FIELDS} }} secret userErrors {{ field code message }}
  }}
}}
"""
UPDATE = f"""
mutation ($input: UpdateWebhookEndpointInput!) {{
  updateWebhookEndpoint(input: $input) {{
    webhookEndpoint {{ {FIELDS} }} userErrors {{ field code message }}
  }}
}}
"""
DELETE = """
mutation ($id: ID!) {
  deleteWebhookEndpoint(input: {id: $id}) {
    deletedWebhookEndpointId userErrors { field code message }
  }
}
"""
ROTATE = """
mutation ($id: ID!) {
  rotateWebhookSecret(input: {id: $id}) {
    webhookEndpoint { id } secret userErrors { field code message }
  }
}
"""
LIST = "{ webhookEndpoints { totalCount edges { node { id url organization { name } } } } }"
NODE = "query ($id: ID!) { node(id: $id) { id ... on WebhookEndpoint { url } } }"
URL = "https://hooks.example.com/in/t0ken?x=1"


@pytest.fixture
async def land() -> dict[str, Any]:
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    customer = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Customer")
    other = await factories.organization(OrganizationKind.RESELLER, master, name="Other")
    orgs = {"master": master, "reseller": reseller, "customer": customer, "other": other}
    tokens = {}
    for person, org, role in [
        ("admin", master, Role.ADMIN),
        ("reseller", reseller, Role.OWNER),
        ("support", reseller, Role.MEMBER),
        ("customer", customer, Role.OWNER),
        ("member", customer, Role.MEMBER),
        ("other", other, Role.OWNER),
    ]:
        _, tokens[person] = await factories.quick_member(org, f"{person}@example.com", role)
    return {"orgs": orgs, "tokens": tokens}


def org_id(land: dict[str, Any], name: str) -> str:
    return to_global_id("Organization", land["orgs"][name].id)


async def create(api: Api, land: dict[str, Any], person: str, **fields: Any) -> dict[str, Any]:
    data = await api.data(CREATE, {"input": {"url": URL, **fields}}, land["tokens"][person])
    result: dict[str, Any] = data["createWebhookEndpoint"]
    return result


async def created(api: Api, land: dict[str, Any], person: str, **fields: Any) -> dict[str, Any]:
    result = await create(api, land, person, **fields)
    assert result["userErrors"] == [], result
    return result


async def endpoint_actions() -> list[str]:
    rows = await AuditEvent.filter(action__startswith="webhook_endpoint.").order_by("created_at")
    return [row.action for row in rows]


# The whole life of an endpoint.


async def test_an_endpoint_is_created_listed_changed_rotated_and_deleted(
    api: Api, land: dict[str, Any]
) -> None:
    token = land["tokens"]["reseller"]
    made = await created(api, land, "reseller", description="Billing", eventTypes=["user.*"])

    endpoint = made["webhookEndpoint"]
    assert endpoint["url"] == URL
    assert endpoint["organization"] == {"name": "Reseller"}  # the actor's own by default
    assert (endpoint["enabled"], endpoint["disabledReason"], endpoint["eventTypes"]) == (
        True,
        "",
        ["user.*"],
    )
    assert endpoint["consecutiveFailures"] == 0
    listed = await api.data(LIST, token=token)
    assert listed["webhookEndpoints"]["totalCount"] == 1
    assert listed["webhookEndpoints"]["edges"][0]["node"]["id"] == endpoint["id"]
    found = await api.data(NODE, {"id": endpoint["id"]}, token)
    assert found["node"] == {"id": endpoint["id"], "url": URL}

    changed = await api.data(
        UPDATE,
        {"input": {"id": endpoint["id"], "description": "Sync", "eventTypes": []}},
        token,
    )
    assert changed["updateWebhookEndpoint"]["userErrors"] == []
    now_shown = changed["updateWebhookEndpoint"]["webhookEndpoint"]
    assert (now_shown["description"], now_shown["eventTypes"], now_shown["url"]) == (
        "Sync",
        [],
        URL,
    )

    rotated = (await api.data(ROTATE, {"id": endpoint["id"]}, token))["rotateWebhookSecret"]
    assert rotated["userErrors"] == []
    assert rotated["secret"].startswith("whsec_")
    assert rotated["secret"] != made["secret"]

    deleted = await api.data(DELETE, {"id": endpoint["id"]}, token)
    assert deleted["deleteWebhookEndpoint"] == {
        "deletedWebhookEndpointId": endpoint["id"],
        "userErrors": [],
    }
    assert (await api.data(NODE, {"id": endpoint["id"]}, token))["node"] is None
    assert (await api.data(LIST, token=token))["webhookEndpoints"]["totalCount"] == 0
    assert await endpoint_actions() == [
        "webhook_endpoint.create",
        "webhook_endpoint.update",
        "webhook_endpoint.rotate_secret",
        "webhook_endpoint.delete",
    ]


async def test_the_secret_is_shown_once_stored_sealed_and_never_readable_again(
    api: Api, land: dict[str, Any]
) -> None:
    made = await created(api, land, "reseller")
    secret = made["secret"]

    assert secret.startswith("whsec_")
    assert len(secrets.key_of(secret)) == 32
    stored = await WebhookEndpoint.get()
    assert secret not in stored.secret_sealed
    assert secrets.signing_keys(stored, factories.TEST_SECRET_KEY) == [secrets.key_of(secret)]
    # Not a field of the type: asking for it is a validation error, not a null.
    asked = await api(
        "{ webhookEndpoints { edges { node { secret } } } }", token=land["tokens"]["reseller"]
    )
    assert error_codes(asked) == ["BAD_REQUEST"]
    read = await api.data(
        f"{{ webhookEndpoints {{ edges {{ node {{ {FIELDS} }} }} }} }}",
        token=land["tokens"]["reseller"],
    )
    assert secret not in orjson.dumps(read).decode()
    events = await AuditEvent.filter(action__startswith="webhook_endpoint.")
    assert events
    assert all(secret not in orjson.dumps(e.summary).decode() for e in events)


async def test_a_rotation_keeps_the_previous_secret_signing_for_24_hours(
    api: Api, land: dict[str, Any]
) -> None:
    made = await created(api, land, "reseller")
    old_sealed = (await WebhookEndpoint.get()).secret_sealed

    rotated = await api.data(
        ROTATE, {"id": made["webhookEndpoint"]["id"]}, land["tokens"]["reseller"]
    )

    new = rotated["rotateWebhookSecret"]["secret"]
    stored = await WebhookEndpoint.get()
    assert stored.previous_secret_sealed == old_sealed
    assert stored.previous_secret_expires_at is not None
    left = stored.previous_secret_expires_at - now()
    assert timedelta(hours=23, minutes=59) < left <= timedelta(hours=24)
    assert secrets.signing_keys(stored, factories.TEST_SECRET_KEY) == [
        secrets.key_of(new),
        secrets.key_of(made["secret"]),
    ]
    event = await AuditEvent.get(action="webhook_endpoint.rotate_secret")
    assert new not in orjson.dumps(event.summary).decode()


async def test_disabling_records_a_person_and_enabling_starts_afresh(
    api: Api, land: dict[str, Any]
) -> None:
    token = land["tokens"]["reseller"]
    endpoint_id = (await created(api, land, "reseller"))["webhookEndpoint"]["id"]
    await WebhookEndpoint.all().update(
        failing_since=now(), consecutive_failures=7, next_attempt_at=now() + timedelta(hours=1)
    )

    off = await api.data(UPDATE, {"input": {"id": endpoint_id, "enabled": False}}, token)
    shown = off["updateWebhookEndpoint"]["webhookEndpoint"]
    assert (shown["enabled"], shown["disabledReason"]) == (False, "Disabled by a user.")
    assert shown["disabledAt"] is not None
    on = await api.data(UPDATE, {"input": {"id": endpoint_id, "enabled": True}}, token)

    shown = on["updateWebhookEndpoint"]["webhookEndpoint"]
    assert shown["enabled"] is True
    assert [
        shown[f] for f in ("disabledReason", "disabledAt", "failingSince", "nextAttemptAt")
    ] == [
        "",
        None,
        None,
        None,
    ]
    assert shown["consecutiveFailures"] == 0
    summaries = [
        e.summary
        for e in await AuditEvent.filter(action="webhook_endpoint.update").order_by("created_at")
    ]
    assert summaries == [
        {"changed": ["enabled"], "enabled": False},
        {"changed": ["enabled"], "enabled": True},
    ]


async def test_an_update_that_changes_nothing_writes_no_event(
    api: Api, land: dict[str, Any]
) -> None:
    endpoint_id = (await created(api, land, "reseller", description="Same"))["webhookEndpoint"][
        "id"
    ]

    same = await api.data(
        UPDATE, {"input": {"id": endpoint_id, "description": "Same"}}, land["tokens"]["reseller"]
    )

    assert same["updateWebhookEndpoint"]["userErrors"] == []
    assert await endpoint_actions() == ["webhook_endpoint.create"]


async def test_event_types_are_stored_once_each_and_families_allowed(
    api: Api, land: dict[str, Any]
) -> None:
    made = await created(
        api,
        land,
        "reseller",
        eventTypes=["organization.*", "user.created", "organization.*", "user.created"],
    )

    assert made["webhookEndpoint"]["eventTypes"] == ["organization.*", "user.created"]
    assert (await WebhookEndpoint.get()).event_types == ["organization.*", "user.created"]


async def test_the_audit_log_names_an_endpoint_without_its_path(
    api: Api, land: dict[str, Any]
) -> None:
    await created(api, land, "reseller")  # the URL's path and query hold a token

    event = await AuditEvent.get(action="webhook_endpoint.create")

    assert event.target_type == "WebhookEndpoint"
    assert event.target_name == "https://hooks.example.com"
    assert event.summary == {"host": "https://hooks.example.com", "eventTypes": [], "enabled": True}
    assert "t0ken" not in orjson.dumps(event.summary).decode()


async def test_an_endpoint_of_the_platform_hears_that_an_endpoint_was_created(
    api: Api, land: dict[str, Any]
) -> None:
    platform = await created(api, land, "admin", eventTypes=["webhook_endpoint.*"])
    assert platform["webhookEndpoint"]["organization"] == {"name": "Platform"}
    made = await created(api, land, "customer", description="Shop")

    await sequencer.place_pending()

    deliveries = await WebhookDelivery.filter(
        endpoint_id=(await WebhookEndpoint.get(organization_id=land["orgs"]["master"].id)).id
    ).order_by("position")
    bodies = [orjson.loads(d.payload) for d in deliveries]
    assert [b["type"] for b in bodies] == ["webhook_endpoint.created"] * 2
    assert bodies[1]["data"]["target"] == {
        "type": "WebhookEndpoint",
        "id": made["webhookEndpoint"]["id"],
        "name": "Shop",
    }
    assert made["secret"] not in deliveries[1].payload


# Who sees and manages them.


async def test_another_reseller_finds_nothing_exactly_as_for_a_random_id(
    api: Api, land: dict[str, Any]
) -> None:
    endpoint_id = (await created(api, land, "reseller"))["webhookEndpoint"]["id"]
    random_id = to_global_id("WebhookEndpoint", uuid4())
    token = land["tokens"]["other"]

    assert (await api.data(LIST, token=token))["webhookEndpoints"]["totalCount"] == 0
    assert (await api.data(NODE, {"id": endpoint_id}, token))["node"] is None
    for target in (endpoint_id, random_id):
        update = await api.data(UPDATE, {"input": {"id": target, "description": "x"}}, token)
        delete = await api.data(DELETE, {"id": target}, token)
        rotate = await api.data(ROTATE, {"id": target}, token)
        answers = [
            update["updateWebhookEndpoint"]["userErrors"],
            delete["deleteWebhookEndpoint"]["userErrors"],
            rotate["rotateWebhookSecret"]["userErrors"],
        ]
        assert (
            answers == [[{"field": ["input", "id"], "code": "NOT_FOUND", "message": MISSING}]] * 3
        )
    refused = await create(api, land, "other", organizationId=org_id(land, "reseller"))
    assert refused["userErrors"] == [
        {"field": ["input", "organizationId"], "code": "NOT_FOUND", "message": NO_ORG}
    ]
    stored = await WebhookEndpoint.get()
    assert (stored.description, await WebhookEndpoint.all().count()) == ("", 1)
    assert await endpoint_actions() == ["webhook_endpoint.create"]


MISSING = "No webhook endpoint with this id."
NO_ORG = "No organization with this id."


async def test_the_owner_chain_sees_and_manages_a_customers_endpoints(
    api: Api, land: dict[str, Any]
) -> None:
    endpoint_id = (await created(api, land, "customer"))["webhookEndpoint"]["id"]

    for person in ("reseller", "admin"):
        listed = await api.data(LIST, token=land["tokens"][person])
        assert [e["node"]["id"] for e in listed["webhookEndpoints"]["edges"]] == [endpoint_id]
    by_reseller = await create(api, land, "reseller", organizationId=org_id(land, "customer"))
    assert by_reseller["webhookEndpoint"]["organization"] == {"name": "Customer"}
    filtered = await api.data(
        "query ($org: ID) { webhookEndpoints(organizationId: $org) { totalCount } }",
        {"org": org_id(land, "reseller")},
        land["tokens"]["reseller"],
    )
    assert filtered["webhookEndpoints"]["totalCount"] == 0


@pytest.mark.parametrize("person", ["member", "support"])
async def test_members_see_none_and_manage_none(
    api: Api, land: dict[str, Any], person: str
) -> None:
    endpoint_id = (await created(api, land, "customer"))["webhookEndpoint"]["id"]
    token = land["tokens"][person]

    assert (await api.data(LIST, token=token))["webhookEndpoints"]["totalCount"] == 0
    assert (await api.data(NODE, {"id": endpoint_id}, token))["node"] is None
    update = await api.data(UPDATE, {"input": {"id": endpoint_id, "enabled": False}}, token)
    assert [e["code"] for e in update["updateWebhookEndpoint"]["userErrors"]] == ["NOT_FOUND"]
    own = await create(api, land, person)  # their own organization: seen, not managed
    assert [(e["field"], e["code"]) for e in own["userErrors"]] == [
        (["input", "organizationId"], "FORBIDDEN")
    ]
    assert await WebhookEndpoint.all().count() == 1
    assert (await WebhookEndpoint.get()).enabled


async def _impersonation(api: Api, land: dict[str, Any]) -> str:
    data = await api.data(
        "mutation ($id: ID!) { impersonate(input: {organizationId: $id}) { token } }",
        {"id": org_id(land, "customer")},
        land["tokens"]["reseller"],
    )
    token: str = data["impersonate"]["token"]
    return token


async def _api_key(api: Api, land: dict[str, Any]) -> str:
    data = await api.data(
        "mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }",
        {"input": {"organizationId": org_id(land, "customer"), "name": "k", "role": "OWNER"}},
        land["tokens"]["customer"],
    )
    secret: str = data["createApiKey"]["secret"]
    return secret


@pytest.mark.parametrize("credential", [_impersonation, _api_key])
async def test_an_impersonation_and_an_api_key_are_refused(
    api: Api, land: dict[str, Any], credential: Any
) -> None:
    endpoint_id = (await created(api, land, "customer"))["webhookEndpoint"]["id"]
    token = await credential(api, land)
    before = await AuditEvent.all().count()

    answers = [
        await api(CREATE, {"input": {"url": URL}}, token),
        await api(UPDATE, {"input": {"id": endpoint_id, "enabled": False}}, token),
        await api(DELETE, {"id": endpoint_id}, token),
        await api(ROTATE, {"id": endpoint_id}, token),
    ]

    for answer in answers:
        assert error_codes(answer) == ["FORBIDDEN"], answer
        assert answer["data"] is None
    assert await WebhookEndpoint.all().count() == 1
    stored = await WebhookEndpoint.get()
    assert stored.enabled
    assert stored.previous_secret_sealed is None
    assert await AuditEvent.all().count() == before


async def test_a_deleted_organization_gets_no_new_endpoint(api: Api, land: dict[str, Any]) -> None:
    await Organization.filter(id=land["orgs"]["customer"].id).update(
        status=OrganizationStatus.DELETED
    )

    refused = await create(api, land, "reseller", organizationId=org_id(land, "customer"))

    assert [e["code"] for e in refused["userErrors"]] == ["INVALID_STATE"]
    assert await WebhookEndpoint.all().count() == 0


# Bad input: refused with a userErrors entry on its field, and nothing written.


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"url": "ftp://hooks.example.com/in"}, [["input", "url"]]),
        ({"url": "hooks.example.com/in"}, [["input", "url"]]),
        ({"url": "https://"}, [["input", "url"]]),
        ({"url": "https:///path"}, [["input", "url"]]),
        ({"url": ""}, [["input", "url"]]),
        ({"url": "https://user:pass@hooks.example.com/"}, [["input", "url"]]),
        ({"url": "https://user@hooks.example.com/"}, [["input", "url"]]),
        ({"url": "https://hooks.example.com/in#part"}, [["input", "url"]]),
        ({"url": "https://hooks.example.com/in#"}, [["input", "url"]]),
        ({"url": "https://hooks.example.com/" + "a" * 2000}, [["input", "url"]]),
        ({"url": "https://hooks.example.com/a b"}, [["input", "url"]]),
        ({"url": "https://hooks.example.com/a\tb"}, [["input", "url"]]),
        ({"url": "https://hooks.example.com/\x00"}, [["input", "url"]]),
        ({"url": "https://hooks.example.com/\x07"}, [["input", "url"]]),
        ({"url": "https://hooks.example.com/a\u0085b"}, [["input", "url"]]),
        ({"url": "https://hooks.example.com\\@evil.example/"}, [["input", "url"]]),
        ({"url": "https://[::1/"}, [["input", "url"]]),
        ({"url": "https://hooks.example.com:99999/"}, [["input", "url"]]),
        ({"eventTypes": ["organization.nope"]}, [["input", "eventTypes", "0"]]),
        (
            {"eventTypes": ["user.created", "nope.*", "\x00"]},
            [
                ["input", "eventTypes", "1"],
                ["input", "eventTypes", "2"],
            ],
        ),
        ({"eventTypes": ["*"]}, [["input", "eventTypes", "0"]]),
        ({"eventTypes": ["user.created"] * 101}, [["input", "eventTypes"]]),
        ({"description": "d" * 201}, [["input", "description"]]),
        ({"description": "a\x00b"}, [["input", "description"]]),
        ({"description": "two\nlines"}, [["input", "description"]]),
        (
            {"url": "gopher://x", "description": "d" * 201, "eventTypes": ["x"]},
            [["input", "url"], ["input", "description"], ["input", "eventTypes", "0"]],
        ),
    ],
)
async def test_bad_input_to_create_is_refused_field_by_field(
    api: Api, land: dict[str, Any], fields: dict[str, Any], errors: list[list[str]]
) -> None:
    refused = await create(api, land, "reseller", **fields)

    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [
        (field, "INVALID") for field in errors
    ]
    assert (refused["webhookEndpoint"], refused["secret"]) == (None, None)
    assert await WebhookEndpoint.all().count() == 0
    assert await endpoint_actions() == []


async def test_an_audit_action_for_an_event_type_is_told_the_type_to_use(
    api: Api, land: dict[str, Any]
) -> None:
    """The audit log shows `user.create`, the stream `user.created`: the likeliest typo."""
    refused = await create(api, land, "reseller", eventTypes=["user.created", "user.create"])

    assert [(e["field"], e["message"]) for e in refused["userErrors"]] == [
        (
            ["input", "eventTypes", "1"],
            "No event type or family of this name. "
            "`user.create` is an audit action: its event type is `user.created`.",
        )
    ]
    plain = await create(api, land, "reseller", eventTypes=["user.nope"])
    assert [e["message"] for e in plain["userErrors"]] == ["No event type or family of this name."]
    assert await WebhookEndpoint.all().count() == 0


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"url": None}, [["input", "url"]]),
        ({"enabled": None}, [["input", "enabled"]]),
        ({"url": "http://"}, [["input", "url"]]),
        ({"eventTypes": ["nope"]}, [["input", "eventTypes", "0"]]),
        ({"description": "d" * 201, "url": "x"}, [["input", "url"], ["input", "description"]]),
    ],
)
async def test_bad_input_to_update_is_refused_and_changes_nothing(
    api: Api, land: dict[str, Any], fields: dict[str, Any], errors: list[list[str]]
) -> None:
    endpoint_id = (await created(api, land, "reseller"))["webhookEndpoint"]["id"]

    refused = await api.data(
        UPDATE, {"input": {"id": endpoint_id, **fields}}, land["tokens"]["reseller"]
    )

    answer = refused["updateWebhookEndpoint"]
    assert [(e["field"], e["code"]) for e in answer["userErrors"]] == [
        (field, "INVALID") for field in errors
    ]
    assert answer["webhookEndpoint"] is None
    stored = await WebhookEndpoint.get()
    assert (stored.url, stored.description, stored.enabled) == (URL, "", True)
    assert await endpoint_actions() == ["webhook_endpoint.create"]


@pytest.mark.parametrize(
    "make_id",
    [
        lambda land: to_global_id("Organization", land["orgs"]["reseller"].id),  # another type
        lambda land: "not-an-id",
        lambda land: to_global_id("WebhookEndpoint", uuid4()),
    ],
)
async def test_ids_of_another_type_or_none_at_all_are_not_found(
    api: Api, land: dict[str, Any], make_id: Any
) -> None:
    await created(api, land, "reseller")
    token = land["tokens"]["reseller"]
    bad = make_id(land)

    update = await api.data(UPDATE, {"input": {"id": bad, "enabled": False}}, token)
    delete = await api.data(DELETE, {"id": bad}, token)
    rotate = await api.data(ROTATE, {"id": bad}, token)

    for errors in (
        update["updateWebhookEndpoint"]["userErrors"],
        delete["deleteWebhookEndpoint"]["userErrors"],
        rotate["rotateWebhookSecret"]["userErrors"],
    ):
        assert [(e["field"], e["code"]) for e in errors] == [(["input", "id"], "NOT_FOUND")]
    assert await WebhookEndpoint.all().count() == 1
    assert await endpoint_actions() == ["webhook_endpoint.create"]


@pytest.mark.parametrize(
    "organization",
    [
        lambda land: to_global_id("User", uuid4()),
        lambda land: to_global_id("WebhookEndpoint", land["orgs"]["reseller"].id),
        lambda land: "bm9wZQ",
    ],
)
async def test_an_organization_id_that_names_no_organization_is_not_found(
    api: Api, land: dict[str, Any], organization: Any
) -> None:
    refused = await create(api, land, "reseller", organizationId=organization(land))

    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [
        (["input", "organizationId"], "NOT_FOUND")
    ]
    assert await WebhookEndpoint.all().count() == 0


async def test_an_organization_has_at_most_20_endpoints(api: Api, land: dict[str, Any]) -> None:
    for n in range(20):
        await created(api, land, "reseller", url=f"https://hooks.example.com/{n}")

    refused = await create(api, land, "reseller")
    elsewhere = await create(api, land, "reseller", organizationId=org_id(land, "customer"))

    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [
        (["input", "organizationId"], "QUOTA_EXCEEDED")
    ]
    assert "at most 20" in refused["userErrors"][0]["message"]
    assert elsewhere["userErrors"] == []  # per organization
    assert await WebhookEndpoint.filter(organization_id=land["orgs"]["reseller"].id).count() == 20


async def test_creates_at_once_never_pass_the_limit(api: Api, land: dict[str, Any]) -> None:
    for n in range(17):
        await created(api, land, "reseller", url=f"https://hooks.example.com/{n}")

    answers = await asyncio.gather(*(create(api, land, "reseller") for _ in range(6)))

    codes = sorted(e["code"] for answer in answers for e in answer["userErrors"])
    assert codes == ["QUOTA_EXCEEDED"] * 3
    assert await WebhookEndpoint.all().count() == 20


async def test_production_takes_https_only(production_api: Api, land: dict[str, Any]) -> None:
    plain = await create(production_api, land, "reseller", url="http://hooks.example.com/in")
    secure = await create(production_api, land, "reseller")

    assert [(e["field"], e["code"]) for e in plain["userErrors"]] == [(["input", "url"], "INVALID")]
    assert secure["userErrors"] == []
    endpoint_id = secure["webhookEndpoint"]["id"]
    downgrade = await production_api.data(
        UPDATE,
        {"input": {"id": endpoint_id, "url": "http://hooks.example.com/in"}},
        land["tokens"]["reseller"],
    )
    assert [e["code"] for e in downgrade["updateWebhookEndpoint"]["userErrors"]] == ["INVALID"]
    assert (await WebhookEndpoint.get()).url == URL


async def test_development_takes_plain_http(api: Api, land: dict[str, Any]) -> None:
    made = await created(api, land, "reseller", url="http://127.0.0.1:8080/hook")

    assert made["webhookEndpoint"]["url"] == "http://127.0.0.1:8080/hook"


async def test_a_new_url_is_tried_at_once_not_after_the_old_ones_backoff(
    api: Api, land: dict[str, Any]
) -> None:
    token = land["tokens"]["reseller"]
    endpoint_id = (await created(api, land, "reseller"))["webhookEndpoint"]["id"]
    waiting = now() + timedelta(hours=3)
    await WebhookEndpoint.all().update(next_attempt_at=waiting, consecutive_failures=5)

    renamed = await api.data(UPDATE, {"input": {"id": endpoint_id, "description": "x"}}, token)
    shown = renamed["updateWebhookEndpoint"]["webhookEndpoint"]
    assert shown["nextAttemptAt"] is not None  # a new name changes nothing of the wait
    moved = await api.data(
        UPDATE, {"input": {"id": endpoint_id, "url": "https://new.example.com/in"}}, token
    )

    shown = moved["updateWebhookEndpoint"]["webhookEndpoint"]
    assert shown["nextAttemptAt"] is None
    assert shown["consecutiveFailures"] == 5  # still failing until a try succeeds
