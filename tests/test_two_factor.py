"""Two-factor login (TOTP and recovery codes) through the public API, and the attacks on it:
a replayed code, a replayed or foreign challenge, a recovery code spent twice at once, and
guessing codes."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any
from urllib.parse import parse_qs, urlparse
from uuid import uuid4

import pyotp
import pytest
from tortoise.timezone import now

from domain.demo import DEMO_DOMAIN, DEMO_PASSWORD, load_demo
from domain.security.tokens import hash_secret
from gql.schema.relay import to_global_id
from models import (
    ApiKey,
    AuditEvent,
    OutboxEmail,
    RecoveryCode,
    SecurityPolicy,
    SessionToken,
    User,
)
from models.enums import OrganizationKind, Role
from settings import Settings
from tests import factories
from tests.api import LOGIN, Api, api_for, error_codes

BEGIN = """
mutation ($input: BeginTotpEnrollmentInput!) { beginTotpEnrollment(input: $input) {
  secret otpauthUri userErrors { field code } } }
"""
CONFIRM = """
mutation ($input: ConfirmTotpEnrollmentInput!) { confirmTotpEnrollment(input: $input) {
  recoveryCodes token expiresAt viewer { user { email } } userErrors { field code } } }
"""
COMPLETE = """
mutation ($input: CompleteTwoFactorLoginInput!) { completeTwoFactorLogin(input: $input) {
  token expiresAt user { email } userErrors { field code } } }
"""
LOGIN_2FA = """
mutation ($email: String!, $password: String!) {
  login(input: {email: $email, password: $password}) {
    token userErrors { field code } twoFactor { challenge step expiresAt } } }
"""
DISABLE = """
mutation ($input: TwoFactorProofInput!) { disableTotp(input: $input) {
  disabled userErrors { field code } } }
"""
REGENERATE = """
mutation ($input: TwoFactorProofInput!) { regenerateRecoveryCodes(input: $input) {
  recoveryCodes userErrors { field code } } }
"""
RESET = """
mutation ($id: ID!) { resetTwoFactor(input: {userId: $id}) {
  user { email } userErrors { field code } } }
"""
STATUS = """
query ($id: ID!) { node(id: $id) { ... on User { twoFactor { enabled recoveryCodesLeft } } } }
"""
VIEWER = "{ viewer { user { email } } }"
POLICY = """
mutation ($id: ID!, $on: Boolean) {
  updateSecurityPolicy(input: {organizationId: $id, requireTwoFactor: $on}) {
    effectivePolicy { requireTwoFactor } userErrors { field code } } }
"""


def code(secret: str, offset: int = 0) -> str:
    """The authenticator's code `offset` time steps from now (one step either way is
    accepted for clock drift)."""
    totp = pyotp.TOTP(secret)
    return totp.generate_otp(totp.timecode(now()) + offset)


@pytest.fixture
async def land() -> dict[str, Any]:
    master = await factories.master()
    north = await factories.organization(OrganizationKind.RESELLER, master, name="North")
    south = await factories.organization(OrganizationKind.RESELLER, master, name="South")
    customer = await factories.organization(OrganizationKind.CUSTOMER, north, name="Acme")
    people: dict[str, Any] = {"master": master, "north-org": north, "customer": customer}
    for name, org, role in (
        ("admin", master, Role.OWNER),
        ("north", north, Role.OWNER),
        ("south", south, Role.OWNER),
        ("owner", customer, Role.OWNER),
        ("other", customer, Role.ADMIN),
        ("member", customer, Role.MEMBER),
    ):
        user, membership = await factories.member(org, f"{name}@example.com", role)
        people[name] = user
        people[f"{name}-token"] = await factories.session_for(user, membership)
    return people


async def enroll(api: Api, token: str) -> tuple[str, list[str]]:
    first = {"password": factories.PASSWORD}
    begun = (await api.data(BEGIN, {"input": first}, token))["beginTotpEnrollment"]
    assert begun["userErrors"] == [], begun
    confirmed = await api.data(CONFIRM, {"input": {"code": code(begun["secret"])}}, token)
    answer = confirmed["confirmTotpEnrollment"]
    assert answer["userErrors"] == [], answer
    codes: list[str] = answer["recoveryCodes"]
    return begun["secret"], codes


async def challenge_for(api: Api, email: str, password: str = factories.PASSWORD) -> dict[str, Any]:
    data = await api.data(LOGIN_2FA, {"email": email, "password": password})
    login: dict[str, Any] = data["login"]
    assert login["token"] is None, login
    return login


async def complete(api: Api, challenge: str, **answer: str) -> dict[str, Any]:
    data = await api.data(COMPLETE, {"input": {"challenge": challenge, **answer}})
    result: dict[str, Any] = data["completeTwoFactorLogin"]
    return result


def codes_of(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["userErrors"]]


# Enrollment.


async def test_enrolling_shows_the_secret_once_and_stores_it_sealed(api: Api, land: Any) -> None:
    token = land["owner-token"]
    first = {"password": factories.PASSWORD}
    begun = (await api.data(BEGIN, {"input": first}, token))["beginTotpEnrollment"]

    uri = urlparse(begun["otpauthUri"])
    assert uri.scheme == "otpauth"
    assert parse_qs(uri.query)["secret"] == [begun["secret"]]
    assert parse_qs(uri.query)["issuer"] == ["Platform"]  # the Master organization's name
    assert "owner%40example.com" in uri.path or "owner@example.com" in uri.path
    user = await User.get(id=land["owner"].id)
    assert user.totp_pending_secret is not None
    assert begun["secret"] not in user.totp_pending_secret
    assert user.totp_enabled_at is None  # nothing changes until it is confirmed

    wrong = await api.data(CONFIRM, {"input": {"code": code(begun["secret"], 5)}}, token)
    assert codes_of(wrong["confirmTotpEnrollment"]) == ["INVALID_CREDENTIALS"]
    confirmed = await api.data(CONFIRM, {"input": {"code": code(begun["secret"])}}, token)

    recovery = confirmed["confirmTotpEnrollment"]["recoveryCodes"]
    assert len(recovery) == 10
    assert len(set(recovery)) == 10
    stored = {row.code_hash for row in await RecoveryCode.filter(user_id=user.id)}
    assert len(stored) == 10
    assert not stored & set(recovery)
    await user.refresh_from_db()
    assert user.totp_enabled_at is not None
    assert user.totp_pending_secret is None
    status = await api.data(STATUS, {"id": to_global_id("User", user.id)}, token)
    assert status["node"]["twoFactor"] == {"enabled": True, "recoveryCodesLeft": 10}
    assert await AuditEvent.filter(action="user.enable_two_factor").count() == 1


async def test_confirming_without_beginning_or_with_bad_codes_is_refused(
    api: Api, land: Any
) -> None:
    token = land["owner-token"]
    nothing = await api.data(CONFIRM, {"input": {"code": "123456"}}, token)
    assert nothing["confirmTotpEnrollment"]["userErrors"] == [
        {"field": ["input", "code"], "code": "INVALID_STATE"}
    ]
    await api.data(BEGIN, {"input": {"password": factories.PASSWORD}}, token)
    for bad in ("", "12345", "1234567", "abcdef", "12\x0034", "1" * 10_000, "١٢٣٤٥٦"):
        answer = await api.data(CONFIRM, {"input": {"code": bad}}, token)
        assert answer["confirmTotpEnrollment"]["userErrors"] == [
            {"field": ["input", "code"], "code": "INVALID_CREDENTIALS"}
        ], bad
    assert (await User.get(id=land["owner"].id)).totp_enabled_at is None


async def test_a_first_authenticator_needs_the_password(api: Api, land: Any) -> None:
    """A session alone (left open, or stolen) enrolls no authenticator: its holder could
    lock the login's owner out."""
    token = land["owner-token"]

    bare = await api.data(BEGIN, {"input": {}}, token)
    wrong = await api.data(BEGIN, {"input": {"password": "not it"}}, token)

    assert bare["beginTotpEnrollment"]["userErrors"] == [
        {"field": ["input", "password"], "code": "INVALID"}
    ]
    assert codes_of(wrong["beginTotpEnrollment"]) == ["INVALID_CREDENTIALS"]
    assert (await User.get(id=land["owner"].id)).totp_pending_secret is None


async def test_replacing_a_working_authenticator_needs_a_code_or_the_password(
    api: Api, land: Any
) -> None:
    token = land["owner-token"]
    secret, _ = await enroll(api, token)

    bare = await api.data(BEGIN, {"input": {}}, token)
    assert bare["beginTotpEnrollment"]["userErrors"] == [
        {"field": ["input", "code"], "code": "INVALID"}
    ]
    wrong = await api.data(BEGIN, {"input": {"password": "not it"}}, token)
    assert codes_of(wrong["beginTotpEnrollment"]) == ["INVALID_CREDENTIALS"]
    begun = await api.data(BEGIN, {"input": {"code": code(secret, 1)}}, token)
    new_secret = begun["beginTotpEnrollment"]["secret"]
    assert new_secret != secret
    # Until confirmed, the old authenticator is the one login asks for.
    assert (await User.get(id=land["owner"].id)).totp_enabled_at is not None


async def test_api_keys_and_impersonations_cannot_set_up_two_factor(api: Api, land: Any) -> None:
    impersonate = """mutation ($id: ID!) { impersonate(input: {organizationId: $id}) {
      token } }"""
    org = to_global_id("Organization", land["customer"].id)
    as_owner = (await api.data(impersonate, {"id": org}, land["north-token"]))["impersonate"]
    for mutation, variables in (
        (BEGIN, {"input": {"password": factories.PASSWORD}}),
        (CONFIRM, {"input": {"code": "123456"}}),
        (DISABLE, {"input": {"password": factories.PASSWORD}}),
        (REGENERATE, {"input": {"password": factories.PASSWORD}}),
    ):
        body = await api(mutation, variables, as_owner["token"])
        assert error_codes(body) == ["FORBIDDEN"], mutation
    assert (await User.get(id=land["owner"].id)).totp_pending_secret is None


# Login.


async def test_a_login_with_two_factor_gets_a_challenge_then_a_token(api: Api, land: Any) -> None:
    secret, _ = await enroll(api, land["owner-token"])
    sessions_before = await SessionToken.filter(user_id=land["owner"].id).count()

    login = await challenge_for(api, "owner@example.com")

    assert login["userErrors"] == [{"field": None, "code": "TWO_FACTOR_REQUIRED"}]
    assert login["twoFactor"]["step"] == "CODE"
    assert await SessionToken.filter(user_id=land["owner"].id).count() == sessions_before
    done = await complete(api, login["twoFactor"]["challenge"], code=code(secret, 1))
    assert done["userErrors"] == []
    assert done["user"] == {"email": "owner@example.com"}
    viewer = await api.data(VIEWER, token=done["token"])
    assert viewer["viewer"]["user"]["email"] == "owner@example.com"


async def test_a_code_is_never_accepted_twice(api: Api, land: Any) -> None:
    secret, _ = await enroll(api, land["owner-token"])
    used = code(secret, 1)
    first = await challenge_for(api, "owner@example.com")
    assert (await complete(api, first["twoFactor"]["challenge"], code=used))["token"]

    second = await challenge_for(api, "owner@example.com")
    replay = await complete(api, second["twoFactor"]["challenge"], code=used)

    assert replay["token"] is None
    assert replay["userErrors"] == [{"field": ["input", "code"], "code": "INVALID_CREDENTIALS"}]
    # An earlier step than the last accepted one is no better.
    older = await complete(api, second["twoFactor"]["challenge"], code=code(secret, 0))
    assert older["token"] is None
    assert (await User.get(id=land["owner"].id)).failed_login_count == 2


async def test_a_challenge_works_once(api: Api, land: Any) -> None:
    secret, _ = await enroll(api, land["owner-token"])
    login = await challenge_for(api, "owner@example.com")
    challenge = login["twoFactor"]["challenge"]
    assert (await complete(api, challenge, code=code(secret, 1)))["token"]
    # Forget the step used, so that only the challenge can be why the replay fails.
    await User.filter(id=land["owner"].id).update(totp_last_step=None)

    replay = await complete(api, challenge, code=code(secret, 1))

    assert replay["userErrors"] == [
        {"field": ["input", "challenge"], "code": "INVALID_CREDENTIALS"}
    ]


async def test_a_challenge_is_its_own_logins_and_cannot_be_forged(api: Api, land: Any) -> None:
    owner_secret, _ = await enroll(api, land["owner-token"])
    other_secret, other_codes = await enroll(api, land["other-token"])
    challenge = (await challenge_for(api, "owner@example.com"))["twoFactor"]["challenge"]

    # The other login's code or recovery code do not complete the owner's challenge.
    assert (await complete(api, challenge, code=code(other_secret, 1)))["token"] is None
    assert (await complete(api, challenge, recoveryCode=other_codes[0]))["token"] is None
    tampered = challenge[:-2] + ("AA" if challenge[-2:] != "AA" else "BB")
    for bad in (tampered, "", "garbage", "\x00", "A" * 5_000, challenge + "="):
        answer = await complete(api, bad, code=code(owner_secret, 1))
        assert answer["userErrors"] == [
            {"field": ["input", "challenge"], "code": "INVALID_CREDENTIALS"}
        ], bad
    # The other login's recovery code is still unspent.
    assert await RecoveryCode.filter(user_id=land["other"].id, used_at__isnull=True).count() == 10


async def test_a_new_password_ends_open_challenges(api: Api, land: Any) -> None:
    secret, _ = await enroll(api, land["owner-token"])
    challenge = (await challenge_for(api, "owner@example.com"))["twoFactor"]["challenge"]
    await User.filter(id=land["owner"].id).update(password_changed_at=now())

    answer = await complete(api, challenge, code=code(secret, 1))

    assert codes_of(answer) == ["INVALID_CREDENTIALS"]


async def test_a_login_refused_meanwhile_spends_no_recovery_code(api: Api, land: Any) -> None:
    _, codes = await enroll(api, land["owner-token"])
    challenge = (await challenge_for(api, "owner@example.com"))["twoFactor"]["challenge"]
    suspend = """mutation ($ids: [ID!]!) {
      suspendOrganizations(input: {ids: $ids, reason: "Unpaid"}) { userErrors { code } } }"""
    customer = to_global_id("Organization", land["customer"].id)
    suspended = await api.data(suspend, {"ids": [customer]}, land["north-token"])
    assert suspended["suspendOrganizations"]["userErrors"] == []

    answer = await complete(api, challenge, recoveryCode=codes[0])

    assert codes_of(answer) == ["ORGANIZATION_SUSPENDED"]
    assert await RecoveryCode.filter(user_id=land["owner"].id, used_at__isnull=True).count() == 10


async def test_either_a_code_or_a_recovery_code(api: Api, land: Any) -> None:
    secret, codes = await enroll(api, land["owner-token"])
    challenge = (await challenge_for(api, "owner@example.com"))["twoFactor"]["challenge"]
    both = await complete(api, challenge, code=code(secret, 1), recoveryCode=codes[0])
    neither = await complete(api, challenge)
    for answer in (both, neither):
        assert answer["userErrors"] == [{"field": ["input", "code"], "code": "INVALID"}]


async def test_a_recovery_code_works_once_even_when_raced(api: Api, land: Any) -> None:
    _, codes = await enroll(api, land["owner-token"])
    challenges = [
        (await challenge_for(api, "owner@example.com"))["twoFactor"]["challenge"] for _ in range(4)
    ]

    # Spaced and in another letter case: as a person types it.
    typed = codes[0].upper().replace("-", " ")
    answers = await asyncio.gather(*(complete(api, c, recoveryCode=typed) for c in challenges))

    assert sum(1 for a in answers if a["token"]) == 1
    assert await RecoveryCode.filter(user_id=land["owner"].id, used_at__isnull=True).count() == 9
    assert await SessionToken.filter(user_id=land["owner"].id).count() == 2


async def test_one_code_raced_on_several_challenges_logs_in_once(api: Api, land: Any) -> None:
    secret, _ = await enroll(api, land["owner-token"])
    challenges = [
        (await challenge_for(api, "owner@example.com"))["twoFactor"]["challenge"] for _ in range(4)
    ]
    same = code(secret, 1)

    answers = await asyncio.gather(*(complete(api, c, code=same) for c in challenges))

    assert sum(1 for a in answers if a["token"]) == 1


async def test_wrong_codes_count_in_the_address_throttle(land: Any, settings: Settings) -> None:
    async with api_for(dataclasses.replace(settings, login_throttle_failures=3)) as client:
        secret, _ = await enroll(client, land["owner-token"])
        challenge = (await challenge_for(client, "owner@example.com"))["twoFactor"]["challenge"]
        right = code(secret, 1)
        wrong = f"{(int(right) + 1) % 1_000_000:06d}"
        for _ in range(3):
            assert codes_of(await complete(client, challenge, code=wrong)) == [
                "INVALID_CREDENTIALS"
            ]

        blocked = await complete(client, challenge, code=right)

    assert codes_of(blocked) == ["TOO_MANY_ATTEMPTS"]


async def test_guessing_codes_locks_the_login(api: Api, land: Any) -> None:
    secret, _ = await enroll(api, land["owner-token"])
    await SecurityPolicy.create(organization=land["master"], max_failed_logins=3)
    challenge = (await challenge_for(api, "owner@example.com"))["twoFactor"]["challenge"]
    right = code(secret, 1)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    for _ in range(3):
        assert codes_of(await complete(api, challenge, code=wrong)) == ["INVALID_CREDENTIALS"]
    locked = await complete(api, challenge, code=right)

    assert codes_of(locked) == ["ACCOUNT_LOCKED"]
    # The right password no longer gets a challenge either.
    login = await api.data(
        LOGIN_2FA, {"email": "owner@example.com", "password": factories.PASSWORD}
    )
    assert codes_of(login["login"]) == ["ACCOUNT_LOCKED"]


async def test_a_right_password_does_not_clear_the_failures_of_codes(api: Api, land: Any) -> None:
    secret, _ = await enroll(api, land["owner-token"])
    right = code(secret, 1)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    challenge = (await challenge_for(api, "owner@example.com"))["twoFactor"]["challenge"]
    await complete(api, challenge, code=wrong)
    await challenge_for(api, "owner@example.com")

    assert (await User.get(id=land["owner"].id)).failed_login_count == 1


# Turning it off, renewing codes, resetting.


async def test_disabling_needs_a_code_or_the_password(api: Api, land: Any) -> None:
    token = land["owner-token"]
    await enroll(api, token)
    wrong = await api.data(DISABLE, {"input": {"password": "not it"}}, token)
    assert wrong["disableTotp"]["userErrors"] == [
        {"field": ["input", "password"], "code": "INVALID_CREDENTIALS"}
    ]
    empty = await api.data(DISABLE, {"input": {}}, token)
    assert codes_of(empty["disableTotp"]) == ["INVALID"]

    done = await api.data(DISABLE, {"input": {"password": factories.PASSWORD}}, token)

    assert done["disableTotp"] == {"disabled": True, "userErrors": []}
    assert await RecoveryCode.filter(user_id=land["owner"].id).count() == 0
    assert await api.login("owner@example.com", factories.PASSWORD)


async def test_new_recovery_codes_replace_the_old(api: Api, land: Any) -> None:
    token = land["owner-token"]
    secret, old = await enroll(api, token)
    renewed = await api.data(REGENERATE, {"input": {"code": code(secret, 1)}}, token)
    new = renewed["regenerateRecoveryCodes"]["recoveryCodes"]
    assert len(new) == 10
    assert not set(new) & set(old)

    challenge = (await challenge_for(api, "owner@example.com"))["twoFactor"]["challenge"]
    assert (await complete(api, challenge, recoveryCode=old[0]))["token"] is None
    assert (await complete(api, challenge, recoveryCode=new[0]))["token"]


async def test_the_owner_chain_resets_a_lost_authenticator(api: Api, land: Any) -> None:
    await enroll(api, land["owner-token"])
    target = {"id": to_global_id("User", land["owner"].id)}

    # Nobody below OWNER touches an OWNER; another reseller does not see it; nor oneself.
    staff = await api.data(RESET, target, land["other-token"])
    assert codes_of(staff["resetTwoFactor"]) == ["FORBIDDEN"]
    south = await api.data(RESET, target, land["south-token"])
    assert south["resetTwoFactor"]["userErrors"] == [
        {"field": ["input", "userId"], "code": "NOT_FOUND"}
    ]
    own = await api.data(RESET, target, land["owner-token"])
    assert codes_of(own["resetTwoFactor"]) == ["FORBIDDEN"]
    assert (await User.get(id=land["owner"].id)).totp_enabled_at is not None

    done = await api.data(RESET, target, land["north-token"])

    assert done["resetTwoFactor"] == {"user": {"email": "owner@example.com"}, "userErrors": []}
    assert (await User.get(id=land["owner"].id)).totp_enabled_at is None
    told = OutboxEmail.filter(kind="two-factor-reset", to_address="owner@example.com")
    assert await told.exists()
    assert await AuditEvent.filter(action="user.reset_two_factor").count() == 1
    assert await api.login("owner@example.com", factories.PASSWORD)
    again = await api.data(RESET, target, land["north-token"])
    assert codes_of(again["resetTwoFactor"]) == ["INVALID_STATE"]


# The policy.


async def test_a_policy_that_requires_two_factor_makes_a_login_enroll(api: Api, land: Any) -> None:
    customer = to_global_id("Organization", land["customer"].id)
    set_on = await api.data(POLICY, {"id": customer, "on": True}, land["north-token"])
    assert set_on["updateSecurityPolicy"]["effectivePolicy"] == {"requireTwoFactor": True}

    login = await challenge_for(api, "member@example.com")
    assert login["userErrors"] == [{"field": None, "code": "TWO_FACTOR_ENROLLMENT_REQUIRED"}]
    assert login["twoFactor"]["step"] == "ENROLL"
    challenge = login["twoFactor"]["challenge"]
    # An enrollment challenge is no code challenge, and no session.
    assert codes_of(await complete(api, challenge, code="123456")) == ["INVALID_CREDENTIALS"]
    await enroll(api, land["owner-token"])
    code_step = (await challenge_for(api, "owner@example.com"))["twoFactor"]["challenge"]
    as_enroll = await api.data(BEGIN, {"input": {"challenge": code_step}})
    assert codes_of(as_enroll["beginTotpEnrollment"]) == ["INVALID_CREDENTIALS"]
    assert error_codes(await api(VIEWER, token=challenge)) == ["UNAUTHENTICATED"]

    begun = await api.data(BEGIN, {"input": {"challenge": challenge}})
    secret = begun["beginTotpEnrollment"]["secret"]
    confirmed = await api.data(CONFIRM, {"input": {"challenge": challenge, "code": code(secret)}})

    answer = confirmed["confirmTotpEnrollment"]
    assert answer["userErrors"] == []
    assert len(answer["recoveryCodes"]) == 10
    assert answer["viewer"] == {"user": {"email": "member@example.com"}}
    assert (await api.data(VIEWER, token=answer["token"]))["viewer"]["user"]
    # The challenge is spent, and the login now asks for a code.
    reuse = await api.data(BEGIN, {"input": {"challenge": challenge}})
    assert codes_of(reuse["beginTotpEnrollment"]) == ["INVALID_CREDENTIALS"]
    assert (await challenge_for(api, "member@example.com"))["twoFactor"]["step"] == "CODE"
    # Required, so it cannot be turned off: only replaced.
    refused = await api.data(DISABLE, {"input": {"password": factories.PASSWORD}}, answer["token"])
    assert codes_of(refused["disableTotp"]) == ["INVALID_STATE"]


async def test_a_required_policy_is_inherited_and_cannot_be_loosened(api: Api, land: Any) -> None:
    north = to_global_id("Organization", land["north-org"].id)
    customer = to_global_id("Organization", land["customer"].id)
    await api.data(POLICY, {"id": north, "on": True}, land["admin-token"])

    looser = await api.data(POLICY, {"id": customer, "on": False}, land["north-token"])

    assert looser["updateSecurityPolicy"]["userErrors"] == [
        {"field": ["input", "requireTwoFactor"], "code": "INVALID"}
    ]
    login = await challenge_for(api, "owner@example.com")
    assert login["twoFactor"]["step"] == "ENROLL"
    # Above the policy, nothing changes.
    assert await api.login("admin@example.com", factories.PASSWORD)


async def test_api_keys_and_impersonation_are_not_asked_for_a_second_factor(
    api: Api, land: Any
) -> None:
    await enroll(api, land["owner-token"])
    await SecurityPolicy.create(organization=land["customer"], require_two_factor=True)
    key = await ApiKey.create(
        organization=land["customer"],
        name="billing",
        role=Role.ADMIN,
        prefix="tnk_t",
        secret_hash=hash_secret("tnk_the-key", factories.TEST_SECRET_KEY),
    )
    assert key.id
    assert (await api.data(VIEWER, token="tnk_the-key"))["viewer"]["user"] is None
    impersonate = """mutation ($id: ID!) { impersonate(input: {organizationId: $id}) {
      token userErrors { code } } }"""
    org = to_global_id("Organization", land["customer"].id)
    started = await api.data(impersonate, {"id": org}, land["north-token"])
    assert started["impersonate"]["userErrors"] == []
    viewer = await api.data(VIEWER, token=started["impersonate"]["token"])
    assert viewer["viewer"]["user"]["email"] == "owner@example.com"


async def test_the_login_mutation_itself_is_unchanged_without_two_factor(
    api: Api, land: Any
) -> None:
    data = await api.data(LOGIN, {"email": "member@example.com", "password": factories.PASSWORD})
    assert data["login"]["userErrors"] == []
    assert data["login"]["token"]


async def test_the_demo_shows_a_customer_that_requires_two_factor(
    api: Api, settings: Settings
) -> None:
    await load_demo(settings)

    login = await challenge_for(api, f"starkplumbing@{DEMO_DOMAIN}", DEMO_PASSWORD)

    assert login["twoFactor"]["step"] == "ENROLL"


@pytest.mark.parametrize(
    "bad_id",
    ["", "garbage", "\x00", "x" * 5000, to_global_id("Organization", uuid4())],
    ids=["empty", "garbage", "nul", "too-long", "wrong-kind"],
)
async def test_a_bad_login_id_to_reset_is_not_found(api: Api, land: Any, bad_id: str) -> None:
    answer = await api.data(RESET, {"id": bad_id}, land["admin-token"])
    assert answer["resetTwoFactor"]["userErrors"] == [
        {"field": ["input", "userId"], "code": "NOT_FOUND"}
    ]


async def test_bad_proofs_are_refused_without_a_stack_trace(api: Api, land: Any) -> None:
    token = land["owner-token"]
    await enroll(api, token)
    for proof in ({"password": "\x00"}, {"password": "p" * 10_000}, {"code": "\x00" * 6}):
        answer = await api.data(DISABLE, {"input": proof}, token)
        assert codes_of(answer["disableTotp"]) == ["INVALID_CREDENTIALS"], proof
    assert (await User.get(id=land["owner"].id)).totp_enabled_at is not None
