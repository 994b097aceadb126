"""The read scenarios of the benchmark: each a GraphQL document, who sends it, and the
hand-written baseline that fetches the same rows (bench/baseline.py).

The baseline answer must equal the GraphQL answer (checked before every run), so the
lower bound really does the same work: same rows, same visibility, same JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

CUSTOMER_FIELDS = """
  id name company status effectiveStatus
  contact { email }
  ownerLogin { email }
  usage { websites databases mailboxes }
  latestNote { text createdAt }
  departments(first: 5) { edges { node { id name } } }
"""

CUSTOMER_PAGE = f"""
query CustomerPage($search: String) {{
  organizations(first: 100, filter: {{kind: CUSTOMER, search: $search}}) {{
    totalCount
    pageInfo {{ hasNextPage endCursor }}
    edges {{ cursor node {{ {CUSTOMER_FIELDS} }} }}
  }}
}}
"""

VIEWER = """
query Viewer {
  viewer {
    role accessRights
    user { id email firstName lastName }
    organization { id name kind status }
    impersonator { email }
  }
}
"""

USER_NODE = """
query UserNode($id: ID!) {
  node(id: $id) {
    id
    ... on User {
      email firstName lastName status createdAt
      department { name }
      memberships { role accessRights organization { id name } }
    }
  }
}
"""

AUDIT_PAGE = """
query AuditPage {
  auditEvents(first: 100) {
    totalCount
    edges { node { id createdAt action actorEmail targetType targetName summary ip } }
  }
}
"""

# How the paged scenarios ask for their page of 100 (`Scenario.with_page` changes it).
PAGE = "(first: 100"
# Matches 128 of the seeded organizations (a word of their names and companies): a full page.
SEARCH = "north"


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    viewer: str  # "reseller" or "administrator": whose token sends it
    query: str
    variables: dict[str, Any] = field(default_factory=dict)

    def with_page(self, size: int) -> Scenario | None:
        """The same request reading pages of `size` instead of 100; None if it reads no
        page. Its statements must be the same number (issue 17)."""
        if PAGE not in self.query:
            return None
        return replace(self, query=self.query.replace(PAGE, f"(first: {size}"))


def scenarios(user_id: str) -> list[Scenario]:
    """The five scenarios of issue 7; `user_id` is the global id scenario (d) reads."""
    return [
        Scenario("a", "reseller's customer page (100)", "reseller", CUSTOMER_PAGE),
        Scenario(
            "b",
            "administrator's search page (100)",
            "administrator",
            CUSTOMER_PAGE,
            {"search": SEARCH},
        ),
        Scenario("c", "viewer", "reseller", VIEWER),
        Scenario("d", "node(id) of a user", "reseller", USER_NODE, {"id": user_id}),
        Scenario("e", "auditEvents(first: 100)", "reseller", AUDIT_PAGE),
    ]
