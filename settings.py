"""Every environment variable Tenantry reads, parsed once and typed.

Call `get_settings()`; tests build their own `Settings` with `load_settings(environ)`.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, urlsplit

Environment = Literal["development", "production"]

# Only ever used outside production: production refuses to start without SECRET_KEY.
DEVELOPMENT_SECRET_KEY = "tenantry-development-only-not-secret"  # noqa: S105
_MIN_SECRET_KEY_LENGTH = 32
_MIN_METRICS_TOKEN_LENGTH = 16


class ConfigurationError(ValueError):
    """An environment variable is missing or malformed."""


@dataclass(frozen=True)
class Settings:
    env: Environment = "development"
    # Out of repr: a settings object in a log line or a traceback must not carry passwords.
    database_url: str = field(default_factory=lambda: default_database_url(), repr=False)
    broker_url: str | None = field(default=None, repr=False)
    # smtp://user:pass@host:port or smtps://...; unset: log only
    smtp_url: str | None = field(default=None, repr=False)
    mail_from: str = "Tenantry <no-reply@localhost>"
    secret_key: str = field(default=DEVELOPMENT_SECRET_KEY, repr=False)
    public_url: str = "http://127.0.0.1:8000"
    bcrypt_rounds: int = 12
    # At most this many bcrypt computations at once per process; the rest wait their turn.
    bcrypt_concurrency: int = 2
    # Per client address: this many failed logins within the window block the address.
    login_throttle_failures: int = 20  # 0: no address throttle
    login_throttle_window_seconds: int = 300
    login_throttle_block_seconds: int = 300
    # Every failed or refused login answers only after this long (an asyncio sleep).
    login_failure_delay_ms: int = 1_000
    # Per target email: at most this many reset emails within the window (0: no limit).
    password_reset_emails: int = 3
    password_reset_window_seconds: int = 3_600
    # How long a new login's emailed set-password link (a welcome link) stays usable.
    welcome_link_hours: int = 72
    retention_days: int = 30
    # Days ahead the scheduler emails a deleted organization before its purge (0: never).
    purge_warning_days: int = 7
    # Days ahead it emails an organization before its account expiry date (0: never).
    expiry_warning_days: int = 7
    session_lifetime_minutes: int = 12 * 60
    max_body_bytes: int = 1_000_000
    purge_batch_size: int = 1_000
    job_stale_seconds: int = 120
    scheduler_interval_seconds: int = 60
    # Without a broker, `serve` also runs the scheduler's ticks (False: nothing does).
    embedded_scheduler: bool = True
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    # The WebSocket endpoint (docs/websocket.md). Seconds are floats so tests can go small;
    # the environment gives whole seconds.
    ws_init_timeout_seconds: float = 10
    ws_max_subscriptions: int = 20
    ws_max_sockets_per_login: int = 10
    ws_session_check_seconds: float = 30
    subscription_poll_seconds: float = 2
    # The HTTP protocol (docs/http.md): browser origins, persisted queries.
    # None: the environment's default, any port of localhost in development, none in production.
    cors_allowed_origins: tuple[str, ...] | None = None
    persisted_queries_cache_bytes: int = 4_000_000  # 0: no automatic persisted queries
    trusted_documents_file: Path = field(default_factory=lambda: default_trusted_documents())
    trusted_documents_only: bool = False
    # The planned execution of gql/fastpath/ (False: stock Strawberry and graphql-core).
    fast_path: bool = True
    # Operations (ops/, docs/operations.md): log lines, /metrics, production's refusals.
    log_format: Literal["json", "text"] = "text"
    metrics_token: str | None = field(default=None, repr=False)  # production: /metrics needs it
    allow_sqlite_in_production: bool = False
    allow_embedded_broker_in_production: bool = False
    # Webhook delivery (docs/webhook-delivery.md). Private networks: None takes the
    # environment's default (refused in production, allowed otherwise, where receivers
    # usually run on the developer's own machine). Seconds are floats so tests can go small.
    webhook_allow_private_networks: bool | None = None
    webhook_timeout_seconds: float = 10
    webhook_disable_after_seconds: float = 3 * 24 * 3600
    # Finished deliveries (and their attempts) older than this are deleted by the scheduler.
    webhook_log_days: int = 30

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def webhooks_may_reach_private_networks(self) -> bool:
        if self.webhook_allow_private_networks is None:
            return not self.production
        return self.webhook_allow_private_networks

    @property
    def cors_allows_localhost(self) -> bool:
        return self.cors_allowed_origins is None and not self.production


def default_database_url() -> str:
    return f"sqlite://{Path.cwd() / 'tenantry.sqlite3'}"


def default_trusted_documents() -> Path:
    return Path.cwd() / "trusted-documents.json"


def _origins(environ: Mapping[str, str], name: str) -> tuple[str, ...]:
    """Exact origins (scheme://host[:port]), comma-separated; none when unset."""
    origins = []
    for part in environ.get(name, "").split(","):
        origin = part.strip()
        if not origin:
            continue
        parts = urlsplit(origin)
        if (
            parts.scheme not in ("http", "https")
            or not parts.hostname
            or "@" in parts.netloc  # an origin has no user name
            or origin.rstrip("/") != f"{parts.scheme}://{parts.netloc}"
        ):
            raise ConfigurationError(
                f"{name} takes exact origins like https://panel.example.com, got {origin!r}"
            )
        # Browsers send the scheme and host in lower case; the match is exact.
        origins.append(f"{parts.scheme}://{parts.netloc.lower()}")
    return tuple(origins)


def _int(environ: Mapping[str, str], name: str, default: int, minimum: int, maximum: int) -> int:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, got {raw!r}") from None
    if not minimum <= value <= maximum:
        raise ConfigurationError(f"{name} must be between {minimum} and {maximum}, got {value}")
    return value


# Numbers DATABASE_URL may carry as query parameters (SQLite's busy timeout, the size of
# the PostgreSQL pool): checked here, since the drivers would fail on a bad one deep inside,
# or for SQLite silently take it as 0.
_DATABASE_URL_NUMBERS = {
    "busy_timeout": (0, 3_600_000),
    "minsize": (0, 1_000),
    "maxsize": (1, 1_000),
}


def _database_url(environ: Mapping[str, str]) -> str:
    database_url = environ.get("DATABASE_URL") or default_database_url()
    if not database_url.startswith(("sqlite://", "postgres://", "postgresql://")):
        raise ConfigurationError("DATABASE_URL must start with sqlite:// or postgres://")
    query = dict(parse_qsl(urlsplit(database_url).query))
    for name, (minimum, maximum) in _DATABASE_URL_NUMBERS.items():
        try:
            _int(query, name, minimum, minimum, maximum)
        except ConfigurationError as error:
            raise ConfigurationError(f"DATABASE_URL's {error}") from None
    return database_url


_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def _bool(environ: Mapping[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ConfigurationError(f"{name} must be true or false, got {environ[name]!r}")


def _networks(
    environ: Mapping[str, str], name: str
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    raw = environ.get(name, "")
    try:
        return tuple(ipaddress.ip_network(part.strip()) for part in raw.split(",") if part.strip())
    except ValueError as error:
        raise ConfigurationError(f"{name}: {error}") from None


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read and validate the configuration; raises ConfigurationError with the variable's name."""
    env = os.environ if environ is None else environ
    mode = env.get("TENANTRY_ENV", "development")
    if mode not in ("development", "production"):
        raise ConfigurationError(f"TENANTRY_ENV must be development or production, got {mode!r}")
    production = mode == "production"

    secret_key = env.get("SECRET_KEY", "")
    if not secret_key:
        if production:
            raise ConfigurationError("SECRET_KEY is required when TENANTRY_ENV=production")
        secret_key = DEVELOPMENT_SECRET_KEY
    elif len(secret_key) < _MIN_SECRET_KEY_LENGTH:
        raise ConfigurationError(f"SECRET_KEY must be at least {_MIN_SECRET_KEY_LENGTH} characters")

    database_url = _database_url(env)

    broker_url = env.get("BROKER_URL") or None
    if broker_url and not broker_url.startswith(("redis://", "rediss://", "amqp://", "amqps://")):
        raise ConfigurationError("BROKER_URL must start with redis:// or amqp://")

    smtp_url = env.get("SMTP_URL") or None
    if smtp_url and not smtp_url.startswith(("smtp://", "smtps://")):
        raise ConfigurationError("SMTP_URL must start with smtp:// or smtps://")

    log_format = env.get("LOG_FORMAT") or ("json" if production else "text")
    if log_format not in ("json", "text"):
        raise ConfigurationError(f"LOG_FORMAT must be json or text, got {log_format!r}")
    metrics_token = env.get("METRICS_TOKEN") or None
    if metrics_token is not None and len(metrics_token) < _MIN_METRICS_TOKEN_LENGTH:
        raise ConfigurationError(
            f"METRICS_TOKEN must be at least {_MIN_METRICS_TOKEN_LENGTH} characters"
        )

    return Settings(
        env="production" if production else "development",
        log_format="json" if log_format == "json" else "text",
        metrics_token=metrics_token,
        allow_sqlite_in_production=_bool(env, "ALLOW_SQLITE_IN_PRODUCTION", False),
        allow_embedded_broker_in_production=_bool(
            env, "ALLOW_EMBEDDED_BROKER_IN_PRODUCTION", False
        ),
        smtp_url=smtp_url,
        mail_from=env.get("MAIL_FROM", "Tenantry <no-reply@localhost>"),
        database_url=database_url,
        broker_url=broker_url,
        secret_key=secret_key,
        public_url=env.get("PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"),
        bcrypt_rounds=_int(env, "BCRYPT_ROUNDS", 12, 4, 16),
        bcrypt_concurrency=_int(env, "BCRYPT_CONCURRENCY", 2, 1, 64),
        login_throttle_failures=_int(env, "LOGIN_THROTTLE_FAILURES", 20, 0, 1_000_000),
        login_throttle_window_seconds=_int(env, "LOGIN_THROTTLE_WINDOW_SECONDS", 300, 1, 86_400),
        login_throttle_block_seconds=_int(env, "LOGIN_THROTTLE_BLOCK_SECONDS", 300, 1, 86_400),
        login_failure_delay_ms=_int(env, "LOGIN_FAILURE_DELAY_MS", 1_000, 0, 60_000),
        password_reset_emails=_int(env, "PASSWORD_RESET_EMAILS", 3, 0, 1_000),
        password_reset_window_seconds=_int(env, "PASSWORD_RESET_WINDOW_SECONDS", 3_600, 1, 86_400),
        welcome_link_hours=_int(env, "WELCOME_LINK_HOURS", 72, 1, 24 * 30),
        retention_days=_int(env, "RETENTION_DAYS", 30, 0, 3650),
        purge_warning_days=_int(env, "PURGE_WARNING_DAYS", 7, 0, 3650),
        expiry_warning_days=_int(env, "EXPIRY_WARNING_DAYS", 7, 0, 3650),
        session_lifetime_minutes=_int(env, "SESSION_LIFETIME_MINUTES", 12 * 60, 5, 60 * 24 * 90),
        max_body_bytes=_int(env, "MAX_BODY_BYTES", 1_000_000, 1_000, 100_000_000),
        purge_batch_size=_int(env, "PURGE_BATCH_SIZE", 1_000, 1, 1_000),
        job_stale_seconds=_int(env, "JOB_STALE_SECONDS", 120, 1, 86_400),
        scheduler_interval_seconds=_int(env, "SCHEDULER_INTERVAL_SECONDS", 60, 1, 3_600),
        embedded_scheduler=_bool(env, "EMBEDDED_SCHEDULER", True),
        trusted_proxies=_networks(env, "TRUSTED_PROXIES"),
        ws_init_timeout_seconds=_int(env, "WS_INIT_TIMEOUT_SECONDS", 10, 1, 600),
        ws_max_subscriptions=_int(env, "WS_MAX_SUBSCRIPTIONS", 20, 1, 1_000),
        ws_max_sockets_per_login=_int(env, "WS_MAX_SOCKETS_PER_LOGIN", 10, 1, 1_000),
        ws_session_check_seconds=_int(env, "WS_SESSION_CHECK_SECONDS", 30, 1, 3_600),
        subscription_poll_seconds=_int(env, "SUBSCRIPTION_POLL_SECONDS", 2, 1, 600),
        cors_allowed_origins=_origins(env, "CORS_ALLOWED_ORIGINS") or None,
        persisted_queries_cache_bytes=_int(
            env, "PERSISTED_QUERIES_CACHE_BYTES", 4_000_000, 0, 1_000_000_000
        ),
        trusted_documents_file=Path(
            env.get("TRUSTED_DOCUMENTS_FILE") or default_trusted_documents()
        ).absolute(),
        trusted_documents_only=_bool(env, "TRUSTED_DOCUMENTS_ONLY", False),
        fast_path=_bool(env, "FAST_PATH", True),
        webhook_allow_private_networks=_bool(env, "WEBHOOK_ALLOW_PRIVATE_NETWORKS", not production),
        webhook_timeout_seconds=_int(env, "WEBHOOK_TIMEOUT_SECONDS", 10, 1, 60),
        webhook_log_days=_int(env, "WEBHOOK_LOG_DAYS", 30, 1, 3650),
        webhook_disable_after_seconds=_int(
            env, "WEBHOOK_DISABLE_AFTER_SECONDS", 3 * 24 * 3600, 1, 90 * 24 * 3600
        ),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return load_settings()
