"""Isolation property test: in a random hierarchy, a random viewer sees exactly its scope.

For every example hypothesis draws a world (tests/isolation_world.py): a Master, resellers
and sub-resellers, customers, departments, users of every role (some in two organizations),
services, plans, notes and audit events; and a viewer: a user logged in through any
membership of that world, an API key of any organization with any role (a member with that
role, without a user), or an impersonation token acting as an organization's OWNER for a
manager of an organization above it (exactly that OWNER, with `viewer.impersonator` set). What
the public API answers that viewer (`viewer`, the root lists, `node` and `organization` for
every id in the database, the protected fields of every visible organization and user) is
compared with an oracle computed from the world's own parent links (SPEC §5 as implemented).
Any leak, and any over-restriction, fails with the list of differences and the world.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, event, given, settings

from gql.resolvers.node import MAX_NODES
from gql.schema.relay import to_global_id
from models.enums import Role
from tests.api import Api
from tests.database import empty_all_tables
from tests.isolation_world import (
    EPOCH,
    LABELS,
    NODE_TYPES,
    ImpersonationViewer,
    Oracle,
    World,
    WorldSpec,
    build_world,
    worlds,
)

MAX_ALIASES = 15  # gql/extensions.py
PAGE_SIZE = 100  # every list is read as one page of `first: 100`

PAGE = "totalCount edges { node { id } }"
LISTS = f"""
query Lists {{
  viewer {{ role organization {{ id }} user {{ id }} impersonator {{ id }} }}
  organizations(first: 100) {{
    totalCount
    edges {{ node {{
      id
      owner {{ id }}
      ownerLogin {{ id }}
      latestNote {{ id }}
      notes(first: 100) {{ totalCount edges {{ node {{ id author {{ id }} }} }} }}
      users(first: 100) {{ {PAGE} }}
      departments(first: 100) {{ {PAGE} }}
      services(first: 100) {{ {PAGE} }}
      customers(first: 100) {{ {PAGE} }}
    }} }}
  }}
  users(first: 100) {{
    totalCount
    edges {{ node {{
      id lastLoginAt lastLoginIp failedLoginCount
      department {{ id }}
      memberships {{ organization {{ id }} }}
    }} }}
  }}
  departments(first: 100) {{ {PAGE} }}
  plans(first: 100) {{ {PAGE} }}
}}
"""
AUDIT_EVENTS = f"query Audit {{ auditEvents(first: 100) {{ {PAGE} }} }}"
LOGIN_FIELDS = ("lastLoginAt", "lastLoginIp", "failedLoginCount")
Path = tuple[str | int, ...]


class Check:
    """Compares the API's answers with the oracle and collects every difference."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.spec = world.spec
        self.oracle = Oracle(world.spec)
        self.problems: list[str] = []
        # global id -> (type name, index in the spec), and a short label for messages
        self.index: dict[str, tuple[str, int]] = {}
        self.labels: dict[str, str] = {}
        for type_name in NODE_TYPES:
            for position, object_id in enumerate(world.ids(type_name)):
                gid = to_global_id(type_name, object_id)
                self.index[gid] = (type_name, position)
                self.labels[gid] = f"{LABELS[type_name]}{position}"

    def gid(self, type_name: str, position: int) -> str:
        return to_global_id(type_name, self.world.ids(type_name)[position])

    def gids(self, type_name: str, positions: set[int] | list[int]) -> list[str]:
        return [self.gid(type_name, position) for position in positions]

    def names(self, gids: set[str] | list[str]) -> list[str]:
        return sorted(self.labels.get(gid, gid) for gid in gids)

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def connection(self, where: str, page: Any, type_name: str, expected: set[int]) -> None:
        """A connection holds exactly the expected objects, and counts them."""
        if page is None:
            self.problem(f"{where}: null, expected {self.names(self.gids(type_name, expected))}")
            return
        got = [edge["node"]["id"] for edge in page["edges"]]
        want = set(self.gids(type_name, expected))
        if set(got) != want or len(got) != len(want):
            leaked = set(got) - want
            hidden = want - set(got)
            self.problem(
                f"{where}: leaked {self.names(leaked)}, hidden {self.names(hidden)}"
                + (f", duplicates in {self.names(got)}" if len(got) != len(set(got)) else "")
            )
        if page["totalCount"] != len(want):
            self.problem(f"{where}: totalCount {page['totalCount']}, expected {len(want)}")

    def summary(self) -> str:
        return "\n".join(
            [f"{len(self.problems)} difference(s) from the oracle:"]
            + [f"- {problem}" for problem in self.problems]
            + ["world:", self.spec.describe()]
        )


def login_values(user: int, spec: WorldSpec) -> dict[str, Any]:
    """What build_world stored as the user's login activity."""
    logged_in = spec.users[user].last_login
    return {
        "lastLoginAt": EPOCH + timedelta(days=user) if logged_in else None,
        "lastLoginIp": "198.51.100.9" if logged_in else None,
        "failedLoginCount": spec.users[user].failed_logins,
    }


def check_viewer(check: Check, viewer: Any) -> None:
    """`viewer`: the organization and role acted with, the user (none for an API key) and,
    while impersonating, the impersonator."""
    spec = check.spec
    user, org, role = spec.acting()
    impersonator = (
        spec.viewer.impersonator if isinstance(spec.viewer, ImpersonationViewer) else None
    )

    def ref(type_name: str, position: int | None) -> dict[str, str] | None:
        return None if position is None else {"id": check.gid(type_name, position)}

    def labelled(answer: Any) -> Any:
        if not isinstance(answer, dict):
            return answer
        return {
            field: check.labels.get(value["id"], value["id"]) if isinstance(value, dict) else value
            for field, value in answer.items()
        }

    want = {
        "role": str(role),
        "organization": ref("Organization", org),
        "user": ref("User", user),
        "impersonator": ref("User", impersonator),
    }
    if viewer != want:
        check.problem(f"viewer: {labelled(viewer)}, expected {labelled(want)}")


def check_lists(check: Check, body: dict[str, Any]) -> None:
    """The root lists, and the fields of every organization and user they hold; the only
    errors are FORBIDDEN ones, exactly at the protected fields the viewer may not read."""
    data = body.get("data") or {}
    check_viewer(check, data.get("viewer"))
    expected_errors: list[Path] = []
    listed: dict[Path, str] = {}  # path of each listed node -> its label, for messages
    for root, type_name, visible, check_node in (
        ("organizations", "Organization", check.oracle.organizations(), check_organization),
        ("users", "User", check.oracle.users(), check_user),
    ):
        page = data.get(root)
        check.connection(root, page, type_name, visible)
        for position, edge in enumerate(page["edges"] if page else []):
            path: Path = (root, "edges", position, "node")
            listed[path] = check.labels.get(edge["node"]["id"], str(edge["node"]["id"]))
            expected_errors += check_node(check, edge["node"], path)
    check.connection(
        "departments", data.get("departments"), "Department", check.oracle.departments()
    )
    check.connection("plans", data.get("plans"), "Plan", check.oracle.plans())

    def where(path: Path) -> str:
        return (
            f"{listed[path[:4]]}.{'.'.join(map(str, path[4:]))}"
            if path[:4] in listed
            else str(path)
        )

    errors = body.get("errors", [])
    got = Counter(tuple(error.get("path") or ()) for error in errors)
    want = Counter(expected_errors)
    if got != want:
        check.problem(
            f"FORBIDDEN errors unexpected at {sorted(map(where, got - want))}, "
            f"missing at {sorted(map(where, want - got))}"
        )
    if {error.get("extensions", {}).get("code") for error in errors} - {"FORBIDDEN"}:
        check.problem(f"error codes other than FORBIDDEN: {errors}")


def check_organization(check: Check, node: dict[str, Any], path: Path) -> list[Path]:
    """One listed organization's fields; returns where FORBIDDEN errors are expected."""
    oracle, spec = check.oracle, check.spec
    expected_errors: list[Path] = []
    type_name, org = check.index.get(node["id"], ("?", -1))
    if type_name != "Organization" or org not in oracle.organizations():
        return expected_errors  # already reported as a leak
    label = f"o{org}"

    if oracle.may_see_owner(org):
        parent = spec.orgs[org].parent
        want_owner = None if parent is None else {"id": check.gid("Organization", parent)}
        if node["owner"] != want_owner:
            check.problem(f"{label}.owner: {node['owner']}, expected {want_owner}")
    else:
        expected_errors.append((*path, "owner"))
        if node["owner"] is not None:
            check.problem(f"{label}.owner leaked: {node['owner']}")

    # The first OWNER login, among the memberships the viewer may see (which one is first
    # depends on the order memberships were stored in: any of them will do here).
    owners = {
        check.gid("User", m.user)
        for m in spec.memberships
        if m.org == org and m.role == Role.OWNER and org in oracle.memberships_of(m.user)
    }
    login = node["ownerLogin"]
    if (login["id"] not in owners) if login else bool(owners):
        check.problem(
            f"{label}.ownerLogin: {login}, expected one of {[check.labels[g] for g in owners]}"
        )

    if oracle.may_read_notes(org):
        # Newest first, each with its author (always visible: a member of a visible org).
        want_notes = [
            (check.gid("Note", note), {"id": check.gid("User", spec.notes[note].author)})
            for note in oracle.notes_about(org)
        ]
        notes = node["notes"]
        got_notes = (
            [(e["node"]["id"], e["node"]["author"]) for e in notes["edges"]] if notes else None
        )
        if got_notes != want_notes:
            check.problem(
                f"{label}.notes: {got_notes and [check.labels.get(g, g) for g, _ in got_notes]}, "
                f"expected newest first {[check.labels[g] for g, _ in want_notes]} "
                f"(or an author differs: {got_notes} != {want_notes})"
            )
        elif notes["totalCount"] != len(want_notes):
            check.problem(f"{label}.notes.totalCount: {notes['totalCount']}")
        want_latest = {"id": want_notes[0][0]} if want_notes else None
        if node["latestNote"] != want_latest:
            check.problem(f"{label}.latestNote: {node['latestNote']}, expected {want_latest}")
    else:
        expected_errors += [(*path, "latestNote"), (*path, "notes")]
        if node["notes"] is not None or node["latestNote"] is not None:
            check.problem(
                f"{label}: notes leaked: notes={node['notes']} latest={node['latestNote']}"
            )

    check.connection(f"{label}.users", node["users"], "User", oracle.organization_users(org))
    check.connection(
        f"{label}.departments",
        node["departments"],
        "Department",
        oracle.organization_departments(org),
    )
    check.connection(
        f"{label}.services", node["services"], "Service", oracle.organization_services(org)
    )
    check.connection(
        f"{label}.customers",
        node["customers"],
        "Organization",
        oracle.organization_customers(org),
    )
    return expected_errors


def check_user(check: Check, node: dict[str, Any], path: Path) -> list[Path]:
    """One listed user's fields; returns where FORBIDDEN errors are expected."""
    oracle, spec = check.oracle, check.spec
    expected_errors: list[Path] = []
    type_name, user = check.index.get(node["id"], ("?", -1))
    if type_name != "User" or user not in oracle.users():
        return expected_errors  # already reported as a leak
    label = f"u{user}"
    got_login = {
        "lastLoginAt": node["lastLoginAt"] and datetime.fromisoformat(node["lastLoginAt"]),
        "lastLoginIp": node["lastLoginIp"],
        "failedLoginCount": node["failedLoginCount"],
    }
    if oracle.may_see_login_activity(user):
        want_login = login_values(user, spec)
        if got_login != want_login:
            check.problem(f"{label} login activity: {got_login}, expected {want_login}")
    else:
        expected_errors += [(*path, field) for field in LOGIN_FIELDS]
        if any(value is not None for value in got_login.values()):
            check.problem(f"{label} login activity leaked: {got_login}")

    department = oracle.department_of(user)
    want_department = None if department is None else {"id": check.gid("Department", department)}
    if node["department"] != want_department:
        check.problem(f"{label}.department: {node['department']}, expected {want_department}")

    got_orgs = [m["organization"]["id"] if m["organization"] else None for m in node["memberships"]]
    want_orgs = check.gids("Organization", oracle.memberships_of(user))
    if sorted(map(str, got_orgs)) != sorted(want_orgs):
        check.problem(
            f"{label}.memberships: {check.names([str(g) for g in got_orgs])}, "
            f"expected {check.names(want_orgs)}"
        )
    return expected_errors


def check_audit_events(check: Check, body: dict[str, Any]) -> None:
    expected = check.oracle.audit_events()
    if expected is None:
        errors = body.get("errors", [])
        data = body.get("data")
        if data is not None and data.get("auditEvents") is not None:
            check.problem(f"auditEvents readable by a customer MEMBER: {data['auditEvents']}")
        if [(e.get("path"), e.get("extensions", {}).get("code")) for e in errors] != [
            (["auditEvents"], "FORBIDDEN")
        ]:
            check.problem(f"auditEvents for a customer MEMBER: errors {errors}, want FORBIDDEN")
        return
    if "errors" in body:
        check.problem(f"auditEvents: errors {body['errors']}")
        return
    check.connection("auditEvents", body["data"]["auditEvents"], "AuditEvent", expected)


def lookups(check: Check) -> list[tuple[str, str, dict[str, str] | None]]:
    """(root field, global id, expected answer) for `node` and `organization` over every id
    in the database and a few that never existed."""
    result: list[tuple[str, str, dict[str, str] | None]] = []
    for type_name in NODE_TYPES:
        visible = check.oracle.visible(type_name)
        for position in range(len(check.world.ids(type_name))):
            gid = check.gid(type_name, position)
            found = {"__typename": type_name, "id": gid} if position in visible else None
            result.append(("node", gid, found))
            result.append(("organization", gid, found if type_name == "Organization" else None))
    for type_name, missing in check.spec.missing:
        for field in ("node", "organization"):
            result.append((field, to_global_id(type_name, missing), None))
    return result


def lookup_query(fields: list[str]) -> str:
    variables = ", ".join(f"$v{i}: ID!" for i in range(len(fields)))
    selections = " ".join(
        f"q{i}: {field}(id: $v{i}) {{ __typename id }}" for i, field in enumerate(fields)
    )
    return f"query Lookup({variables}) {{ {selections} }}"


async def check_lookups(check: Check, api: Api) -> None:
    todo = lookups(check)
    for start in range(0, len(todo), MAX_ALIASES):
        chunk = todo[start : start + MAX_ALIASES]
        variables = {f"v{i}": gid for i, (_, gid, _) in enumerate(chunk)}
        body = await api(
            lookup_query([field for field, _, _ in chunk]), variables, check.world.token
        )
        if "errors" in body:
            check.problem(f"lookups answered with errors: {body['errors']}")
            continue
        for i, (field, gid, expected) in enumerate(chunk):
            got = body["data"][f"q{i}"]
            if got != expected:
                label = check.labels.get(gid, f"never-existing {gid}")
                verdict = "leaked" if expected is None else "hidden or wrong"
                check.problem(f"{field}(id: {label}) {verdict}: {got}, expected {expected}")


NODES = "query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"


async def check_nodes(check: Check, api: Api) -> None:
    """`nodes` answers, position by position, what `node` answers for each id: every id in
    the database and the never-existing ones, mixed in one list (in pages of its bound)."""
    todo = [(gid, expected) for field, gid, expected in lookups(check) if field == "node"]
    for start in range(0, len(todo), MAX_NODES):
        chunk = todo[start : start + MAX_NODES]
        body = await api(NODES, {"ids": [gid for gid, _ in chunk]}, check.world.token)
        if "errors" in body:
            check.problem(f"nodes answered with errors: {body['errors']}")
            continue
        for (gid, expected), got in zip(chunk, body["data"]["nodes"], strict=True):
            if got != expected:
                label = check.labels.get(gid, f"never-existing {gid}")
                verdict = "leaked" if expected is None else "hidden or wrong"
                check.problem(f"nodes([..., {label}, ...]) {verdict}: {got}, expected {expected}")


@settings(
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ]
)
@given(spec=worlds())
async def test_every_viewer_sees_exactly_its_scope(api: Api, spec: WorldSpec) -> None:
    _, org, role = spec.acting()
    event(f"viewer: {type(spec.viewer).__name__}, {role} of a {spec.orgs[org].kind}")
    await empty_all_tables()
    world = await build_world(spec)
    check = Check(world)
    assert all(len(world.ids(type_name)) <= PAGE_SIZE for type_name in NODE_TYPES), (
        "the strategy must keep every list within one page"
    )

    check_lists(check, await api(LISTS, token=world.token))
    check_audit_events(check, await api(AUDIT_EVENTS, token=world.token))
    await check_lookups(check, api)
    await check_nodes(check, api)

    assert not check.problems, check.summary()
