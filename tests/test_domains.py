"""Websites and DNS zones: one of each per domain on the whole platform, in one spelling;
a search over the domains of the visible customers; copies never take a domain."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from domain.provisioning import domains
from gql.schema.relay import to_global_id
from models import AuditEvent, Organization, SecurityPolicy, Service, User
from models.enums import OrganizationKind, OrganizationStatus, Role, ServiceKind
from tests import factories
from tests.api import Api

CREATE_SERVICE = """
mutation ($org: ID!, $kind: ServiceKind!, $name: String!) {
  createService(input: {organizationId: $org, kind: $kind, name: $name}) {
    service { name domain } userErrors { field code message }
  }
}
"""
RENAME = """
mutation ($id: ID!, $name: String!) {
  updateService(input: {id: $id, name: $name}) {
    service { name domain } userErrors { field code }
  }
}
"""
SEARCH = """
query ($domain: String!) {
  services(first: 50, filter: {domain: $domain}) { edges { node { name domain kind } } }
}
"""
COPY = """
mutation ($input: CopyCustomerInput!) {
  copyCustomer(input: $input) {
    organization { name status effectiveStatus } generatedPassword userErrors { field code }
  }
}
"""


def gid(org: Organization) -> str:
    return to_global_id("Organization", org.id)


@pytest.fixture
async def world() -> dict[str, Any]:
    """Two resellers with a customer each, and nothing else in common."""
    master = await factories.master()
    north = await factories.organization(OrganizationKind.RESELLER, master, name="North")
    south = await factories.organization(OrganizationKind.RESELLER, master, name="South")
    shop = await factories.organization(OrganizationKind.CUSTOMER, north, name="Shop")
    cafe = await factories.organization(OrganizationKind.CUSTOMER, south, name="Cafe")
    tokens = {}
    for person, org in [("admin", master), ("north", north), ("south", south), ("shop", shop)]:
        _, tokens[person] = await factories.quick_member(org, f"{person}@example.com", Role.OWNER)
    return {"tokens": tokens, "north": north, "shop": shop, "cafe": cafe}


async def add(
    api: Api, world: dict[str, Any], who: str, org: str, name: str, kind: str = "WEBSITE"
) -> dict[str, Any]:
    variables = {"org": gid(world[org]), "kind": kind, "name": name}
    data = await api.data(CREATE_SERVICE, variables, world["tokens"][who])
    result: dict[str, Any] = data["createService"]
    return result


def codes(result: dict[str, Any]) -> list[tuple[str, list[str]]]:
    return [(e["code"], e["field"]) for e in result["userErrors"]]


async def test_a_domain_is_stored_in_one_spelling(api: Api, world: dict[str, Any]) -> None:
    plain = await add(api, world, "shop", "shop", " Shop.Example.COM. ")
    idn = await add(api, world, "shop", "shop", "Bäckerei.de")

    assert plain == {
        "service": {"name": "Shop.Example.COM.", "domain": "shop.example.com"},
        "userErrors": [],
    }
    assert idn["service"] == {"name": "Bäckerei.de", "domain": "xn--bckerei-5wa.de"}
    mailbox = await add(api, world, "shop", "shop", "info", kind="MAILBOX")
    assert mailbox == {"service": {"name": "info", "domain": None}, "userErrors": []}


async def test_a_taken_domain_is_refused_whoever_has_it(api: Api, world: dict[str, Any]) -> None:
    assert (await add(api, world, "north", "shop", "shop.example"))["userErrors"] == []

    # Another reseller's customer, in another spelling: refused all the same.
    again = await add(api, world, "south", "cafe", "SHOP.example.")
    own_twice = await add(api, world, "shop", "shop", "shop.example")
    as_ascii = await add(api, world, "south", "cafe", "xn--bckerei-5wa.de")
    idn = await add(api, world, "north", "shop", "bäckerei.de")

    assert again["service"] is None
    assert codes(again) == [("DOMAIN_TAKEN", ["input", "name"])]
    # The message names neither the holder nor its reseller.
    assert "Shop" not in again["userErrors"][0]["message"]
    assert codes(own_twice) == [("DOMAIN_TAKEN", ["input", "name"])]
    assert as_ascii["userErrors"] == []
    assert codes(idn) == [("DOMAIN_TAKEN", ["input", "name"])]
    # A zone is another kind: the same domain may have a website and a zone.
    assert (await add(api, world, "south", "cafe", "shop.example", kind="DNS_ZONE"))[
        "userErrors"
    ] == []
    assert await Service.filter(domain="shop.example").count() == 2
    assert await AuditEvent.filter(action="service.create").count() == 3


@pytest.mark.parametrize(
    "name",
    [
        "localhost",
        "a..example",
        "-shop.example",
        "shop_1.example",
        "exa mple.com",
        "*.example.com",
        "1.2.3.4",
        "shop.example..",
        "x" * 64 + ".example",
        ("a" * 60 + ".") * 5 + "example",
        "nul\u0000.example",
        "https://shop.example",
    ],
)
async def test_a_website_or_zone_needs_a_domain_name(
    api: Api, world: dict[str, Any], name: str
) -> None:
    for kind in ("WEBSITE", "DNS_ZONE"):
        result = await add(api, world, "shop", "shop", name, kind=kind)
        assert codes(result) == [("INVALID", ["input", "name"])], (name, kind)
    assert await Service.all().count() == 0


async def test_two_concurrent_creates_of_one_domain_leave_one(
    api: Api, world: dict[str, Any]
) -> None:
    first, second = await asyncio.gather(
        add(api, world, "north", "shop", "race.example"),
        add(api, world, "south", "cafe", "Race.Example"),
    )

    assert sorted(str(codes(r)) for r in (first, second)) == sorted(
        ["[]", str([("DOMAIN_TAKEN", ["input", "name"])])]
    )
    assert await Service.filter(domain="race.example").count() == 1


async def test_the_unique_index_settles_a_race_the_check_missed(
    api: Api, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both creates pass the check (as two transactions may, each before the other's
    insert commits); the index refuses the second insert and the caller hears the same
    DOMAIN_TAKEN, with nothing of the refused create written."""

    async def free(*args: Any, **kwargs: Any) -> None:
        return None

    monkeypatch.setattr(domains, "require_free", free)

    results = await asyncio.gather(
        add(api, world, "north", "shop", "race.example"),
        add(api, world, "south", "cafe", "race.example."),
    )

    assert sorted(len(r["userErrors"]) for r in results) == [0, 1]
    refused = next(r for r in results if r["userErrors"])
    assert codes(refused) == [("DOMAIN_TAKEN", ["input", "name"])]
    assert await Service.filter(domain="race.example").count() == 1
    assert await AuditEvent.filter(action="service.create").count() == 1


async def test_renaming_moves_the_domain(api: Api, world: dict[str, Any]) -> None:
    site = (await add(api, world, "shop", "shop", "old.example"))["service"]
    await add(api, world, "south", "cafe", "cafe.example")
    service_id = to_global_id("Service", (await Service.get(domain="old.example")).id)
    token = world["tokens"]["shop"]

    taken = await api.data(RENAME, {"id": service_id, "name": "CAFE.example"}, token)
    invalid = await api.data(RENAME, {"id": service_id, "name": "not a domain"}, token)
    renamed = await api.data(RENAME, {"id": service_id, "name": "New.Example"}, token)

    assert site == {"name": "old.example", "domain": "old.example"}
    assert codes(taken["updateService"]) == [("DOMAIN_TAKEN", ["input", "name"])]
    assert codes(invalid["updateService"]) == [("INVALID", ["input", "name"])]
    assert renamed["updateService"] == {
        "service": {"name": "New.Example", "domain": "new.example"},
        "userErrors": [],
    }
    # The old domain is free again.
    assert (await add(api, world, "south", "cafe", "old.example"))["userErrors"] == []


async def test_the_domain_search_covers_visible_customers_only(
    api: Api, world: dict[str, Any]
) -> None:
    await add(api, world, "shop", "shop", "shop.example")
    await add(api, world, "shop", "shop", "bäckerei.de", kind="DNS_ZONE")
    await add(api, world, "south", "cafe", "cafe.example")
    await add(api, world, "shop", "shop", "example-mail", kind="MAILBOX")

    async def found(token: str, text: str) -> set[str]:
        data = await api.data(SEARCH, {"domain": text}, world["tokens"][token])
        return {e["node"]["domain"] for e in data["services"]["edges"]}

    assert await found("admin", "EXAMPLE") == {"shop.example", "cafe.example"}
    assert await found("north", "example") == {"shop.example"}
    assert await found("south", "shop") == set()
    assert await found("admin", "Bäckerei") == {"xn--bckerei-5wa.de"}
    assert await found("admin", "100%") == set()


@pytest.fixture
async def source(world: dict[str, Any]) -> Organization:
    """Shop with a strict policy of its own, a website and a mailbox."""
    shop: Organization = world["shop"]
    await SecurityPolicy.create(organization=shop, min_password_length=20, require_digit=True)
    await Service.create(
        organization=shop, kind=ServiceKind.WEBSITE, name="shop.example", domain="shop.example"
    )
    await Service.create(organization=shop, kind=ServiceKind.MAILBOX, name="info@shop")
    return shop


def copy_input(shop: Organization, **extra: Any) -> dict[str, Any]:
    return {
        "sourceId": gid(shop),
        "name": "Shop Copy",
        "owner": {"email": "copy@example.com"},
        **extra,
    }


async def test_a_copy_may_stay_pending(
    api: Api, world: dict[str, Any], source: Organization
) -> None:
    data = await api.data(
        COPY, {"input": copy_input(source, activate=False)}, world["tokens"]["north"]
    )

    assert data["copyCustomer"]["userErrors"] == []
    assert data["copyCustomer"]["organization"] == {
        "name": "Shop Copy",
        "status": "PENDING",
        "effectiveStatus": "PENDING",
    }
    copy = await Organization.get(name="Shop Copy")
    assert copy.status == OrganizationStatus.PENDING
    assert copy.activated_at is None
    # By default a copy is active, as before.
    active = await api.data(
        COPY,
        {
            "input": {
                **copy_input(source),
                "name": "Active Copy",
                "owner": {"email": "a@example.com"},
            }
        },
        world["tokens"]["north"],
    )
    assert active["copyCustomer"]["organization"]["status"] == "ACTIVE"


async def test_the_copied_policy_applies_to_the_new_owners_password(
    api: Api, world: dict[str, Any], source: Organization
) -> None:
    token = world["tokens"]["north"]
    # Long enough for the reseller's own policy (8), not for the copied one (20, a digit).
    weak = await api.data(
        COPY,
        {
            "input": copy_input(
                source, owner={"email": "copy@example.com", "password": "only-sixteen-chr"}
            )
        },
        token,
    )
    no_digit = await api.data(
        COPY,
        {
            "input": copy_input(
                source, owner={"email": "copy@example.com", "password": "twenty-or-more-characters"}
            )
        },
        token,
    )

    assert codes(weak["copyCustomer"]) == [("WEAK_PASSWORD", ["input", "owner", "password"])]
    assert codes(no_digit["copyCustomer"]) == [("WEAK_PASSWORD", ["input", "owner", "password"])]
    assert not await Organization.filter(name="Shop Copy").exists()
    assert not await User.filter(email="copy@example.com").exists()

    strong = await api.data(
        COPY,
        {
            "input": copy_input(
                source,
                owner={"email": "copy@example.com", "password": "twenty-or-more-characters-1"},
            )
        },
        token,
    )
    generated = await api.data(
        COPY,
        {
            "input": {
                **copy_input(source),
                "name": "Second Copy",
                "owner": {"email": "c2@example.com"},
            }
        },
        token,
    )
    assert strong["copyCustomer"]["userErrors"] == []
    password = generated["copyCustomer"]["generatedPassword"]
    assert len(password) >= 20
    assert any(c.isdigit() for c in password)


async def test_a_copy_never_takes_the_sources_domains(
    api: Api, world: dict[str, Any], source: Organization
) -> None:
    token = world["tokens"]["north"]

    refused = await api.data(
        COPY, {"input": copy_input(source, serviceKinds=["WEBSITE", "MAILBOX"])}, token
    )
    mail_only = await api.data(
        COPY, {"input": copy_input(source, serviceKinds=["MAILBOX", "DNS_ZONE"])}, token
    )

    assert codes(refused["copyCustomer"]) == [("DOMAIN_TAKEN", ["input", "serviceKinds"])]
    assert refused["copyCustomer"]["organization"] is None
    # DNS_ZONE copies nothing here (the source has no zone): nothing stands in the way.
    assert mail_only["copyCustomer"]["userErrors"] == []
    copy = await Organization.get(name="Shop Copy")
    assert [s.name for s in await Service.filter(organization=copy)] == ["info@shop"]
    assert await Service.filter(domain="shop.example").count() == 1
