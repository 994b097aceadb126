"""The email outbox: emails are rows written in the business transaction that causes them,
and delivered afterwards by an actor. A delivery claims its row for a while before it
sends, so running twice (or two copies at once) sends one email; the row remembers attempts
and the last error."""

from __future__ import annotations

import logging
import re
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
from domain.logsafe import log_safe
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
    """The default without SMTP_URL: the email goes to the log (and stays in the outbox
    table). In development in full, links included, so a reset can be followed (and
    /dev/mail shows it too); in production only who and what, since logs are kept and
    shipped where a reset link must not go."""
    if settings.production:
        logger.info("email to %s: %s", log_safe(message["To"]), log_safe(message["Subject"]))
        return
    # Still one line (line breaks escaped as \n): the body holds text from outside too.
    body = message.get_content() if not message.is_multipart() else str(message)
    logger.info(
        "email to %s: %s | %s",
        log_safe(message["To"]),
        log_safe(message["Subject"]),
        log_safe(body.strip()),
    )


def default_sender(settings: Settings) -> Sender:
    return smtp_send if settings.smtp_url else log_send


# How long a delivery holds its email before another may try: longer than the actor's time
# limit and smtplib's timeouts, so that two deliveries never overlap. It only matters when a
# delivery died mid-way: the email waits this long for the next one.
SENDING_LEASE = timedelta(minutes=5)


async def _claim(email_id: UUID) -> OutboxEmail | EmailStatus:
    """Take the email for one attempt (counted now), or the reason not to send: it is sent,
    failed, gone, or another delivery holds it (PENDING)."""
    async with in_transaction("default"):
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


_HEADER_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def header_value(value: str) -> str:
    """`value` on one line: a line break in a header value would start a header of its
    own (a forged Bcc:), and the email library refuses to build such a message at all."""
    return _HEADER_BREAKS.sub(" ", value).strip()


class Undeliverable(Exception):
    """The email itself is wrong (no mail server would take it): trying again cannot help."""


def build_message(settings: Settings, email: OutboxEmail) -> EmailMessage:
    """The message for an outbox row; Undeliverable when it cannot be made into one."""
    if header_value(email.to_address) != email.to_address or not email.to_address:
        raise Undeliverable(f"unusable recipient address {email.to_address!r}")
    message = EmailMessage()
    try:
        message["From"] = header_value(settings.mail_from)
        message["To"] = email.to_address
        message["Subject"] = header_value(email.subject)
        message.set_content(email.body)
    except (ValueError, TypeError) as error:
        raise Undeliverable(f"the message cannot be built: {error!r}") from error
    return message


def _permanent(error: Exception) -> bool:
    """Whether a send failed for good: the email is wrong, or the mail server refused its
    recipients or its content for good (5xx). A connection failure, a 4xx, or a refused
    login or sender (our configuration, which an operator may fix meanwhile) is worth
    another try."""
    if isinstance(error, Undeliverable):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPDataError) and error.smtp_code >= 500


async def deliver(
    email_id: UUID, settings: Settings, *, sender: Sender | None = None, give_up_after: int = 5
) -> EmailStatus:
    """Send one outbox email unless it was sent already or is being sent; record the
    attempt either way.

    The mail server is talked to outside any transaction: a slow one holds neither the row
    nor (on SQLite) the database. Raises when sending failed and attempts remain (so the
    actor retries); after the last attempt, or at once when the email can never be sent
    (see `_permanent`), the email is FAILED with its error.
    """
    claimed = await _claim(email_id)
    if not isinstance(claimed, OutboxEmail):
        return claimed
    email = claimed
    send = sender or default_sender(settings)
    try:
        message = build_message(settings, email)
        await anyio.to_thread.run_sync(send, settings, message)
    except Exception as error:
        email.last_error = repr(error)[:2000]
        # The claim ends here: the actor's retry decides when the next attempt comes.
        email.next_attempt_at = None
        if email.attempts >= give_up_after or _permanent(error):
            email.status = EmailStatus.FAILED
        await email.save(update_fields=["last_error", "next_attempt_at", "status"])
        if email.status == EmailStatus.PENDING:
            raise
        logger.warning("email %s failed for good: %s", email.id, log_safe(email.last_error))
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
