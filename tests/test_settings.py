"""Configuration from the environment, and where the client's address comes from."""

from __future__ import annotations

import pytest
from starlette.requests import HTTPConnection

from gql.context import client_ip
from settings import ConfigurationError, Settings, load_settings

KEY = "k" * 40


def test_defaults_are_development_with_a_local_sqlite_file() -> None:
    settings = load_settings({})

    assert settings.env == "development"
    assert not settings.production
    assert settings.database_url.startswith("sqlite://")
    assert settings.database_url.endswith("tenantry.sqlite3")
    assert settings.broker_url is None
    assert settings.bcrypt_rounds == 12
    assert settings.retention_days == 30
    assert settings.bcrypt_concurrency == 2
    assert settings.login_throttle_failures == 20
    assert settings.login_throttle_window_seconds == 300
    assert settings.login_throttle_block_seconds == 300
    assert settings.login_failure_delay_ms == 1_000
    assert settings.password_reset_emails == 3
    assert settings.password_reset_window_seconds == 3_600


def test_production_requires_a_secret_key() -> None:
    with pytest.raises(ConfigurationError, match="SECRET_KEY is required"):
        load_settings({"TENANTRY_ENV": "production"})

    settings = load_settings({"TENANTRY_ENV": "production", "SECRET_KEY": KEY})
    assert settings.production
    assert settings.secret_key == KEY


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"TENANTRY_ENV": "staging"}, "TENANTRY_ENV"),
        ({"SECRET_KEY": "short"}, "at least 32"),
        ({"DATABASE_URL": "mysql://db"}, "DATABASE_URL"),
        (
            {"DATABASE_URL": "sqlite:///srv/tenantry.sqlite3?busy_timeout=5s"},
            "DATABASE_URL's busy_timeout must be a whole number",
        ),
        (
            {"DATABASE_URL": "sqlite:///srv/tenantry.sqlite3?busy_timeout=-1"},
            "DATABASE_URL's busy_timeout must be between 0 and 3600000",
        ),
        (
            {"DATABASE_URL": "postgres://u@db:5432/tenantry?maxsize=0"},
            "DATABASE_URL's maxsize must be between 1 and 1000",
        ),
        ({"BROKER_URL": "kafka://x"}, "BROKER_URL"),
        ({"BCRYPT_ROUNDS": "three"}, "whole number"),
        ({"BCRYPT_ROUNDS": "31"}, "between 4 and 16"),
        ({"RETENTION_DAYS": "-1"}, "RETENTION_DAYS"),
        ({"TRUSTED_PROXIES": "10.0.0.0/33"}, "TRUSTED_PROXIES"),
        ({"BCRYPT_CONCURRENCY": "0"}, "BCRYPT_CONCURRENCY must be between 1 and 64"),
        ({"BCRYPT_CONCURRENCY": "two"}, "BCRYPT_CONCURRENCY must be a whole number"),
        ({"LOGIN_THROTTLE_FAILURES": "-1"}, "LOGIN_THROTTLE_FAILURES must be between 0"),
        ({"LOGIN_THROTTLE_FAILURES": "2.5"}, "LOGIN_THROTTLE_FAILURES must be a whole number"),
        ({"LOGIN_THROTTLE_WINDOW_SECONDS": "0"}, "LOGIN_THROTTLE_WINDOW_SECONDS must be between"),
        ({"LOGIN_THROTTLE_WINDOW_SECONDS": "5m"}, "LOGIN_THROTTLE_WINDOW_SECONDS must be a whole"),
        ({"LOGIN_THROTTLE_BLOCK_SECONDS": "-300"}, "LOGIN_THROTTLE_BLOCK_SECONDS must be between"),
        ({"LOGIN_THROTTLE_BLOCK_SECONDS": "99999999"}, "LOGIN_THROTTLE_BLOCK_SECONDS"),
        ({"LOGIN_FAILURE_DELAY_MS": "-1"}, "LOGIN_FAILURE_DELAY_MS must be between 0 and 60000"),
        ({"LOGIN_FAILURE_DELAY_MS": "1s"}, "LOGIN_FAILURE_DELAY_MS must be a whole number"),
        ({"PASSWORD_RESET_EMAILS": "-1"}, "PASSWORD_RESET_EMAILS must be between 0 and 1000"),
        ({"PASSWORD_RESET_EMAILS": "few"}, "PASSWORD_RESET_EMAILS must be a whole number"),
        ({"PASSWORD_RESET_WINDOW_SECONDS": "0"}, "PASSWORD_RESET_WINDOW_SECONDS must be between"),
        ({"PASSWORD_RESET_WINDOW_SECONDS": "1h"}, "PASSWORD_RESET_WINDOW_SECONDS must be a whole"),
        ({"WEBHOOK_ALLOW_PRIVATE_NETWORKS": "maybe"}, "WEBHOOK_ALLOW_PRIVATE_NETWORKS must be"),
        ({"WEBHOOK_TIMEOUT_SECONDS": "0"}, "WEBHOOK_TIMEOUT_SECONDS must be between 1 and 60"),
        ({"WEBHOOK_TIMEOUT_SECONDS": "1.5"}, "WEBHOOK_TIMEOUT_SECONDS must be a whole number"),
        ({"WEBHOOK_DISABLE_AFTER_SECONDS": "0"}, "WEBHOOK_DISABLE_AFTER_SECONDS must be between"),
    ],
)
def test_bad_values_name_the_variable(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        load_settings(environ)


def test_all_variables_are_read() -> None:
    settings = load_settings(
        {
            "DATABASE_URL": "postgresql://u@db:5432/tenantry",
            "BROKER_URL": "amqp://guest:guest@mq:5672/",
            "SECRET_KEY": KEY,
            "PUBLIC_URL": "https://panel.example.com/",
            "BCRYPT_ROUNDS": "10",
            "RETENTION_DAYS": "7",
            "TRUSTED_PROXIES": "10.0.0.0/8, fd00::/8",
            "BCRYPT_CONCURRENCY": "4",
            "LOGIN_THROTTLE_FAILURES": "0",
            "LOGIN_THROTTLE_WINDOW_SECONDS": "600",
            "LOGIN_THROTTLE_BLOCK_SECONDS": "900",
            "LOGIN_FAILURE_DELAY_MS": "0",
            "PASSWORD_RESET_EMAILS": "0",
            "PASSWORD_RESET_WINDOW_SECONDS": "86400",
        }
    )

    assert settings.database_url == "postgresql://u@db:5432/tenantry"
    assert settings.broker_url == "amqp://guest:guest@mq:5672/"
    assert settings.public_url == "https://panel.example.com"
    assert settings.bcrypt_rounds == 10
    assert settings.retention_days == 7
    assert [str(n) for n in settings.trusted_proxies] == ["10.0.0.0/8", "fd00::/8"]
    assert settings.bcrypt_concurrency == 4
    assert settings.login_throttle_failures == 0
    assert settings.login_throttle_window_seconds == 600
    assert settings.login_throttle_block_seconds == 900
    assert settings.login_failure_delay_ms == 0
    assert settings.password_reset_emails == 0
    assert settings.password_reset_window_seconds == 86_400


def test_webhooks_reach_private_networks_only_outside_production_by_default() -> None:
    development = load_settings({})
    production = load_settings({"TENANTRY_ENV": "production", "SECRET_KEY": KEY})
    assert development.webhooks_may_reach_private_networks
    assert not production.webhooks_may_reach_private_networks
    assert Settings().webhooks_may_reach_private_networks
    assert not Settings(env="production").webhooks_may_reach_private_networks
    assert (development.webhook_timeout_seconds, development.webhook_disable_after_seconds) == (
        10,
        259_200,
    )

    chosen = load_settings(
        {
            "TENANTRY_ENV": "production",
            "SECRET_KEY": KEY,
            "WEBHOOK_ALLOW_PRIVATE_NETWORKS": "true",
            "WEBHOOK_TIMEOUT_SECONDS": "5",
            "WEBHOOK_DISABLE_AFTER_SECONDS": "3600",
        }
    )
    assert chosen.webhooks_may_reach_private_networks
    assert (chosen.webhook_timeout_seconds, chosen.webhook_disable_after_seconds) == (5, 3600)
    assert not load_settings(
        {"WEBHOOK_ALLOW_PRIVATE_NETWORKS": "false"}
    ).webhooks_may_reach_private_networks


def _connection(peer: str, forwarded: str | None = None) -> HTTPConnection:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return HTTPConnection({"type": "http", "client": (peer, 1234), "headers": headers})


def test_forwarded_header_is_ignored_without_trusted_proxies() -> None:
    settings = Settings()

    assert client_ip(_connection("198.51.100.9", "1.2.3.4"), settings) == "198.51.100.9"


def test_forwarded_header_is_believed_only_from_a_trusted_proxy() -> None:
    settings = load_settings({"TRUSTED_PROXIES": "10.0.0.0/8"})

    via_proxy = _connection("10.0.0.5", "203.0.113.50")
    spoofed_direct = _connection("198.51.100.9", "203.0.113.50")
    spoofed_through_proxy = _connection("10.0.0.5", "1.1.1.1, 198.51.100.9")

    assert client_ip(via_proxy, settings) == "203.0.113.50"
    assert client_ip(spoofed_direct, settings) == "198.51.100.9"
    # The client prepended 1.1.1.1 itself; the proxy saw 198.51.100.9.
    assert client_ip(spoofed_through_proxy, settings) == "198.51.100.9"


def test_every_forwarded_header_line_is_read() -> None:
    settings = load_settings({"TRUSTED_PROXIES": "10.0.0.0/8"})
    connection = HTTPConnection(
        {
            "type": "http",
            "client": ("10.0.0.5", 1234),
            # The client sent its own line first; the proxy added a second one.
            "headers": [(b"x-forwarded-for", b"6.6.6.6"), (b"x-forwarded-for", b"198.51.100.9")],
        }
    )

    assert client_ip(connection, settings) == "198.51.100.9"


def test_ipv6_proxy_and_client() -> None:
    settings = load_settings({"TRUSTED_PROXIES": "fd00::/8"})

    assert client_ip(_connection("fd00::1", "2001:db8::7"), settings) == "2001:db8::7"


@pytest.mark.parametrize(
    "url",
    ["sqlite:///srv/tenantry.sqlite3?busy_timeout=250", "postgres://u@db:5432/t?maxsize=20"],
)
def test_a_database_url_may_carry_its_numbers(url: str) -> None:
    assert load_settings({"DATABASE_URL": url}).database_url == url


def test_the_settings_repr_carries_no_secret() -> None:
    settings = load_settings(
        {
            "SECRET_KEY": "k" * 20 + "secret-key-value-0123456789",
            "DATABASE_URL": "postgres://app:db-password@db:5432/app",
            "BROKER_URL": "redis://:broker-password@redis:6379/0",
            "SMTP_URL": "smtp://mail:smtp-password@mail:587",
            "METRICS_TOKEN": "metrics-token-0123456789",
        }
    )

    shown = repr(settings)

    assert "env=" in shown  # a repr still, with the harmless settings
    for secret in (
        "secret-key-value",
        "db-password",
        "broker-password",
        "smtp-password",
        "metrics-token",
    ):
        assert secret not in shown
