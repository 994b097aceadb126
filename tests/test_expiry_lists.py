"""Account expiry in lists: `organizations` filtered by an expiry range and ordered by
EXPIRES_AT (no date sorts as the latest, on both databases; cursors page it exactly), and
the `expires_at` column of the organizations export (docs/lists.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from models import Organization
from models.enums import OrganizationKind
from tests import factories
from tests.api import Api, error_codes
from tests.list_tree import build_tree
from tests.test_export import export, records

LIST = """
query ($filter: OrganizationFilter, $orderBy: OrganizationOrder, $first: Int, $after: String) {
  organizations(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    edges { node { name expiresAt } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
JAN = datetime(2027, 1, 1, tzinfo=UTC)
FEB = datetime(2027, 2, 1, tzinfo=UTC)
MAR = datetime(2027, 3, 1, tzinfo=UTC)
CUSTOMERS = {"kind": "CUSTOMER"}


@pytest.fixture
async def tree() -> dict[str, Any]:
    """build_tree's, with expiry dates: North Customer and Sub Customer A on 1 February,
    Sub Customer B on 1 January, South Customer on 1 March; a second North customer
    without one."""
    orgs = await build_tree()
    for name, expires in [
        ("North Customer", FEB),
        ("Sub Customer A", FEB),
        ("Sub Customer B", JAN),
        ("South Customer", MAR),
    ]:
        await Organization.filter(id=orgs[name].id).update(expires_at=expires)
    await factories.organization(OrganizationKind.CUSTOMER, orgs["north"], name="Forever")
    return orgs


async def _names(api: Api, token: str, **variables: Any) -> list[str]:
    data = await api.data(LIST, variables, token)
    return [edge["node"]["name"] for edge in data["organizations"]["edges"]]


def _order(direction: str) -> dict[str, str]:
    return {"field": "EXPIRES_AT", "direction": direction}


async def test_expiry_range_filters_are_inclusive_then_exclusive_and_skip_undated(
    api: Api, tree: dict[str, Any]
) -> None:
    admin = tree["tokens"]["admin"]

    def between(after: datetime | None, before: datetime | None) -> dict[str, Any]:
        bounds = {"expiresAfter": after, "expiresBefore": before}
        return {
            **CUSTOMERS,
            **{k: v.isoformat() for k, v in bounds.items() if v is not None},
        }

    order = {"field": "NAME", "direction": "ASC"}
    assert await _names(api, admin, filter=between(FEB, MAR), orderBy=order) == [
        "North Customer",
        "Sub Customer A",
    ]
    assert await _names(api, admin, filter=between(None, FEB), orderBy=order) == ["Sub Customer B"]
    assert await _names(api, admin, filter=between(FEB, None), orderBy=order) == [
        "North Customer",
        "South Customer",
        "Sub Customer A",
    ]
    assert await _names(api, admin, filter=between(MAR, FEB)) == []


async def test_an_expiry_filter_narrows_what_the_caller_sees(
    api: Api, tree: dict[str, Any]
) -> None:
    """South's customer expires in range, but North never sees it."""
    north = tree["tokens"]["north"]
    window = {"expiresAfter": JAN.isoformat(), "expiresBefore": "2027-04-01T00:00:00Z"}

    names = await _names(api, north, filter=window, orderBy=_order("ASC"))

    assert names[0] == "Sub Customer B"
    assert set(names[1:]) == {"North Customer", "Sub Customer A"}


async def test_expires_at_orders_soonest_first_and_undated_last(
    api: Api, tree: dict[str, Any]
) -> None:
    admin = tree["tokens"]["admin"]

    up = await _names(api, admin, filter=CUSTOMERS, orderBy=_order("ASC"))
    down = await _names(api, admin, filter=CUSTOMERS, orderBy=_order("DESC"))

    assert up[0] == "Sub Customer B"
    assert set(up[1:3]) == {"North Customer", "Sub Customer A"}  # a tie: by id
    assert up[3:] == ["South Customer", "Forever"]
    assert down == list(reversed(up))


async def test_paging_by_expires_at_gives_the_one_page_order(
    api: Api, tree: dict[str, Any]
) -> None:
    admin = tree["tokens"]["admin"]
    for number in range(3):  # more rows without a date: ties on NULL
        await factories.organization(OrganizationKind.CUSTOMER, tree["sub"], name=f"Open {number}")
    whole = await _names(api, admin, filter=CUSTOMERS, orderBy=_order("ASC"), first=100)

    paged: list[str] = []
    after = None
    while True:
        data = await api.data(
            LIST, {"filter": CUSTOMERS, "orderBy": _order("ASC"), "first": 2, "after": after}, admin
        )
        page = data["organizations"]
        paged += [edge["node"]["name"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    assert paged == whole
    assert len(whole) == 8


@pytest.mark.parametrize("bound", ["expiresAfter", "expiresBefore"])
@pytest.mark.parametrize("value", ["next week", 20270101, "2027-13-01T00:00:00Z"])
async def test_a_bad_expiry_bound_is_a_bad_request(
    api: Api, tree: dict[str, Any], bound: str, value: Any
) -> None:
    body = await api(LIST, {"filter": {bound: value}}, tree["tokens"]["admin"])

    assert error_codes(body) == ["BAD_REQUEST"]
    assert body["data"] is None


async def test_the_export_ends_with_the_expiry_date(api: Api, tree: dict[str, Any]) -> None:
    response = await export(
        api,
        "organizations",
        tree["tokens"]["north"],
        filter=CUSTOMERS,
        orderBy=_order("ASC"),
    )

    rows = records(response)
    header = list(rows[0])
    assert header[-2:] == ["external_id", "expires_at"]
    assert header[:3] == ["id", "name", "company"]  # earlier columns keep their places
    cells = [(row["name"], row["expires_at"]) for row in rows]
    assert cells[0] == ("Sub Customer B", JAN.isoformat())
    assert set(cells[1:3]) == {
        ("North Customer", FEB.isoformat()),
        ("Sub Customer A", FEB.isoformat()),
    }
    assert cells[3:] == [("Forever", "")]
