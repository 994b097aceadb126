"""A small GraphQL client for tests: posts a query, returns the decoded response."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from app import create_app
from settings import Settings

CLIENT_ADDRESS = "203.0.113.7"


@asynccontextmanager
async def api_for(settings: Settings, address: str = CLIENT_ADDRESS) -> AsyncIterator[Api]:
    """A client for an app built with `settings`, connecting from `address`; the tests
    manage the database."""
    app = create_app(settings, manage_database=False)
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield Api(client)


class Api:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def post(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return await self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )

    async def __call__(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        response = await self.post(query, variables, token)
        body: dict[str, Any] = response.json()
        return body

    async def data(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        """The `data` of a response that must have no errors."""
        body = await self(query, variables, token)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    async def login(self, email: str, password: str) -> str:
        data = await self.data(LOGIN, {"email": email, "password": password})
        assert data["login"]["userErrors"] == [], data["login"]["userErrors"]
        token: str = data["login"]["token"]
        return token


LOGIN = """
mutation Login($email: String!, $password: String!) {
  login(input: {email: $email, password: $password}) {
    token expiresAt
    user { id email }
    viewer { role organization { id name } }
    userErrors { field message code }
  }
}
"""


def error_codes(body: dict[str, Any]) -> list[str]:
    return [error.get("extensions", {}).get("code") for error in body.get("errors", [])]
