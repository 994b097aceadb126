"""The email outbox: rows written with the change, sent once, failures visible."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from datetime import timedelta
from email.message import EmailMessage

import pytest
from tortoise.timezone import now
from tortoise.transactions import in_transaction

from domain.jobs import outbox
from models import OutboxEmail
from models.enums import EmailStatus, OrganizationKind
from settings import Settings
from tests import factories
from tests.api import Api, error_codes
from workers import actors
from workers.broker import broker
from workers.embedded import embedded_worker

OUTBOX = """
query ($status: EmailStatus) {
  outboxEmails(status: $status) {
    totalCount
    edges { node { toAddress subject status attempts lastError } }
  }
}
"""


class Recorder:
    def __init__(self, failing: bool = False) -> None:
        self.sent: list[EmailMessage] = []
        self.failing = failing

    def __call__(self, settings: Settings, message: EmailMessage) -> None:
        if self.failing:
            raise ConnectionRefusedError("smtp.example.test:25 refused")
        self.sent.append(message)


async def test_an_email_is_sent_once_however_often_delivery_runs(settings: Settings) -> None:
    email = await outbox.queue("welcome", "a@example.com", "Hello", "Body")
    recorder = Recorder()

    results = await asyncio.gather(
        *(outbox.deliver(email.id, settings, sender=recorder) for _ in range(3))
    )
    again = await outbox.deliver(email.id, settings, sender=recorder)

    assert len(recorder.sent) == 1
    assert recorder.sent[0]["To"] == "a@example.com"
    assert recorder.sent[0]["From"] == settings.mail_from
    # One copy sent it; each other found it being sent (and left it to that one) or, had it
    # started once that one was done, already sent: which, is the scheduler's timing.
    assert EmailStatus.SENT in results
    assert set(results) <= {EmailStatus.SENT, EmailStatus.PENDING}
    assert again == EmailStatus.SENT
    stored = await OutboxEmail.get(id=email.id)
    assert (stored.status, stored.attempts, stored.next_attempt_at) == (EmailStatus.SENT, 1, None)


async def test_a_slow_mail_server_holds_neither_the_row_nor_the_database(
    settings: Settings,
) -> None:
    """While the mail server takes its time, the email's row and the database stay free
    (a delivery used to keep its transaction open around the send: on SQLite every other
    query of the process waited, and other processes' writes)."""
    email = await outbox.queue("welcome", "a@example.com", "Hello", "Body")
    sending, answer = threading.Event(), threading.Event()
    recorder = Recorder()

    def slow(settings: Settings, message: EmailMessage) -> None:
        sending.set()
        answer.wait(10)
        recorder(settings, message)

    delivering = asyncio.create_task(outbox.deliver(email.id, settings, sender=slow))
    assert await asyncio.to_thread(sending.wait, 10)

    async def change_it_meanwhile() -> None:
        async with in_transaction("default"):
            await OutboxEmail.filter(id=email.id).update(subject="Hello again")

    try:
        await asyncio.wait_for(change_it_meanwhile(), timeout=5)
        # A copy arriving now leaves the email to the delivery under way.
        assert await outbox.deliver(email.id, settings, sender=recorder) == EmailStatus.PENDING
    finally:
        answer.set()
    assert await delivering == EmailStatus.SENT
    assert len(recorder.sent) == 1
    stored = await OutboxEmail.get(id=email.id)
    assert (stored.status, stored.subject, stored.attempts) == (EmailStatus.SENT, "Hello again", 1)


async def test_a_delivery_that_died_mid_way_is_taken_over_once_its_claim_runs_out(
    settings: Settings,
) -> None:
    email = await outbox.queue("welcome", "a@example.com", "Hello", "Body")
    # A delivery claimed it, then its worker was killed before it sent anything.
    await OutboxEmail.filter(id=email.id).update(
        attempts=1, next_attempt_at=now() + outbox.SENDING_LEASE
    )
    recorder = Recorder()
    assert await outbox.deliver(email.id, settings, sender=recorder) == EmailStatus.PENDING
    assert recorder.sent == []

    await OutboxEmail.filter(id=email.id).update(next_attempt_at=now() - timedelta(seconds=1))
    assert await outbox.deliver(email.id, settings, sender=recorder) == EmailStatus.SENT
    assert len(recorder.sent) == 1
    assert (await OutboxEmail.get(id=email.id)).attempts == 2


async def test_a_failing_email_is_retried_then_failed_with_its_error(settings: Settings) -> None:
    email = await outbox.queue("welcome", "a@example.com", "Hello", "Body")
    recorder = Recorder(failing=True)

    for _ in range(2):
        with pytest.raises(ConnectionRefusedError):
            await outbox.deliver(email.id, settings, sender=recorder, give_up_after=3)
    final = await outbox.deliver(email.id, settings, sender=recorder, give_up_after=3)

    stored = await OutboxEmail.get(id=email.id)
    assert final == EmailStatus.FAILED
    assert (stored.status, stored.attempts) == (EmailStatus.FAILED, 3)
    assert "refused" in (stored.last_error or "")


async def test_failed_emails_are_visible_to_administrators_only(
    api: Api, settings: Settings
) -> None:
    master = await factories.master()
    _, admin = await factories.quick_member(master, "admin@example.com")
    reseller = await factories.organization(OrganizationKind.RESELLER, master)
    _, other = await factories.quick_member(reseller, "reseller@example.com")
    email = await outbox.queue("welcome", "a@example.com", "Hello", "secret reset link")
    await outbox.deliver(email.id, settings, sender=Recorder(failing=True), give_up_after=1)

    data = await api.data(OUTBOX, {"status": "FAILED"}, admin)
    refused = await api(OUTBOX, {"status": "FAILED"}, other)

    (node,) = [edge["node"] for edge in data["outboxEmails"]["edges"]]
    assert node["status"] == "FAILED"
    assert "refused" in node["lastError"]
    assert "secret" not in str(data)  # bodies are never shown
    assert error_codes(refused) == ["FORBIDDEN"]


@pytest.fixture
async def worker() -> AsyncIterator[None]:
    async with embedded_worker():
        yield


async def test_creating_a_customer_sends_a_welcome_without_the_password(
    api: Api, worker: None
) -> None:
    master = await factories.master()
    _, admin = await factories.quick_member(master, "admin@example.com")
    query = """
    mutation { createCustomer(input: {name: "Acme", owner: {email: "o@acme.example"}}) {
      generatedPassword userErrors { code } } }
    """

    data = await api.data(query, token=admin)
    await asyncio.to_thread(broker.join, actors.send_email.queue_name, timeout=30_000)

    password = data["createCustomer"]["generatedPassword"]
    email = await OutboxEmail.get(to_address="o@acme.example")
    assert email.status == EmailStatus.SENT  # by the log sender: no SMTP_URL in tests
    assert email.kind == "welcome"
    assert password not in email.body
