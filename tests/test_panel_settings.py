"""Panel settings: set at any level (Master, reseller, customer, department, user),
inherited below unless overridden, effective values with their sources, every field
validated, and who may change what."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest
from tortoise import connections

from gql.schema.relay import to_global_id
from models import AuditEvent, Department, OrganizationSettings, User
from models.enums import OrganizationKind, Role
from tests import factories
from tests.api import Api

EFFECTIVE = """
effectiveSettings {
  primaryColor logoUrl images { role url } footer language timezone attachmentsPolicy
  maxAttachmentMb bounceProcessing messageDisclaimer contactsVisibility contactsMayEditOwn
  contactsMayShare
  sources { primaryColor footer language timezone attachmentsPolicy maxAttachmentMb
            bounceProcessing messageDisclaimer contactsVisibility contactsMayShare }
}
"""
UPDATE_ORG = (
    "mutation ($input: UpdateOrganizationSettingsInput!) { updateOrganizationSettings("
    "input: $input) { organization { id branding { primaryColor logoUrl footer images "
    "{ role url } } settings { language timezone attachmentsPolicy maxAttachmentMb "
    "bounceProcessing messageDisclaimer } addressBook { visibility mayEditOwn mayShare } "
    + EFFECTIVE
    + " } userErrors { field code message } } }"
)
UPDATE_DEPARTMENT = (
    "mutation ($input: UpdateDepartmentInput!) { updateDepartment(input: $input) { "
    "department { branding { footer images { role } } settings { attachmentsPolicy "
    "maxAttachmentMb messageDisclaimer } addressBook { visibility mayShare } "
    + EFFECTIVE
    + " } userErrors { field code } } }"
)
UPDATE_USER = (
    "mutation ($input: UpdateUserInput!) { updateUser(input: $input) { user { "
    "bounceProcessing messageDisclaimer properties { displayName jobTitle office phone "
    "mobile } " + EFFECTIVE + " } userErrors { field code message } } }"
)
CREATE_USER = """
mutation ($input: CreateUserInput!) {
  createUser(input: $input) { user { language } userErrors { field code } }
}
"""


def gid(kind: str, uuid: Any) -> str:
    return to_global_id(kind, uuid)


@pytest.fixture
async def tree() -> dict[str, Any]:
    """Master -> Reseller -> Customer (with a Sales department); another reseller's
    customer; tokens for the staff of each and a customer MEMBER."""
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    customer = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Customer")
    other = await factories.organization(OrganizationKind.RESELLER, master, name="Other")
    foreign = await factories.organization(OrganizationKind.CUSTOMER, other, name="Foreign")
    sales = await Department.create(organization=customer, name="Sales")
    users, tokens = {}, {}
    for person, org, role in [
        ("admin", master, Role.OWNER),
        ("reseller", reseller, Role.ADMIN),
        ("other", other, Role.OWNER),
        ("owner", customer, Role.OWNER),
        ("member", customer, Role.MEMBER),
    ]:
        users[person], tokens[person] = await factories.quick_member(
            org, f"{person}@example.com", role
        )
    await User.filter(id=users["member"].id).update(department_id=sales.id)
    return {
        "master": master,
        "reseller": reseller,
        "customer": customer,
        "foreign": foreign,
        "sales": sales,
        "users": users,
        "tokens": tokens,
    }


async def set_org(
    api: Api, t: dict[str, Any], org: str, person: str, **groups: Any
) -> dict[str, Any]:
    data = await api.data(
        UPDATE_ORG,
        {"input": {"organizationId": gid("Organization", t[org].id), **groups}},
        t["tokens"][person],
    )
    result: dict[str, Any] = data["updateOrganizationSettings"]
    return result


async def user_effective(api: Api, t: dict[str, Any], person: str = "member") -> dict[str, Any]:
    query = "query ($id: ID!) { node(id: $id) { ... on User { " + EFFECTIVE + " } } }"
    data = await api.data(query, {"id": gid("User", t["users"][person].id)}, t["tokens"]["admin"])
    effective: dict[str, Any] = data["node"]["effectiveSettings"]
    return effective


async def test_defaults_apply_when_nobody_sets_anything(api: Api, tree: dict[str, Any]) -> None:
    effective = await user_effective(api, tree)

    assert effective["language"] == "en"
    assert effective["timezone"] == "UTC"
    assert effective["attachmentsPolicy"] == "ALLOW"
    assert effective["maxAttachmentMb"] == 25
    assert effective["primaryColor"] is None
    sources = effective["sources"]
    assert sources.pop("language") == "USER"  # every login has a language of its own
    assert set(sources.values()) == {"DEFAULT"}


async def test_each_level_overrides_the_one_above_and_null_inherits_again(
    api: Api, tree: dict[str, Any]
) -> None:
    t = tree
    result = await set_org(
        api,
        t,
        "master",
        "admin",
        branding={"primaryColor": "#AA0000", "footer": "Platform footer"},
        settings={"language": "de", "timezone": "Europe/Berlin", "attachmentsPolicy": "BLOCK_ALL"},
    )
    assert result["userErrors"] == []
    await set_org(api, t, "reseller", "reseller", branding={"primaryColor": "#00aa00"})
    # A level may choose a looser value than the one above: these are not protections.
    await set_org(
        api,
        t,
        "customer",
        "owner",
        settings={"attachmentsPolicy": "ALLOW", "maxAttachmentMb": 50},
        addressBook={"visibility": "DEPARTMENT", "mayShare": True},
    )
    data = await api.data(
        UPDATE_DEPARTMENT,
        {"input": {"id": gid("Department", t["sales"].id), "settings": {"maxAttachmentMb": 5}}},
        t["tokens"]["owner"],
    )
    assert data["updateDepartment"]["userErrors"] == []
    await User.filter(id=t["users"]["member"].id).update(message_disclaimer="Sent by Sales")

    effective = await user_effective(api, t)

    assert effective["primaryColor"] == "#00aa00"
    assert effective["footer"] == "Platform footer"
    assert effective["language"] == "en"  # every login has its own language
    assert effective["timezone"] == "Europe/Berlin"
    assert effective["attachmentsPolicy"] == "ALLOW"
    assert effective["maxAttachmentMb"] == 5
    assert effective["contactsVisibility"] == "DEPARTMENT"
    assert effective["contactsMayShare"] is True
    assert effective["messageDisclaimer"] == "Sent by Sales"
    assert effective["sources"] == {
        "primaryColor": "RESELLER",
        "footer": "MASTER",
        "language": "USER",
        "timezone": "MASTER",
        "attachmentsPolicy": "CUSTOMER",
        "maxAttachmentMb": "DEPARTMENT",
        "bounceProcessing": "DEFAULT",
        "messageDisclaimer": "USER",
        "contactsVisibility": "CUSTOMER",
        "contactsMayShare": "CUSTOMER",
    }

    # null clears a value back to inherit; omitted fields stay.
    cleared = await set_org(
        api, t, "customer", "owner", settings={"attachmentsPolicy": None, "language": "fr"}
    )
    organization = cleared["organization"]
    assert organization["settings"]["attachmentsPolicy"] is None
    assert organization["settings"]["maxAttachmentMb"] == 50
    assert organization["effectiveSettings"]["attachmentsPolicy"] == "BLOCK_ALL"
    assert organization["effectiveSettings"]["sources"]["attachmentsPolicy"] == "MASTER"
    assert organization["effectiveSettings"]["language"] == "fr"
    assert await AuditEvent.filter(action="organization_settings.update").count() == 4


async def test_branding_images_replace_the_whole_set(api: Api, tree: dict[str, Any]) -> None:
    images = [
        {"role": "banner", "url": "https://cdn.example.com/banner.png"},
        {"role": "favicon", "url": "https://cdn.example.com/icon.ico"},
    ]
    result = await set_org(api, tree, "reseller", "reseller", branding={"images": images})
    assert result["organization"]["branding"]["images"] == images

    data = await api.data(
        UPDATE_DEPARTMENT,
        {"input": {"id": gid("Department", tree["sales"].id), "branding": {"images": []}}},
        tree["tokens"]["owner"],
    )
    department = data["updateDepartment"]["department"]
    assert department["branding"]["images"] == []
    assert department["effectiveSettings"]["images"] == []
    assert department["effectiveSettings"]["sources"]["primaryColor"] == "DEFAULT"

    effective = await user_effective(api, tree, "owner")  # no department: the customer's
    assert effective["images"] == images


@pytest.mark.parametrize(
    ("groups", "field"),
    [
        ({"branding": {"primaryColor": "red"}}, ["branding", "primaryColor"]),
        ({"branding": {"primaryColor": "#12345g"}}, ["branding", "primaryColor"]),
        ({"branding": {"logoUrl": "javascript:alert(1)"}}, ["branding", "logoUrl"]),
        ({"branding": {"logoUrl": "ftp://example.com/a.png"}}, ["branding", "logoUrl"]),
        ({"branding": {"logoUrl": "https://e.com/" + "a" * 2000}}, ["branding", "logoUrl"]),
        ({"branding": {"footer": "a\x00b"}}, ["branding", "footer"]),
        ({"branding": {"footer": "x" * 2001}}, ["branding", "footer"]),
        (
            {"branding": {"images": [{"role": "bad role!", "url": "https://e.com/a.png"}]}},
            ["branding", "images", "0"],
        ),
        (
            {"branding": {"images": [{"role": "banner", "url": "http://e.com/a.png"}]}},
            ["branding", "images", "0", "url"],
        ),
        (
            {
                "branding": {
                    "images": [
                        {"role": "banner", "url": "https://e.com/a.png"},
                        {"role": "banner", "url": "https://e.com/b.png"},
                    ]
                }
            },
            ["branding", "images", "1"],
        ),
        (
            {
                "branding": {
                    "images": [{"role": f"r{i}", "url": "https://e.com/a.png"} for i in range(11)]
                }
            },
            ["branding", "images"],
        ),
        ({"settings": {"language": "klingon!"}}, ["settings", "language"]),
        # A valid tag, but longer than a language column holds.
        ({"settings": {"language": "de-abcdefgh-abcdefgh"}}, ["settings", "language"]),
        ({"settings": {"timezone": "Mars/Olympus"}}, ["settings", "timezone"]),
        ({"settings": {"maxAttachmentMb": 0}}, ["settings", "maxAttachmentMb"]),
        ({"settings": {"maxAttachmentMb": 5000}}, ["settings", "maxAttachmentMb"]),
        ({"settings": {"messageDisclaimer": "\x00"}}, ["settings", "messageDisclaimer"]),
        ({"settings": {"messageDisclaimer": "d" * 4001}}, ["settings", "messageDisclaimer"]),
    ],
)
async def test_bad_input_is_refused_naming_the_field(
    api: Api, tree: dict[str, Any], groups: dict[str, Any], field: list[str]
) -> None:
    result = await set_org(api, tree, "customer", "owner", **groups)

    assert result["organization"] is None
    assert [(e["field"], e["code"]) for e in result["userErrors"]] == [
        (["input", *field], "INVALID")
    ]
    assert not await OrganizationSettings.exists()
    assert not await AuditEvent.filter(action="organization_settings.update").exists()


async def test_every_field_at_fault_is_reported_at_once(api: Api, tree: dict[str, Any]) -> None:
    result = await set_org(
        api,
        tree,
        "customer",
        "owner",
        branding={"primaryColor": "red", "logoUrl": "http://e.com/l.png"},
        settings={"timezone": "Nowhere", "maxAttachmentMb": -1},
    )

    assert sorted(e["field"][-1] for e in result["userErrors"]) == [
        "logoUrl",
        "maxAttachmentMb",
        "primaryColor",
        "timezone",
    ]


@pytest.mark.parametrize(
    ("person", "org", "code"),
    [
        ("other", "customer", "NOT_FOUND"),  # another reseller's customer
        ("reseller", "foreign", "NOT_FOUND"),
        ("owner", "reseller", "NOT_FOUND"),  # a customer never sees its owner
        ("member", "customer", "FORBIDDEN"),  # a customer MEMBER does not manage
        ("reseller", "master", "NOT_FOUND"),
    ],
)
async def test_only_administrators_change_an_organizations_settings(
    api: Api, tree: dict[str, Any], person: str, org: str, code: str
) -> None:
    result = await set_org(api, tree, org, person, branding={"primaryColor": "#123456"})

    assert [e["code"] for e in result["userErrors"]] == [code]
    assert not await OrganizationSettings.exists()


async def test_unknown_and_wrong_kind_ids_are_not_found(api: Api, tree: dict[str, Any]) -> None:
    for organization_id in (
        gid("Organization", uuid4()),
        gid("Department", tree["sales"].id),
        "not an id",
    ):
        data = await api.data(
            UPDATE_ORG,
            {"input": {"organizationId": organization_id, "settings": {"language": "de"}}},
            tree["tokens"]["admin"],
        )
        errors = data["updateOrganizationSettings"]["userErrors"]
        assert [(e["field"], e["code"]) for e in errors] == [
            (["input", "organizationId"], "NOT_FOUND")
        ]


async def test_managers_above_and_the_customers_own_admins_may(
    api: Api, tree: dict[str, Any]
) -> None:
    for person in ("admin", "reseller", "owner"):
        result = await set_org(api, tree, "customer", person, settings={"timezone": "Asia/Tokyo"})
        assert result["userErrors"] == [], person
    # Its managers set a reseller's; the Master's own staff the Master's.
    assert (await set_org(api, tree, "reseller", "admin", branding={}))["userErrors"] == []
    assert (await set_org(api, tree, "master", "admin", branding={}))["userErrors"] == []


async def test_department_settings_are_validated_and_cleared(
    api: Api, tree: dict[str, Any]
) -> None:
    department_id = gid("Department", tree["sales"].id)
    data = await api.data(
        UPDATE_DEPARTMENT,
        {
            "input": {
                "id": department_id,
                "settings": {"maxAttachmentMb": 99999, "messageDisclaimer": "ok"},
                "addressBook": {"visibility": "NONE"},
            }
        },
        tree["tokens"]["owner"],
    )
    assert [e["field"] for e in data["updateDepartment"]["userErrors"]] == [
        ["input", "settings", "maxAttachmentMb"]
    ]
    assert (await Department.get(id=tree["sales"].id)).contacts_visibility is None

    data = await api.data(
        UPDATE_DEPARTMENT,
        {
            "input": {
                "id": department_id,
                "settings": {"attachmentsPolicy": "BLOCK_EXECUTABLES", "messageDisclaimer": "D"},
                "addressBook": {"visibility": "NONE", "mayShare": False},
            }
        },
        tree["tokens"]["owner"],
    )
    department = data["updateDepartment"]["department"]
    assert department["settings"]["attachmentsPolicy"] == "BLOCK_EXECUTABLES"
    assert department["addressBook"] == {"visibility": "NONE", "mayShare": False}
    assert department["effectiveSettings"]["sources"]["contactsVisibility"] == "DEPARTMENT"

    data = await api.data(
        UPDATE_DEPARTMENT,
        {"input": {"id": department_id, "addressBook": {"visibility": None}}},
        tree["tokens"]["owner"],
    )
    department = data["updateDepartment"]["department"]
    assert department["addressBook"] == {"visibility": None, "mayShare": False}
    assert department["effectiveSettings"]["contactsVisibility"] == "ORGANIZATION"
    # A customer MEMBER may not change its department's settings.
    data = await api.data(
        UPDATE_DEPARTMENT,
        {"input": {"id": department_id, "settings": {"maxAttachmentMb": 1}}},
        tree["tokens"]["member"],
    )
    assert [e["code"] for e in data["updateDepartment"]["userErrors"]] == ["FORBIDDEN"]


async def test_new_users_get_the_inherited_language_unless_they_name_one(
    api: Api, tree: dict[str, Any]
) -> None:
    await set_org(api, tree, "reseller", "reseller", settings={"language": "fr"})
    await Department.filter(id=tree["sales"].id).update(language="pt-BR")

    async def create(email: str, **fields: Any) -> str:
        data = await api.data(
            CREATE_USER,
            {
                "input": {
                    "organizationId": gid("Organization", tree["customer"].id),
                    "email": email,
                    **fields,
                }
            },
            tree["tokens"]["owner"],
        )
        result = data["createUser"]
        assert result["userErrors"] == []
        language: str = result["user"]["language"]
        return language

    in_sales = {"departmentId": gid("Department", tree["sales"].id)}
    assert await create("a@example.com", **in_sales) == "pt-BR"
    assert await create("b@example.com") == "fr"  # no department: the customer's, inherited
    assert await create("c@example.com", language="de", **in_sales) == "de"


async def update_user(api: Api, tree: dict[str, Any], person: str, **fields: Any) -> Any:
    data = await api.data(
        UPDATE_USER,
        {"input": {"id": gid("User", tree["users"]["member"].id), **fields}},
        tree["tokens"][person],
    )
    return data["updateUser"]


async def test_a_user_changes_its_own_disclaimer_and_card_but_not_admin_fields(
    api: Api, tree: dict[str, Any]
) -> None:
    own = await update_user(
        api,
        tree,
        "member",
        messageDisclaimer="Sent from my panel",
        properties={"displayName": "Mel", "phone": "+49 30 1234567"},
    )
    assert own["userErrors"] == []
    assert own["user"]["messageDisclaimer"] == "Sent from my panel"
    assert own["user"]["properties"]["displayName"] == "Mel"
    assert own["user"]["effectiveSettings"]["sources"]["messageDisclaimer"] == "USER"

    for fields, path in (
        ({"bounceProcessing": False}, ["input", "bounceProcessing"]),
        (
            {"properties": {"displayName": "M", "jobTitle": "Boss"}},
            ["input", "properties", "jobTitle"],
        ),
    ):
        refused = await update_user(api, tree, "member", **fields)
        # The refusal names the field only administrators change, not the login.
        assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [("FORBIDDEN", path)]
        assert path[-1] in refused["userErrors"][0]["message"]
    stored = await User.get(id=tree["users"]["member"].id)
    assert stored.bounce_processing is None
    assert stored.properties == {"displayName": "Mel", "phone": "+49 30 1234567"}


async def test_administrators_set_admin_fields_and_clear_back_to_inherit(
    api: Api, tree: dict[str, Any]
) -> None:
    done = await update_user(
        api,
        tree,
        "owner",
        bounceProcessing=False,
        messageDisclaimer="Legal text",
        properties={"jobTitle": "Baker", "office": "Room 2", "mobile": "+44 7700 900123"},
    )
    assert done["userErrors"] == []
    user = done["user"]
    assert user["bounceProcessing"] is False
    assert user["properties"]["jobTitle"] == "Baker"
    assert user["effectiveSettings"]["bounceProcessing"] is False

    cleared = await update_user(
        api,
        tree,
        "owner",
        bounceProcessing=None,
        messageDisclaimer=None,
        properties={"office": None, "jobTitle": ""},
    )
    user = cleared["user"]
    assert user["bounceProcessing"] is None
    assert user["effectiveSettings"]["bounceProcessing"] is True
    assert user["effectiveSettings"]["sources"]["bounceProcessing"] == "DEFAULT"
    assert user["properties"] == {
        "displayName": None,
        "jobTitle": None,
        "office": None,
        "phone": None,
        "mobile": "+44 7700 900123",
    }
    # Another reseller's staff do not even see the login.
    other = await update_user(api, tree, "other", bounceProcessing=True)
    assert [e["code"] for e in other["userErrors"]] == ["NOT_FOUND"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"properties": {"phone": "call me"}}, ["properties", "phone"]),
        ({"properties": {"mobile": "+1" + "2" * 40}}, ["properties", "mobile"]),
        ({"properties": {"jobTitle": "x" * 101}}, ["properties", "jobTitle"]),
        ({"properties": {"displayName": "a\x00"}}, ["properties", "displayName"]),
        ({"properties": {"office": "line\nbreak"}}, ["properties", "office"]),
        ({"messageDisclaimer": "nul\x00"}, ["messageDisclaimer"]),
        ({"messageDisclaimer": "m" * 4001}, ["messageDisclaimer"]),
    ],
)
async def test_bad_user_settings_are_refused(
    api: Api, tree: dict[str, Any], fields: dict[str, Any], field: list[str]
) -> None:
    result = await update_user(api, tree, "owner", **fields)

    assert [(e["field"], e["code"]) for e in result["userErrors"]] == [
        (["input", *field], "INVALID")
    ]
    stored = await User.get(id=tree["users"]["member"].id)
    assert stored.properties == {}
    assert stored.message_disclaimer is None


class QueryCounter:
    """Counts the statements the default connection runs while it is active."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        connection = connections.get("default")
        for name in ("execute_query", "execute_query_dict", "execute_select"):
            original = getattr(connection, name, None)
            if original is None:
                continue

            def counted(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
                self.count += 1
                return _original(*args, **kwargs)

            monkeypatch.setattr(connection, name, counted)


async def test_effective_settings_of_a_list_cost_no_query_per_row(
    api: Api, tree: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page of users or departments reads its settings in a fixed number of queries,
    however many rows it has."""
    await set_org(api, tree, "reseller", "reseller", branding={"primaryColor": "#00aa00"})
    query = (
        "query { users(first: 50) { edges { node { email " + EFFECTIVE + " } } } "
        "departments(first: 50) { edges { node { name " + EFFECTIVE + " } } } "
        "organizations(first: 50) { edges { node { name branding { primaryColor } "
        "ownerLogin { properties { phone } effectiveSettings { language } } "
        + EFFECTIVE
        + " } } } }"
    )

    async def statements() -> int:
        counter = QueryCounter(monkeypatch)
        data = await api.data(query, token=tree["tokens"]["reseller"])
        assert all(
            edge["node"]["effectiveSettings"]["primaryColor"] == "#00aa00"
            for edge in data["users"]["edges"]
            if edge["node"]["email"] != "reseller@example.com"
        )
        monkeypatch.undo()
        return counter.count

    async def grow(rows: int) -> None:
        """More customers, departments and logins (each in a department), all visible."""
        for _ in range(rows):
            number = await Department.all().count()
            await factories.organization(
                OrganizationKind.CUSTOMER, tree["reseller"], name=f"C{number}"
            )
            department = await Department.create(organization=tree["customer"], name=f"D{number}")
            user, _ = await factories.quick_member(tree["customer"], f"u{number}@example.com")
            await User.filter(id=user.id).update(department_id=department.id)

    await grow(2)
    few = await statements()
    assert few > 0
    await grow(12)
    many = await statements()
    # Twelve more rows of each list: a query per row would add at least twelve statements.
    # The loaders of one list may be dispatched over two event-loop turns (which turn a
    # resolver reaches its loader in varies between runs on PostgreSQL), so one batch can
    # split in two: one statement either way, never one per row.
    assert abs(many - few) <= 1, (few, many)


async def test_create_department_takes_every_tab(api: Api, tree: dict[str, Any]) -> None:
    query = (
        "mutation ($input: CreateDepartmentInput!) { createDepartment(input: $input) { "
        "department { branding { images { role url } } settings { language maxAttachmentMb } "
        "addressBook { visibility mayEditOwn } } userErrors { field code } } }"
    )
    fields = {
        "organizationId": gid("Organization", tree["customer"].id),
        "name": "Support",
        "branding": {"images": [{"role": "banner", "url": "https://e.com/s.png"}]},
        "settings": {"language": "nl", "maxAttachmentMb": 10},
        "addressBook": {"visibility": "DEPARTMENT", "mayEditOwn": False},
    }
    data = await api.data(query, {"input": fields}, tree["tokens"]["owner"])
    department = data["createDepartment"]["department"]
    assert department["settings"] == {"language": "nl", "maxAttachmentMb": 10}
    assert department["addressBook"] == {"visibility": "DEPARTMENT", "mayEditOwn": False}

    bad = {**fields, "name": "Other", "settings": {"maxAttachmentMb": 0}}
    data = await api.data(query, {"input": bad}, tree["tokens"]["owner"])
    assert data["createDepartment"]["userErrors"] == [
        {"field": ["input", "settings", "maxAttachmentMb"], "code": "INVALID"}
    ]
    assert not await Department.filter(name="Other").exists()


async def test_a_copied_customer_keeps_its_settings_and_its_departments(
    api: Api, tree: dict[str, Any]
) -> None:
    await set_org(api, tree, "customer", "owner", branding={"footer": "Customer footer"})
    await Department.filter(id=tree["sales"].id).update(max_attachment_mb=7)
    query = (
        "mutation ($input: CopyCustomerInput!) { copyCustomer(input: $input) { organization "
        "{ branding { footer } departments { edges { node { settings { maxAttachmentMb } } } } "
        "} userErrors { field code } } }"
    )
    source = {"sourceId": gid("Organization", tree["customer"].id), "name": "Copy"}
    data = await api.data(
        query,
        {"input": {**source, "owner": {"email": "c@example.com"}}},
        tree["tokens"]["reseller"],
    )
    copy = data["copyCustomer"]["organization"]
    assert copy["branding"]["footer"] == "Customer footer"
    assert copy["departments"]["edges"][0]["node"]["settings"]["maxAttachmentMb"] == 7


async def test_a_deleted_organizations_settings_stay_as_they_are(
    api: Api, tree: dict[str, Any]
) -> None:
    from models.enums import OrganizationStatus

    await (
        tree["customer"]
        .__class__.filter(id=tree["customer"].id)
        .update(status=OrganizationStatus.DELETED)
    )
    result = await set_org(api, tree, "customer", "reseller", settings={"language": "de"})

    assert [e["code"] for e in result["userErrors"]] == ["INVALID_STATE"]
    assert not await OrganizationSettings.exists()


async def test_lists_show_owner_logins_settings_and_cards(api: Api, tree: dict[str, Any]) -> None:
    """ownerLogin is read through the light-row batch: it carries the same settings."""
    await User.filter(id=tree["users"]["owner"].id).update(
        properties={"jobTitle": "Founder"}, bounce_processing=False
    )
    await set_org(api, tree, "customer", "owner", settings={"timezone": "Asia/Tokyo"})
    query = (
        "{ organizations(filter: {kind: CUSTOMER}) { edges { node { name ownerLogin { "
        "bounceProcessing properties { jobTitle } effectiveSettings { timezone "
        "bounceProcessing sources { bounceProcessing } } } } } } }"
    )
    data = await api.data(query, token=tree["tokens"]["reseller"])

    [customer] = [e["node"] for e in data["organizations"]["edges"]]
    assert customer["ownerLogin"] == {
        "bounceProcessing": False,
        "properties": {"jobTitle": "Founder"},
        "effectiveSettings": {
            "timezone": "Asia/Tokyo",
            "bounceProcessing": False,
            "sources": {"bounceProcessing": "USER"},
        },
    }


async def test_a_new_customers_owner_login_speaks_the_inherited_language(
    api: Api, tree: dict[str, Any]
) -> None:
    await set_org(api, tree, "reseller", "reseller", settings={"language": "fr"})
    query = (
        "mutation ($input: CreateOrganizationInput!) { createCustomer(input: $input) { "
        "owner { language } userErrors { field code } } }"
    )
    data = await api.data(
        query,
        {"input": {"name": "Boulangerie", "owner": {"email": "pain@example.com"}}},
        tree["tokens"]["reseller"],
    )

    assert data["createCustomer"]["owner"] == {"language": "fr"}
