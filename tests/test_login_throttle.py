"""The per-address login throttle and the tarpit, through the public API where visible."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from tortoise.timezone import now

from domain.errors import DomainError
from domain.security import auth, passwords, throttle
from models import LoginThrottle, User
from models.enums import UserStatus
from settings import Settings
from tests import factories
from tests.api import CLIENT_ADDRESS, LOGIN, Api, api_for

EMAIL = "boss@example.com"
LIMIT = 3


@pytest.fixture
def throttled(settings: Settings) -> Settings:
    """A low limit, so a few failures block an address."""
    return dataclasses.replace(settings, login_throttle_failures=LIMIT)


@pytest.fixture
async def api(throttled: Settings) -> AsyncIterator[Api]:
    async with api_for(throttled) as client:
        yield client


@pytest.fixture
async def boss() -> User:
    master = await factories.master()
    user, _ = await factories.member(master, EMAIL)
    return user


@pytest.fixture
def bcrypt_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every bcrypt verification (real checks and unknown-email decoys alike)."""
    checks: list[str] = []
    verify = passwords._verify_sync

    def counting(password: str, stored: str) -> bool:
        checks.append(password)
        return verify(password, stored)

    monkeypatch.setattr(passwords, "_verify_sync", counting)
    return checks


async def attempt(api: Api, password: str, email: str = EMAIL) -> dict[str, Any]:
    data = await api.data(LOGIN, {"email": email, "password": password})
    result: dict[str, Any] = data["login"]
    return result


async def code_of(api: Api, password: str, email: str = EMAIL) -> str | None:
    result = await attempt(api, password, email)
    return result["userErrors"][0]["code"] if result["userErrors"] else None


async def row() -> LoginThrottle:
    return await LoginThrottle.get(key=CLIENT_ADDRESS)


async def test_a_blocked_address_is_refused_without_checking_the_password(
    api: Api, throttled: Settings, boss: User, bcrypt_checks: list[str]
) -> None:
    for _ in range(LIMIT):
        assert await code_of(api, "wrong password") == "INVALID_CREDENTIALS"
    assert len(bcrypt_checks) == LIMIT
    bcrypt_checks.clear()

    refused = await attempt(api, factories.PASSWORD)

    assert refused["token"] is None
    (error,) = refused["userErrors"]
    assert error["code"] == "TOO_MANY_ATTEMPTS"
    assert "network address" in error["message"]
    assert bcrypt_checks == []  # refused before any bcrypt
    await boss.refresh_from_db()
    assert boss.last_login_at is None
    assert boss.failed_login_count == LIMIT  # the refusal is no attempt on the login
    blocked = await row()
    assert blocked.blocked_until is not None
    assert (
        timedelta(seconds=throttled.login_throttle_block_seconds - 60)
        < blocked.blocked_until - now()
        <= timedelta(seconds=throttled.login_throttle_block_seconds)
    )
    # Another address is not affected, and its right password works.
    async with api_for(throttled, address="198.51.100.20") as elsewhere:
        assert (await attempt(elsewhere, factories.PASSWORD))["token"]


async def test_logins_work_again_once_the_block_has_passed(api: Api, boss: User) -> None:
    for _ in range(LIMIT):
        await code_of(api, "wrong password")
    assert await code_of(api, factories.PASSWORD) == "TOO_MANY_ATTEMPTS"

    await LoginThrottle.filter(key=CLIENT_ADDRESS).update(
        blocked_until=now() - timedelta(seconds=1)
    )

    assert (await attempt(api, factories.PASSWORD))["token"]


async def test_refusals_while_blocked_do_not_extend_the_block(api: Api, boss: User) -> None:
    for _ in range(LIMIT):
        await code_of(api, "wrong password")
    before = await row()

    for _ in range(5):
        assert await code_of(api, "wrong password") == "TOO_MANY_ATTEMPTS"

    after = await row()
    assert (after.blocked_until, after.failures) == (before.blocked_until, 0)


async def test_unknown_emails_count_towards_the_throttle(
    api: Api, boss: User, bcrypt_checks: list[str]
) -> None:
    for number in range(LIMIT):
        assert (
            await code_of(api, factories.PASSWORD, f"nobody-{number}@example.com")
            == "INVALID_CREDENTIALS"
        )
    bcrypt_checks.clear()

    assert await code_of(api, factories.PASSWORD) == "TOO_MANY_ATTEMPTS"
    assert bcrypt_checks == []


async def test_locked_logins_and_overlong_input_count_too(api: Api, boss: User) -> None:
    await User.filter(id=boss.id).update(locked_until=now() + timedelta(minutes=5))

    assert await code_of(api, factories.PASSWORD) == "ACCOUNT_LOCKED"
    assert await code_of(api, "x" * 300) == "INVALID_CREDENTIALS"
    assert await code_of(api, "x", "x" * 300 + "@example.com") == "INVALID_CREDENTIALS"

    assert await code_of(api, factories.PASSWORD) == "TOO_MANY_ATTEMPTS"


async def test_refusals_after_the_right_password_do_not_count(api: Api, boss: User) -> None:
    await User.filter(id=boss.id).update(status=UserStatus.DISABLED)

    for _ in range(LIMIT + 1):
        assert await code_of(api, factories.PASSWORD) == "ACCOUNT_DISABLED"

    assert (await row()).failures == 0  # each gave back the count it reserved


async def test_a_successful_login_does_not_reset_the_count(api: Api, boss: User) -> None:
    """Else one valid login of the attacker's own, between guesses, would defeat it."""
    for _ in range(LIMIT - 1):
        await code_of(api, "wrong password")

    assert (await attempt(api, factories.PASSWORD))["token"]
    assert (await row()).failures == LIMIT - 1
    await code_of(api, "wrong password")

    assert await code_of(api, factories.PASSWORD) == "TOO_MANY_ATTEMPTS"


async def test_an_expired_window_starts_the_count_afresh_in_place(
    api: Api, throttled: Settings, boss: User
) -> None:
    for _ in range(LIMIT - 1):
        await code_of(api, "wrong password")
    await LoginThrottle.filter(key=CLIENT_ADDRESS).update(
        window_start=now() - timedelta(seconds=throttled.login_throttle_window_seconds + 1)
    )

    await code_of(api, "wrong password")

    assert await LoginThrottle.all().count() == 1
    counted = await row()
    assert counted.failures == 1
    assert now() - counted.window_start < timedelta(minutes=1)
    assert (await attempt(api, factories.PASSWORD))["token"]


async def test_aliased_logins_in_one_request_each_count(api: Api, boss: User) -> None:
    attempts = " ".join(
        f'a{i}: login(input: {{email: "{EMAIL}", password: "nope {i}"}}) '
        "{ userErrors { code } }"
        for i in range(LIMIT + 2)
    )

    data = (await api("mutation { " + attempts + " }"))["data"]

    codes = [data[f"a{i}"]["userErrors"][0]["code"] for i in range(LIMIT + 2)]
    assert codes == ["INVALID_CREDENTIALS"] * LIMIT + ["TOO_MANY_ATTEMPTS"] * 2


@pytest.mark.parametrize("expired_window", [False, True])
async def test_concurrent_failures_are_all_counted(
    settings: Settings, boss: User, expired_window: bool
) -> None:
    """Many failures at once, on a new row or on an expired one, each count once (on
    PostgreSQL they run on separate connections)."""
    roomy = dataclasses.replace(settings, login_throttle_failures=1_000)
    if expired_window:
        await LoginThrottle.create(
            key=CLIENT_ADDRESS, failures=999, window_start=now() - timedelta(days=1)
        )

    async with api_for(roomy) as api:
        codes = await asyncio.gather(
            *(code_of(api, "wrong", f"nobody-{n}@example.com") for n in range(25))
        )

    assert codes == ["INVALID_CREDENTIALS"] * 25
    assert (await row()).failures == 25


async def test_concurrent_failures_past_the_limit_block_the_address(
    settings: Settings, boss: User
) -> None:
    strict = dataclasses.replace(settings, login_throttle_failures=10)

    async with api_for(strict) as api:
        await asyncio.gather(*(code_of(api, "wrong", f"nobody-{n}@example.com") for n in range(15)))
        assert await code_of(api, factories.PASSWORD) == "TOO_MANY_ATTEMPTS"

    counted = await row()
    assert counted.blocked_until is not None
    # Counted afresh once the block started (failures racing the block are part of it).
    assert counted.failures <= 5


async def test_concurrent_guesses_reserve_their_check_before_bcrypt(
    settings: Settings, boss: User, bcrypt_checks: list[str]
) -> None:
    """300 guesses at once from one address: only the documented number get a password
    check; the rest are refused before bcrypt, however the requests interleave."""
    default = Settings().login_throttle_failures
    documented = dataclasses.replace(settings, login_throttle_failures=default)

    async with api_for(documented) as api:
        codes = await asyncio.gather(*(code_of(api, f"guess {n}") for n in range(300)))

    # Those checked fail (INVALID_CREDENTIALS, or ACCOUNT_LOCKED once the login's own
    # lockout starts, after a decoy check); every other guess waited for no bcrypt.
    assert codes.count("TOO_MANY_ATTEMPTS") == 300 - default
    assert len(bcrypt_checks) == default


async def test_an_unknown_peer_is_not_throttled(throttled: Settings, boss: User) -> None:
    for _ in range(LIMIT + 2):
        with pytest.raises(DomainError) as refused:
            await auth.login(EMAIL, "wrong password", settings=throttled, ip=None)
        assert refused.value.code == "INVALID_CREDENTIALS"

    assert await LoginThrottle.all().count() == 0
    assert (await auth.login(EMAIL, factories.PASSWORD, settings=throttled, ip=None)).token


async def test_a_limit_of_zero_turns_the_throttle_off(settings: Settings, boss: User) -> None:
    off = dataclasses.replace(settings, login_throttle_failures=0)

    async with api_for(off) as api:
        for _ in range(5):
            await code_of(api, "wrong password")
        assert (await attempt(api, factories.PASSWORD))["token"]

    assert await LoginThrottle.all().count() == 0


@pytest.mark.parametrize(
    ("ip", "key"),
    [
        (None, None),
        ("", None),
        ("198.51.100.7", "198.51.100.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:bbbb:cccc:dddd:9", "2001:db8:1:2::/64"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
        ("fe80::1%eth0", "fe80::/64"),
    ],
)
def test_addresses_and_their_keys(ip: str | None, key: str | None) -> None:
    assert throttle.key_for(ip) == key


def test_a_peer_that_is_no_address_gets_a_key_that_fits() -> None:
    key = throttle.key_for("/run/tenantry/" + "very-long-socket-name-" * 10)

    assert key is not None
    assert key.startswith("peer:")
    assert len(key) <= LoginThrottle._meta.fields_map["key"].max_length  # type: ignore[attr-defined]


async def test_ipv6_clients_are_counted_by_their_64(throttled: Settings, boss: User) -> None:
    async with api_for(throttled, address="2001:db8:7:7::1") as first:
        for _ in range(LIMIT):
            await code_of(first, "wrong password")
    async with api_for(throttled, address="2001:db8:7:7:ffff::2") as same_network:
        assert await code_of(same_network, factories.PASSWORD) == "TOO_MANY_ATTEMPTS"
    async with api_for(throttled, address="2001:db8:7:8::1") as next_network:
        assert (await attempt(next_network, factories.PASSWORD))["token"]


async def test_expired_rows_are_deleted_by_the_scheduler(throttled: Settings) -> None:
    from workers.scheduler import tick

    moment = now()
    old = moment - timedelta(seconds=throttled.login_throttle_window_seconds + 1)
    await LoginThrottle.create(key="198.51.100.1", failures=2, window_start=old)
    await LoginThrottle.create(
        key="198.51.100.2", failures=0, window_start=old, blocked_until=moment - timedelta(1)
    )
    await LoginThrottle.create(
        key="198.51.100.3", failures=0, window_start=old, blocked_until=moment + timedelta(1)
    )
    await LoginThrottle.create(key="198.51.100.4", failures=2, window_start=moment)
    # Unknown emails and reset emails keep their own, longer windows.
    await LoginThrottle.create(key="login:kept", failures=2, window_start=old)
    await LoginThrottle.create(key="login:gone", failures=2, window_start=moment - timedelta(2))
    await LoginThrottle.create(key="reset:kept", failures=2, window_start=old)
    await LoginThrottle.create(key="reset:gone", failures=2, window_start=moment - timedelta(2))

    result = await tick(throttled)

    assert result.throttles_deleted == 4
    remaining = [row.key for row in await LoginThrottle.all().order_by("key")]
    # Still blocked; window still live.
    assert remaining == ["198.51.100.3", "198.51.100.4", "login:kept", "reset:kept"]


class TestTarpit:
    DELAY_MS = 200

    @pytest.fixture
    def slow(self, throttled: Settings) -> Settings:
        return dataclasses.replace(throttled, login_failure_delay_ms=self.DELAY_MS)

    @pytest.fixture
    def tarpits(self, monkeypatch: pytest.MonkeyPatch) -> list[int]:
        waits: list[int] = []
        tarpit = throttle.tarpit

        async def recording(settings: Settings, started: float) -> None:
            waits.append(settings.login_failure_delay_ms)
            await tarpit(settings, started)

        monkeypatch.setattr(throttle, "tarpit", recording)
        return waits

    async def test_failures_and_refusals_wait_and_successes_do_not(
        self, slow: Settings, boss: User, tarpits: list[int]
    ) -> None:
        async with api_for(slow) as api:
            started = time.monotonic()
            assert await code_of(api, "wrong password") == "INVALID_CREDENTIALS"
            failed_after = time.monotonic() - started
            assert tarpits == [self.DELAY_MS]

            assert (await attempt(api, factories.PASSWORD))["token"]
            assert tarpits == [self.DELAY_MS]  # not delayed

            for _ in range(LIMIT - 1):
                await code_of(api, "wrong password")
            started = time.monotonic()
            assert await code_of(api, factories.PASSWORD) == "TOO_MANY_ATTEMPTS"
            refused_after = time.monotonic() - started

        assert tarpits == [self.DELAY_MS] * (LIMIT + 1)
        assert failed_after >= 0.19
        assert refused_after >= 0.19

    async def test_the_wait_holds_neither_the_event_loop_nor_a_thread(
        self, slow: Settings, boss: User
    ) -> None:
        """Ten failures wait at once, while the loop goes on serving others."""
        ticks = 0

        async def ticking() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        roomy = dataclasses.replace(slow, login_throttle_failures=100)
        ticker = asyncio.ensure_future(ticking())
        try:
            async with api_for(roomy) as api:
                started = time.monotonic()
                await asyncio.gather(*(code_of(api, "wrong") for _ in range(10)))
                elapsed = time.monotonic() - started
        finally:
            ticker.cancel()

        assert elapsed >= 0.19
        assert ticks >= 5


CHANGE = """
mutation ($current: String!, $new: String!) {
  changePassword(input: {currentPassword: $current, newPassword: $new}) {
    changed userErrors { code }
  }
}
"""


async def test_wrong_current_passwords_count_towards_the_address_throttle(
    api: Api, boss: User, bcrypt_checks: list[str]
) -> None:
    """A stolen session is no unthrottled way to guess its user's password."""
    token = await api.login(EMAIL, factories.PASSWORD)
    change = {"current": "wrong password", "new": "An-entirely-new-password-2026"}

    codes = []
    for _ in range(LIMIT + 1):
        answer = await api.data(CHANGE, change, token)
        codes.append(answer["changePassword"]["userErrors"][0]["code"])
    bcrypt_checks.clear()
    right = {**change, "current": factories.PASSWORD}
    refused = await api.data(CHANGE, right, token)

    assert codes == ["INVALID_CREDENTIALS"] * LIMIT + ["TOO_MANY_ATTEMPTS"]
    assert refused["changePassword"] == {
        "changed": False,
        "userErrors": [{"code": "TOO_MANY_ATTEMPTS"}],
    }
    assert bcrypt_checks == []  # refused before any bcrypt
    assert await code_of(api, factories.PASSWORD) == "TOO_MANY_ATTEMPTS"  # one count
    await boss.refresh_from_db()
    assert await passwords.verify_password(factories.PASSWORD, boss.password_hash)


async def test_concurrent_wrong_current_passwords_reserve_their_check(
    settings: Settings, boss: User, bcrypt_checks: list[str]
) -> None:
    default = Settings().login_throttle_failures
    documented = dataclasses.replace(settings, login_throttle_failures=default)

    async with api_for(documented) as api:
        token = await api.login(EMAIL, factories.PASSWORD)
        bcrypt_checks.clear()
        answers = await asyncio.gather(
            *(
                api.data(CHANGE, {"current": f"guess {n}", "new": "A-new-password-2026"}, token)
                for n in range(300)
            )
        )

    codes = [answer["changePassword"]["userErrors"][0]["code"] for answer in answers]
    assert codes.count("INVALID_CREDENTIALS") == default
    assert codes.count("TOO_MANY_ATTEMPTS") == 300 - default
    assert len(bcrypt_checks) == default


async def test_a_count_given_back_only_comes_off_its_own_window(
    throttled: Settings, boss: User
) -> None:
    """A right password checked across a window restart must not uncount the new window's
    failures (else logins held open over the boundary would buy extra guesses)."""
    held = await throttle.reserve(CLIENT_ADDRESS, throttled)
    await LoginThrottle.filter(key=CLIENT_ADDRESS).update(
        window_start=now() - timedelta(seconds=throttled.login_throttle_window_seconds + 1)
    )
    failing = await throttle.reserve(CLIENT_ADDRESS, throttled)  # restarts the window at 1
    await failing.failed()

    await held.passed()

    assert (await row()).failures == 1
