"""Delivery of an endpoint's events: one worker at a time, in order, until each succeeds.

A pass claims the endpoint (a lease: a conditional UPDATE that only one worker wins), then
sends its PENDING deliveries oldest first (test messages, which have no position, before
the events, which go in position order). The first failure ends the pass: the receiver is
most likely down for all of them, and the newer ones wait behind the oldest so that the
order holds. The endpoint then waits out an exponential backoff (its `next_attempt_at`;
the scheduler sends it again when due), and after WEBHOOK_DISABLE_AFTER_SECONDS of
failures in a row it is disabled, its owners are emailed and its waiting deliveries fail;
a receiver answering 410 Gone has it disabled the same way at once.

The lease is renewed after each delivery and outlives the longest attempt, so it is only
ever lost by a worker that died; the endpoint is then picked up again once it expires.
A pass stops on its own well inside the actor's time limit (and asks to be sent again).
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

import anyio
import httpx
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.timezone import now
from tortoise.transactions import in_transaction

from domain.events import audit
from domain.hierarchy import notifications
from domain.jobs import outbox
from domain.logsafe import log_safe
from domain.webhooks import address_guard, sender, signing, urls
from models import OutboxEmail, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from models.enums import DeliveryStatus
from ops.metrics import record_webhook_attempt
from settings import Settings

logger = logging.getLogger("tenantry.webhooks")

# The backoff after the n-th failure in a row: a random wait up to 5 s * 2^(n-1), at most
# 6 h ("full jitter": endpoints that failed together do not all come back together).
BACKOFF_BASE = timedelta(seconds=5)
BACKOFF_CAP = timedelta(hours=6)
# A pass stops sending after this long (workers.actors.deliver_webhooks has 10 minutes;
# one more attempt, at most 3 x WEBHOOK_TIMEOUT_SECONDS <= 3 minutes, still fits).
PASS_SECONDS = 5 * 60
# Deliveries read at once (in order) within a pass.
BATCH = 50
# Successful attempts are written this many at a time, and at least this often (which
# renews the lease: shorter than LEASE_MARGIN, so that an attempt started just before the
# renewal was due still ends within the lease).
FLUSH_EVERY = 25
RENEW_EVERY = timedelta(seconds=5)
# Database writes around an attempt, on top of the attempt's own bound, within one lease.
LEASE_MARGIN = timedelta(seconds=10)
# A receiver answering 410 Gone asks for no more deliveries (the REST Hooks convention
# Zapier and others follow): the endpoint is disabled at once, as after failing too long,
# instead of being retried for days at an address that said it is gone for good.
GONE = 410
UNSUBSCRIBED = "The receiver answered HTTP 410 Gone: it asked for no more deliveries."
DISABLED_DELIVERY = "the endpoint was disabled before this delivery succeeded"

_jitter = random.SystemRandom()


@dataclass
class Pass:
    """What one run did, and what its caller (the actor) should do once it returns."""

    claimed: bool = False
    succeeded: int = 0
    failed: bool = False
    disabled: bool = False
    # It stopped on its time budget with deliveries left: send it again.
    more: bool = False
    # Emails queued (committed): send them.
    emails: list[OutboxEmail] = field(default_factory=list)
    # After a failure: how long until the next try is due (the actor sends itself again
    # then; the scheduler's tick is only the backstop, a whole interval late at worst).
    retry_in: timedelta | None = None


def lease_length(settings: Settings) -> timedelta:
    """Longer than one attempt can take: the lookup (one timeout) and the HTTP exchange
    (two), plus the writes around them."""
    return timedelta(seconds=3 * settings.webhook_timeout_seconds) + LEASE_MARGIN


def backoff(failures: int) -> timedelta:
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** min(failures - 1, 32))
    return timedelta(seconds=_jitter.uniform(0, ceiling.total_seconds()))


def _free(moment: datetime) -> Q:
    """Not held by a live lease, and not waiting out a backoff."""
    return (Q(lease_until__isnull=True) | Q(lease_until__lte=moment)) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=moment)
    )


async def _claim(endpoint_id: UUID, lease: timedelta) -> datetime | None:
    """Take the endpoint for a pass; the lease's end is the holder's token (None: another
    worker holds it, it waits out a backoff, or it is disabled)."""
    moment = now()
    until = moment + lease
    taken = await WebhookEndpoint.filter(_free(moment), id=endpoint_id, enabled=True).update(
        lease_until=until
    )
    return until if taken else None


async def _next(endpoint_id: UUID, limit: int = BATCH) -> list[WebhookDelivery]:
    """The oldest PENDING deliveries, in sending order: test messages first, then events
    by position."""
    pending = WebhookDelivery.filter(endpoint_id=endpoint_id, status=DeliveryStatus.PENDING)
    tests = await pending.filter(position__isnull=True).order_by("created_at", "id").limit(limit)
    if tests:
        return list(tests)
    return list(await pending.order_by("position", "created_at").limit(limit))


async def attempt(
    http: httpx.AsyncClient,
    endpoint: WebhookEndpoint,
    delivery: WebhookDelivery,
    settings: Settings,
) -> sender.Outcome:
    """Sign, check the address, send: one try, whatever happens an Outcome."""
    started = time.monotonic()
    timeout = settings.webhook_timeout_seconds
    try:
        headers = signing.headers(endpoint, delivery, settings.secret_key, int(time.time()))
    except signing.Unsignable as error:
        return sender.Outcome(False, None, 0, str(error), "unsigned")
    try:
        with anyio.fail_after(timeout):
            target = await address_guard.target(
                endpoint.url, allow_private=settings.webhooks_may_reach_private_networks
            )
    except address_guard.Refused as error:
        return sender.Outcome(False, None, 0, str(error)[: sender.MAX_ERROR], "refused")
    except TimeoutError:
        elapsed = round((time.monotonic() - started) * 1000)
        error_text = f"the host did not resolve within {timeout:g} s"
        return sender.Outcome(False, None, elapsed, error_text, "timeout")
    return await sender.post(http, target, headers, delivery.payload.encode(), timeout)


def _apply(delivery: WebhookDelivery, outcome: sender.Outcome, moment: datetime) -> list[str]:
    """Put an attempt's outcome on its delivery; the fields to save. The status only on
    success: a failed attempt leaves it as it is (FAILED, if the endpoint was disabled
    meanwhile, stays FAILED)."""
    delivery.attempts += 1
    delivery.last_attempt_at = moment
    delivery.response_status = outcome.status
    delivery.latency_ms = outcome.latency_ms
    delivery.last_error = outcome.error
    fields = ["attempts", "last_attempt_at", "response_status", "latency_ms", "last_error"]
    if outcome.succeeded:
        delivery.status, delivery.succeeded_at = DeliveryStatus.SUCCEEDED, moment
        fields += ["status", "succeeded_at"]
    return fields


def _attempt_row(delivery: WebhookDelivery, outcome: sender.Outcome) -> WebhookAttempt:
    return WebhookAttempt(
        delivery=delivery,
        succeeded=outcome.succeeded,
        response_status=outcome.status,
        latency_ms=outcome.latency_ms,
        error=outcome.error,
    )


async def _record(delivery: WebhookDelivery, outcome: sender.Outcome) -> None:
    """One attempt written at once (a failure: what follows depends on it)."""
    fields = _apply(delivery, outcome, now())
    async with in_transaction("default"):
        await _attempt_row(delivery, outcome).save()
        await delivery.save(update_fields=fields)


@dataclass
class _Unwritten:
    """Successful attempts not written yet. They are written together, with the lease's
    renewal, every FLUSH_EVERY deliveries or RENEW_EVERY seconds, and before a failure
    is: five round trips a delivery would otherwise cost more than sending it. A worker
    that dies in between sends them again; receivers drop repeats by webhook-id, as
    at-least-once delivery asks of them anyway."""

    deliveries: list[tuple[WebhookDelivery, sender.Outcome]] = field(default_factory=list)
    renewed: float = field(default_factory=time.monotonic)

    def due(self) -> bool:
        return (
            len(self.deliveries) >= FLUSH_EVERY
            or time.monotonic() - self.renewed >= RENEW_EVERY.total_seconds()
        )

    async def write(self, endpoint_id: UUID, held: datetime, lease: timedelta) -> datetime | None:
        """Write them and renew the lease; the lease's new end (None: it was lost, and
        the attempts are written all the same: they did succeed)."""
        done, self.deliveries = self.deliveries, []
        self.renewed = time.monotonic()
        moment = now()
        async with in_transaction("default"):
            if done:
                await WebhookAttempt.bulk_create([_attempt_row(d, o) for d, o in done])
                for delivery, outcome in done:
                    fields = _apply(delivery, outcome, moment)  # the same for every success
                await WebhookDelivery.bulk_update([d for d, _ in done], fields=fields)
                return await _succeeded(endpoint_id, held, lease)
            return await _renew(endpoint_id, held, lease)


async def _renew(endpoint_id: UUID, held: datetime, lease: timedelta) -> datetime | None:
    until = now() + lease
    kept = await WebhookEndpoint.filter(id=endpoint_id, lease_until=held).update(lease_until=until)
    return until if kept else None


async def _succeeded(endpoint_id: UUID, held: datetime, lease: timedelta) -> datetime | None:
    """The endpoint's failure state reset and its lease renewed, in one statement; the
    new lease's end, or None when the lease was lost meanwhile."""
    moment = now()
    until = moment + lease
    kept = await WebhookEndpoint.filter(id=endpoint_id, lease_until=held).update(
        consecutive_failures=0,
        failing_since=None,
        next_attempt_at=None,
        last_success_at=moment,
        lease_until=until,
    )
    return until if kept else None


async def _failed(
    endpoint_id: UUID, held: datetime, settings: Settings, outcome: sender.Outcome
) -> Pass:
    """Count the failure, schedule the next try (or disable), release the lease."""
    moment = now()
    result = Pass(claimed=True, failed=True)
    async with in_transaction("default"):
        endpoint = await WebhookEndpoint.get_or_none(id=endpoint_id)
        if endpoint is None or endpoint.lease_until != held:
            # Deleted meanwhile, or the lease was lost (this worker stalled: the holder
            # decides).
            return result
        failing_since = endpoint.failing_since or moment
        failures = endpoint.consecutive_failures + 1
        changes: dict[str, object] = {
            "consecutive_failures": failures,
            "failing_since": failing_since,
            "lease_until": None,
        }
        failing_too_long = (
            moment - failing_since
        ).total_seconds() >= settings.webhook_disable_after_seconds
        if outcome.status == GONE or failing_too_long:
            result.disabled = True
            reason = _disabled_reason(failing_since, outcome)
            changes |= {
                "enabled": False,
                "disabled_reason": reason,
                "disabled_at": moment,
                "next_attempt_at": None,
                # Enabled again, it starts afresh (the reason keeps since when it failed).
                "consecutive_failures": 0,
                "failing_since": None,
            }
            result.emails = await _disable(endpoint, reason, failing_since)
        else:
            result.retry_in = backoff(failures)
            changes["next_attempt_at"] = moment + result.retry_in
        await WebhookEndpoint.filter(id=endpoint_id, lease_until=held).update(**changes)
    if result.disabled:
        logger.warning("webhook endpoint %s disabled: %s", endpoint_id, log_safe(outcome.error))
    return result


def _disabled_reason(failing_since: datetime, outcome: sender.Outcome) -> str:
    if outcome.status == GONE:
        return UNSUBSCRIBED
    return (
        f"Every delivery failed since {notifications.when(failing_since)}; "
        f"the last: {outcome.error}"
    )[:200]


async def _disable(
    endpoint: WebhookEndpoint, reason: str, failing_since: datetime
) -> list[OutboxEmail]:
    """Inside the failure's transaction: fail the waiting deliveries, record the event,
    queue the owners' emails."""
    await WebhookDelivery.filter(endpoint_id=endpoint.id, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.FAILED
    )
    await endpoint.fetch_related("organization")
    organization = endpoint.organization
    await audit.record(
        None,
        "webhook_endpoint.disable",
        organization,
        target_type="WebhookEndpoint",
        target_id=endpoint.id,
        target_name=urls.endpoint_name(endpoint.url, endpoint.description)[:254],
        summary={"reason": reason, "failingSince": failing_since.isoformat()},
    )
    subject = f"Webhook endpoint disabled: {urls.endpoint_name(endpoint.url, endpoint.description)}"
    body = (
        f"The webhook endpoint {endpoint.url} of {organization.name} was disabled.\n\n"
        f"Why: {reason}\n\n"
        "Its waiting deliveries were marked failed and it receives no new events. Once the "
        "receiver answers again, enable the endpoint to receive events again.\n"
    )
    addresses = await notifications.recipients(organization)
    return [await outbox.queue("webhook-disabled", to, subject, body) for to in addresses]


async def _still_as_read(endpoint: WebhookEndpoint) -> bool:
    """Before each attempt: the endpoint is still there, enabled and at the URL the batch
    was read with. One primary-key read per delivery is what it costs that, once
    updateWebhookEndpoint or deleteWebhookEndpoint has answered, no further event goes to
    the address given up (an attempt already under way still ends)."""
    return await WebhookEndpoint.filter(id=endpoint.id, enabled=True, url=endpoint.url).exists()


async def run_endpoint(endpoint_id: UUID, settings: Settings) -> Pass:
    """One pass over an endpoint's due deliveries, in order (nothing when another worker
    holds it, it waits out a backoff, or it is disabled)."""
    lease = lease_length(settings)
    held = await _claim(endpoint_id, lease)
    if held is None:
        return Pass()
    run = _EndpointPass(endpoint_id, settings, lease, held)
    try:
        async with sender.client(settings.webhook_timeout_seconds) as http:
            return await run.send_due(http)
    except IntegrityError:
        # The endpoint was deleted during an attempt, its deliveries with it: the attempt
        # has nothing left to be written on (and nothing more is sent).
        if await WebhookEndpoint.exists(id=endpoint_id):
            raise
        run.unwritten.deliveries.clear()
        return run.result
    finally:
        await run.end()


@dataclass
class _EndpointPass:
    """The state of one pass over a claimed endpoint: the lease it holds (None once lost
    or released), the successes not written yet, and what it did so far."""

    endpoint_id: UUID
    settings: Settings
    lease: timedelta
    held: datetime | None
    result: Pass = field(default_factory=lambda: Pass(claimed=True))
    started: float = field(default_factory=time.monotonic)
    unwritten: _Unwritten = field(default_factory=_Unwritten)

    async def send_due(self, http: httpx.AsyncClient) -> Pass:
        """Batch after batch until none is due, the time budget is spent, the lease is
        lost or an attempt fails."""
        while self.held is not None:
            # Read again for every batch (and whenever _still_as_read says so): a
            # rotated secret applies from the next batch on, a new URL or a disable
            # from the next delivery.
            endpoint = await WebhookEndpoint.get_or_none(id=self.endpoint_id)
            batch = await _next(self.endpoint_id)
            if endpoint is None or not endpoint.enabled or not batch:
                break
            ended = await self._send_batch(http, endpoint, batch)
            if ended is not None:
                return ended
            if self.held is not None and self.unwritten.deliveries:
                self.held = await self.unwritten.write(self.endpoint_id, self.held, self.lease)
        return self.result

    async def _send_batch(
        self, http: httpx.AsyncClient, endpoint: WebhookEndpoint, batch: list[WebhookDelivery]
    ) -> Pass | None:
        """The pass's result when it ends within this batch; None to go on."""
        for delivery in batch:
            if time.monotonic() - self.started > PASS_SECONDS:
                self.result.more = True
                return self.result
            if not await _still_as_read(endpoint):
                return None  # read it again: a new URL for the rest, or nothing more
            if self.unwritten.due() and not await self._write_unwritten():
                return self.result  # the lease was lost (this worker stalled)
            outcome = await attempt(http, endpoint, delivery, self.settings)
            record_webhook_attempt(outcome.kind)
            if not outcome.succeeded:
                return await self._stop_on_failure(delivery, outcome)
            self.unwritten.deliveries.append((delivery, outcome))
            self.result.succeeded += 1
        return None

    async def _write_unwritten(self) -> bool:
        """Write the successes and renew the lease; whether it is still held."""
        assert self.held is not None  # only a pass holding its lease sends
        self.held = await self.unwritten.write(self.endpoint_id, self.held, self.lease)
        return self.held is not None

    async def _stop_on_failure(self, delivery: WebhookDelivery, outcome: sender.Outcome) -> Pass:
        """The successes before it written, then the failure, its backoff or disable."""
        await self._write_unwritten()
        await _record(delivery, outcome)
        if self.held is None:
            return self.result  # the lease was lost
        failed = await _failed(self.endpoint_id, self.held, self.settings, outcome)
        self.held = None  # released with the failure's state
        failed.succeeded = self.result.succeeded
        return failed

    async def end(self) -> None:
        """Whatever succeeded written, and the lease released if still held."""
        if self.unwritten.deliveries:
            await self.unwritten.write(self.endpoint_id, self.held or now(), self.lease)
        if self.held is not None:
            await WebhookEndpoint.filter(id=self.endpoint_id, lease_until=self.held).update(
                lease_until=None
            )


async def due_endpoints() -> list[UUID]:
    """Enabled endpoints with PENDING deliveries, due, and held by no live lease."""
    moment = now()
    pending = WebhookDelivery.filter(status=DeliveryStatus.PENDING).values("endpoint_id")
    rows = await WebhookEndpoint.filter(
        _free(moment), enabled=True, id__in=Subquery(pending)
    ).values_list("id", flat=True)
    return [UUID(str(row)) for row in rows]
