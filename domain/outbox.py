"""The email outbox: emails are rows written in the business transaction that causes them,
and delivered afterwards by an actor. A delivery claims its row for a while before it
sends, so running twice (or two copies at once) sends one email; the row remembers attempts
and the last error."""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Callable
from datetime import timedelta
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit
from uuid import UUID

import anyio.to_thread
from tortoise.queryset import QuerySet
from tortoise.timezone import now
from tortoise.transactions import in_transaction

from domain.actor import Actor
from domain.errors import AccessDenied
from models import OutboxEmail
from models.enums import EmailStatus
from settings import Settings

logger = logging.getLogger("tenantry.email")

# A sender takes (settings, message) and raises when the message could not be sent.
Sender = Callable[[Settings, EmailMessage], None]


async def queue(kind: str, to: str, subject: str, body: str) -> OutboxEmail:
    """Add an email to the outbox; call inside the transaction of the change it reports."""
    return await OutboxEmail.create(kind=kind, to_address=to, subject=subject, body=body)


def smtp_send(settings: Settings, message: EmailMessage) -> None:
    """Send through SMTP_URL (smtp:// with STARTTLS when offered, smtps:// for TLS)."""
    url = urlsplit(settings.smtp_url or "")
    secure = url.scheme == "smtps"
    port = url.port or (465 if secure else 25)
    context = ssl.create_default_context()
    client: smtplib.SMTP = (
        smtplib.SMTP_SSL(url.hostname or "localhost", port, timeout=30, context=context)
        if secure
        else smtplib.SMTP(url.hostname or "localhost", port, timeout=30)
    )
    with client:
        if not secure and client.has_extn("starttls"):
            client.starttls(context=context)
        if url.username:
            client.login(unquote(url.username), unquote(url.password or ""))
        client.send_message(message)


def log_send(settings: Settings, message: EmailMessage) -> None:
    """The embedded default: the email goes to the log (and stays in the outbox table)."""
    logger.info("email to %s: %s", message["To"], message["Subject"])


def default_sender(settings: Settings) -> Sender:
    return smtp_send if settings.smtp_url else log_send


# How long a delivery holds its email before another may try: longer than the actor's time
# limit and smtplib's timeouts, so that two deliveries never overlap. It only matters when a
# delivery died mid-way: the email waits this long for the next one.
SENDING_LEASE = timedelta(minutes=5)


async def _claim(email_id: UUID) -> OutboxEmail | EmailStatus:
    """Take the email for one attempt (counted now), or the reason not to send: it is sent,
    failed, gone, or another delivery holds it (PENDING)."""
    async with in_transaction():
        email = await OutboxEmail.select_for_update().get_or_none(id=email_id)
        if email is None or email.status != EmailStatus.PENDING:
            return email.status if email else EmailStatus.FAILED
        moment = now()
        if email.next_attempt_at is not None and email.next_attempt_at > moment:
            return EmailStatus.PENDING
        email.attempts += 1
        email.next_attempt_at = moment + SENDING_LEASE
        await email.save(update_fields=["attempts", "next_attempt_at"])
        return email


async def deliver(
    email_id: UUID, settings: Settings, *, sender: Sender | None = None, give_up_after: int = 5
) -> EmailStatus:
    """Send one outbox email unless it was sent already or is being sent; record the
    attempt either way.

    The mail server is talked to outside any transaction: a slow one holds neither the row
    nor (on SQLite) the database. Raises when sending failed and attempts remain (so the
    actor retries); after the last attempt the email is FAILED with its error.
    """
    claimed = await _claim(email_id)
    if not isinstance(claimed, OutboxEmail):
        return claimed
    email = claimed
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = (
        settings.mail_from,
        email.to_address,
        email.subject,
    )
    message.set_content(email.body)
    send = sender or default_sender(settings)
    try:
        await anyio.to_thread.run_sync(send, settings, message)
    except Exception as error:
        email.last_error = repr(error)[:2000]
        # The claim ends here: the actor's retry decides when the next attempt comes.
        email.next_attempt_at = None
        if email.attempts >= give_up_after:
            email.status = EmailStatus.FAILED
        await email.save(update_fields=["last_error", "next_attempt_at", "status"])
        if email.status == EmailStatus.PENDING:
            raise
        return email.status
    email.status, email.sent_at = EmailStatus.SENT, now()  # last_error stays as history
    email.next_attempt_at = None
    await email.save(update_fields=["status", "sent_at", "next_attempt_at"])
    return email.status


async def pending(stale_seconds: int) -> list[OutboxEmail]:
    """PENDING emails nobody has tried for `stale_seconds` (lost messages, due retries)."""
    cutoff = now() - timedelta(seconds=stale_seconds)
    return await OutboxEmail.filter(status=EmailStatus.PENDING, created_at__lt=cutoff)


def visible_outbox(actor: Actor) -> QuerySet[OutboxEmail]:
    """The outbox is the platform's: administrators only."""
    if not actor.is_administrator:
        raise AccessDenied("Only administrators see the email outbox.")
    return OutboxEmail.all()
