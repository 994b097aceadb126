"""Logins tell nobody which emails exist: lockout and tarpit answer alike for unknown ones."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from tortoise.timezone import now

from domain.security import passwords, policy, throttle
from models import LoginThrottle, Organization, SecurityPolicy, User
from settings import Settings
from tests import factories
from tests.api import LOGIN, Api, api_for

REAL = "boss@example.com"
UNKNOWN = "nobody@example.com"


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[Api]:
    """The address throttle out of the way: these tests are about one email at a time."""
    async with api_for(dataclasses.replace(settings, login_throttle_failures=1_000)) as client:
        yield client


@pytest.fixture
async def master() -> Organization:
    organization = await factories.master()
    await factories.member(organization, REAL)
    return organization


async def answers(api: Api, email: str, attempts: int) -> list[tuple[str, str]]:
    """(code, message) of each of `attempts` logins with a wrong password."""
    result = []
    for number in range(attempts):
        data = await api.data(LOGIN, {"email": email, "password": f"guess {number}"})
        (error,) = data["login"]["userErrors"]
        result.append((error["code"], error["message"]))
    return result


async def test_an_unknown_email_locks_exactly_as_a_real_one(api: Api, master: Organization) -> None:
    limit = policy.Policy().max_failed_logins  # nobody tightened it

    real = await answers(api, REAL, limit + 2)
    unknown = await answers(api, UNKNOWN.upper(), limit + 2)  # the same email, as typed

    assert real == unknown
    assert [code for code, _ in real] == ["INVALID_CREDENTIALS"] * limit + ["ACCOUNT_LOCKED"] * 2
    # The lock ends alike too: both count afresh.
    await User.filter(email=REAL).update(locked_until=now() - timedelta(seconds=1))
    await LoginThrottle.filter(blocked_until__isnull=False).update(
        blocked_until=now() - timedelta(seconds=1)
    )
    assert await answers(api, REAL, 1) == await answers(api, UNKNOWN, 1) == real[:1]


async def test_unknown_emails_follow_the_masters_policy(api: Api, master: Organization) -> None:
    await SecurityPolicy.create(organization=master, max_failed_logins=3)

    real = await answers(api, REAL, 4)
    unknown = await answers(api, UNKNOWN, 4)

    assert real == unknown
    assert [code for code, _ in unknown] == ["INVALID_CREDENTIALS"] * 3 + ["ACCOUNT_LOCKED"]


async def test_unknown_emails_are_counted_under_a_digest_only(
    api: Api, master: Organization
) -> None:
    await answers(api, UNKNOWN, 2)

    (counted,) = await LoginThrottle.filter(key__startswith="login:")
    assert counted.failures == 2
    assert "nobody" not in counted.key
    assert len(counted.key) <= 64


async def test_a_locked_unknown_email_is_refused_with_its_decoy_check(
    api: Api, master: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a locked real login costs a decoy bcrypt (not a real check), so does this."""
    await SecurityPolicy.create(organization=master, max_failed_logins=1)
    await answers(api, UNKNOWN, 1)
    decoys: list[int] = []
    burn = passwords.burn_verification_time

    async def counting(rounds: int) -> None:
        decoys.append(rounds)
        await burn(rounds)

    monkeypatch.setattr("domain.security.auth.burn_verification_time", counting)

    assert [code for code, _ in await answers(api, UNKNOWN, 1)] == ["ACCOUNT_LOCKED"]
    assert decoys == [4]


class TestPaddedTarpit:
    """Failed and refused answers go out LOGIN_FAILURE_DELAY_MS after their start, however
    long their own work took: the wait pads to a constant instead of adding to it."""

    @pytest.mark.parametrize(
        ("delay_ms", "elapsed", "wait"),
        [
            (1_000, 0.0, 1.0),
            (1_000, 0.25, 0.75),
            (1_000, 1.0, 0.0),
            (1_000, 3.0, 0.0),  # work longer than the delay: no wait on top
            (0, 0.5, 0.0),
        ],
    )
    def test_the_remaining_wait(self, delay_ms: int, elapsed: float, wait: float) -> None:
        assert throttle.remaining_delay(delay_ms, 100.0, 100.0 + elapsed) == pytest.approx(wait)

    @pytest.fixture
    def clock(self, monkeypatch: pytest.MonkeyPatch) -> list[float]:
        """A fake clock that only bcrypt moves (0.3 s a check), and the tarpit's sleeps."""
        moment = [1_000.0]
        sleeps: list[float] = []
        verify = passwords._verify_sync

        def slow_verify(password: str, stored: str) -> bool:
            moment[0] += 0.3
            return verify(password, stored)

        async def recorded_sleep(seconds: float) -> None:
            sleeps.append(round(seconds, 6))

        monkeypatch.setattr(passwords, "_verify_sync", slow_verify)
        monkeypatch.setattr(throttle, "clock", lambda: moment[0])
        monkeypatch.setattr(throttle, "sleep", recorded_sleep)
        return sleeps

    async def test_a_slow_check_and_a_fast_refusal_end_at_the_same_moment(
        self, settings: Settings, master: Organization, clock: list[float]
    ) -> None:
        slow = dataclasses.replace(
            settings, login_failure_delay_ms=1_000, login_throttle_failures=1
        )
        async with api_for(slow) as api:
            wrong_password = await answers(api, REAL, 1)  # one bcrypt check: 0.3 s of work
            refused = await answers(api, REAL, 1)  # blocked address: no work at all

        assert [code for code, _ in wrong_password + refused] == [
            "INVALID_CREDENTIALS",
            "TOO_MANY_ATTEMPTS",
        ]
        assert clock == [0.7, 1.0]  # each answered 1 s after it began

    async def test_an_unknown_email_waits_as_long_as_a_wrong_password(
        self, settings: Settings, master: Organization, clock: list[float]
    ) -> None:
        slow = dataclasses.replace(settings, login_failure_delay_ms=1_000)
        async with api_for(slow) as api:
            await answers(api, REAL, 1)
            await answers(api, UNKNOWN, 1)

        assert clock == [0.7, 0.7]
