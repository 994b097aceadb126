"""The custom scalars say, through introspection, which specification they follow: code
generators and GraphiQL show it to frontend developers."""

from __future__ import annotations

import pytest

from tests.api import Api

SCALAR = """
query ($name: String!) { __type(name: $name) { kind description specifiedByURL } }
"""


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("DateTime", "https://datatracker.ietf.org/doc/html/rfc3339"),
        ("JSON", "https://www.rfc-editor.org/rfc/rfc8259"),
    ],
)
async def test_each_custom_scalar_names_its_specification(api: Api, name: str, url: str) -> None:
    scalar = (await api.data(SCALAR, {"name": name}))["__type"]

    assert scalar["kind"] == "SCALAR"
    assert scalar["specifiedByURL"] == url
    assert scalar["description"]
