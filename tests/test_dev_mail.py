"""The development mail sink: without SMTP_URL, emails are logged in full and listed at
/dev/mail; production logs no body and has no such page."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import AsyncIterator

import pytest

from domain.jobs import outbox
from models import OutboxEmail
from models.enums import EmailStatus
from settings import Settings
from tests import factories
from tests.api import Api, api_for, error_codes
from workers.broker import broker
from workers.embedded import embedded_worker

REQUEST_RESET = """
mutation ($email: String!) { requestPasswordReset(input: {email: $email}) { accepted } }
"""


@pytest.fixture
async def local_api(settings: Settings) -> AsyncIterator[Api]:
    """A client on the server's own machine, the only one the page answers."""
    async with api_for(settings, "127.0.0.1") as client:
        yield client


@pytest.fixture
async def worker() -> AsyncIterator[None]:
    broker.flush_all()  # messages other tests left about rows that are gone
    async with embedded_worker():
        yield


async def test_a_reset_email_is_logged_in_full_and_listed_with_its_link(
    api: Api, local_api: Api, worker: None, caplog: pytest.LogCaptureFixture
) -> None:
    master = await factories.master()
    await factories.quick_member(master, "maya@example.com")
    caplog.set_level(logging.INFO, logger="tenantry.email")

    await api.data(REQUEST_RESET, {"email": "maya@example.com"})
    for _ in range(3):  # the request, then the email it queues
        await asyncio.to_thread(broker.join, "email", timeout=60_000)
    page = await local_api.client.get("/dev/mail")

    sent = await OutboxEmail.filter(to_address="maya@example.com", status=EmailStatus.SENT)
    [email] = [e for e in sent if "reset" in e.body.lower()]
    link = next(word for word in email.body.split() if word.startswith("http"))
    [line] = [r.getMessage() for r in caplog.records if "maya@example.com" in r.getMessage()]
    assert link in line  # the whole body, link included, on one line
    assert "\n" not in line
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert f'<a href="{link}">{link}</a>' in page.text
    assert email.subject in page.text


async def test_the_page_escapes_what_it_shows(local_api: Api) -> None:
    await outbox.queue("test", "x@example.com", "<script>alert(1)</script>", "<b>hi</b>")

    page = await local_api.client.get("/dev/mail")

    assert "<script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "&lt;b&gt;hi&lt;/b&gt;" in page.text


@pytest.mark.parametrize("address", ["203.0.113.7", "10.0.0.8", "::ffff:192.0.2.1"])
async def test_the_page_answers_only_its_own_machine(settings: Settings, address: str) -> None:
    await outbox.queue("test", "x@example.com", "Your reset", "https://x/reset?t=SECRET")

    async with api_for(settings, address) as remote:
        page = await remote.client.get("/dev/mail")

    assert page.status_code == 404
    assert error_codes(page.json()) == ["NOT_FOUND"]
    assert "SECRET" not in page.text


async def test_production_has_no_mail_page_and_logs_no_body(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    production = dataclasses.replace(settings, env="production")
    email = await outbox.queue("test", "x@example.com", "Your reset", "https://x/reset?t=SECRET")
    caplog.set_level(logging.INFO, logger="tenantry.email")

    async with api_for(production, "127.0.0.1") as api:
        page = await api.client.get("/dev/mail")
    status = await outbox.deliver(email.id, production, sender=outbox.log_send)

    assert page.status_code == 404
    assert error_codes(page.json()) == ["NOT_FOUND"]
    assert status == EmailStatus.SENT
    [line] = [r.getMessage() for r in caplog.records if r.name == "tenantry.email"]
    assert line == "email to x@example.com: Your reset"
