"""Every environment variable Tenantry reads, parsed once and typed.

Call `get_settings()`; tests build their own `Settings` with `load_settings(environ)`.

Each setting is declared once, as a field of `Settings`: its variable, its parser (in
settings_parsers.py), its default and its line of the README's Configuration table. The
loader and that table (settings_table.py) are both read from the declarations.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable, Mapping
from dataclasses import MISSING, Field, dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TypeVar, overload

import settings_parsers as parse
from settings_parsers import ConfigurationError, Environment, Parse

__all__ = [
    "DEVELOPMENT_SECRET_KEY",
    "ConfigurationError",
    "Settings",
    "declared_variables",
    "get_settings",
    "load_settings",
]

T = TypeVar("T")

# Only ever used outside production: production refuses to start without SECRET_KEY.
DEVELOPMENT_SECRET_KEY = "tenantry-development-only-not-secret"  # noqa: S105
_MIN_METRICS_TOKEN_LENGTH = 16


@dataclass(frozen=True)
class Variable:
    """How one setting is read from the environment and shown in the README."""

    name: str
    parse: Parse
    # The README's description; `{bounds}` shows a whole number's range (parse.Whole).
    doc: str
    # The README's default column when the default value does not say it; `{default}`
    # shows that value.
    shown: str | None


_VARIABLE = "tenantry_variable"


@overload
def setting(
    name: str, parse: Parse, doc: str, *, default: T, shown: str | None = ..., secret: bool = ...
) -> T: ...
@overload
def setting(
    name: str,
    parse: Parse,
    doc: str,
    *,
    factory: Callable[[], T],
    shown: str | None = ...,
    secret: bool = ...,
) -> T: ...
def setting(
    name: str,
    parse: Parse,
    doc: str,
    *,
    default: Any = MISSING,
    factory: Any = MISSING,
    shown: str | None = None,
    secret: bool = False,
) -> Any:
    """A `Settings` field read from the environment variable `name`. A `secret` stays out
    of repr: a settings object in a log line or a traceback must not carry passwords."""
    return field(
        default=default,
        default_factory=factory,
        repr=not secret,
        metadata={_VARIABLE: Variable(name, parse, doc, shown)},
    )


def default_database_url() -> str:
    return f"sqlite://{Path.cwd() / 'tenantry.sqlite3'}"


def default_trusted_documents() -> Path:
    return Path.cwd() / "trusted-documents.json"


@dataclass(frozen=True)
class Settings:
    """The configuration. A new setting is one `setting(...)` field here (README order);
    then `tenantry settings-table --readme README.md` writes its row into the README."""

    # First: the other parsers' defaults may depend on it (parse.in_production).
    env: Environment = setting(
        "TENANTRY_ENV",
        parse.environment,
        "`production` turns off GraphiQL, introspection, field suggestions and `/dev/mail`, "
        "requires `SECRET_KEY`, and refuses unsafe settings "
        "([operations](docs/operations.md#what-production-refuses))",
        default="development",
    )
    database_url: str = setting(
        "DATABASE_URL",
        parse.database_url,
        "`sqlite://PATH` or `postgres://user:pass@host:5432/db`; on PostgreSQL `?maxsize=N` "
        "sizes each process's connection pool (default 5; on two cores a larger pool "
        "measured slower); on SQLite a transaction takes the write lock as it begins, and "
        "waits for another process's up to `?busy_timeout=N` milliseconds (default 10,000)",
        factory=default_database_url,
        shown="`sqlite://<cwd>/tenantry.sqlite3`",
        secret=True,
    )
    # Read replicas (db_routing.py, docs/replicas.md). Seconds are floats so tests can go
    # small; the environment gives whole seconds.
    database_replica_urls: tuple[str, ...] = setting(
        "DATABASE_REPLICA_URLS",
        parse.replica_urls,
        "comma-separated `postgres://…` URLs of read replicas of `DATABASE_URL` (PostgreSQL "
        "only): GraphQL queries of viewers who wrote nothing lately read from a healthy one "
        "([replicas](docs/replicas.md))",
        default=(),
        shown="none",
        secret=True,
    )
    replica_read_your_writes_seconds: float = setting(
        "REPLICA_READ_YOUR_WRITES_SECONDS",
        parse.Whole(0, 3_600),
        "after a mutation, the same viewer's (token's) requests read from the primary for "
        "this long, per process ({bounds}; 0: at once from a replica again)",
        default=5,
    )
    replica_max_lag_seconds: float = setting(
        "REPLICA_MAX_LAG_SECONDS",
        parse.Whole(1, 3_600),
        "a replica further behind the primary than this (or unreachable) is skipped until "
        "it catches up; checked at most once a second ({bounds})",
        default=3,
    )
    broker_url: str | None = setting(
        "BROKER_URL",
        parse.scheme_url(("redis://", "rediss://", "amqp://", "amqps://"), "redis:// or amqp://"),
        "`redis://…` or `amqp://…` for background jobs",
        default=None,
        shown="embedded",
        secret=True,
    )
    secret_key: str = setting(
        "SECRET_KEY",
        parse.secret_key,
        "≥ 32 characters (production also refuses a guessable one: "
        "[operations](docs/operations.md#what-production-refuses)); tokens are stored as HMACs "
        "under it, so changing it ends every session",
        default=DEVELOPMENT_SECRET_KEY,
        shown="a development key",
        secret=True,
    )
    public_url: str = setting(
        "PUBLIC_URL",
        parse.base_url,
        "base of links in emails: `/reset-password?token=…` (set-password and reset links) "
        "and `/accept-invitation?token=…` are pages of your frontend, which call "
        "`resetPassword` and `acceptInvitation` with the token; `scripts/run` sets it to the "
        "port it serves",
        default="http://127.0.0.1:8000",
    )
    bcrypt_rounds: int = setting(
        "BCRYPT_ROUNDS", parse.Whole(4, 16), "bcrypt cost ({bounds})", default=12
    )
    bcrypt_concurrency: int = setting(
        "BCRYPT_CONCURRENCY",
        parse.Whole(1, 64),
        "bcrypt computations at once per process ({bounds}); the rest wait",
        default=2,
    )
    # Per client address: this many failed logins within the window block the address.
    login_throttle_failures: int = setting(
        "LOGIN_THROTTLE_FAILURES",
        parse.Whole(0, 1_000_000),
        "failed logins from one address that block it (0 turns the throttle off)",
        default=20,
    )
    login_throttle_window_seconds: int = setting(
        "LOGIN_THROTTLE_WINDOW_SECONDS",
        parse.Whole(1, 86_400),
        "the window those failures are counted in ({bounds})",
        default=300,
    )
    login_throttle_block_seconds: int = setting(
        "LOGIN_THROTTLE_BLOCK_SECONDS",
        parse.Whole(1, 86_400),
        "how long a blocked address gets `TOO_MANY_ATTEMPTS` ({bounds})",
        default=300,
    )
    # Every failed or refused login answers only after this long (an asyncio sleep).
    login_failure_delay_ms: int = setting(
        "LOGIN_FAILURE_DELAY_MS",
        parse.Whole(0, 60_000),
        "every failed or refused login answers this long after it began ({bounds}; 0: at once)",
        default=1_000,
    )
    # Per target email: at most this many reset emails within the window.
    password_reset_emails: int = setting(
        "PASSWORD_RESET_EMAILS",
        parse.Whole(0, 1_000),
        "reset emails one address receives per window ({bounds}; 0: no limit)",
        default=3,
    )
    password_reset_window_seconds: int = setting(
        "PASSWORD_RESET_WINDOW_SECONDS",
        parse.Whole(1, 86_400),
        "the window those reset emails are counted in ({bounds})",
        default=3_600,
    )
    welcome_link_hours: int = setting(
        "WELCOME_LINK_HOURS",
        parse.Whole(1, 24 * 30),
        "how long a new login's emailed set-password link stays usable ({bounds})",
        default=72,
    )
    retention_days: int = setting(
        "RETENTION_DAYS",
        parse.Whole(0, 3650),
        "how long soft-deleted organizations stay restorable",
        default=30,
    )
    # Days ahead the scheduler emails a deleted organization before its purge.
    purge_warning_days: int = setting(
        "PURGE_WARNING_DAYS",
        parse.Whole(0, 3650),
        "days before a deleted organization's purge that it is emailed once "
        "(`0`: never; [docs/notifications.md](docs/notifications.md))",
        default=7,
    )
    expiry_warning_days: int = setting(
        "EXPIRY_WARNING_DAYS",
        parse.Whole(0, 3650),
        "days before an account's `expiresAt` that it is emailed once (`0`: never)",
        default=7,
    )
    session_lifetime_minutes: int = setting(
        "SESSION_LIFETIME_MINUTES",
        parse.Whole(5, 60 * 24 * 90),
        "lifetime of a login token",
        default=12 * 60,
    )
    max_body_bytes: int = setting(
        "MAX_BODY_BYTES",
        parse.Whole(1_000, 100_000_000),
        "largest request body, and WebSocket message, accepted",
        default=1_000_000,
    )
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = setting(
        "TRUSTED_PROXIES",
        parse.networks,
        "comma-separated CIDRs whose `X-Forwarded-For` is believed",
        default=(),
        shown="none",
    )
    smtp_url: str | None = setting(
        "SMTP_URL",
        parse.scheme_url(("smtp://", "smtps://"), "smtp:// or smtps://"),
        "`smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`",
        default=None,
        shown="none (log only)",
        secret=True,
    )
    mail_from: str = setting(
        "MAIL_FROM",
        parse.text,
        "sender of the platform's emails",
        default="Tenantry <no-reply@localhost>",
    )
    purge_batch_size: int = setting(
        "PURGE_BATCH_SIZE",
        parse.Whole(1, 1_000),
        "rows a purge deletes per transaction",
        default=1_000,
    )
    job_stale_seconds: int = setting(
        "JOB_STALE_SECONDS",
        parse.Whole(1, 86_400),
        "a job silent this long is sent again (its worker died)",
        default=120,
    )
    scheduler_interval_seconds: int = setting(
        "SCHEDULER_INTERVAL_SECONDS",
        parse.Whole(1, 3_600),
        "how often the scheduler ticks",
        default=60,
    )
    # The HTTP protocol (docs/http.md): browser origins, persisted queries.
    # None: the environment's default (`cors_allows_localhost`).
    cors_allowed_origins: tuple[str, ...] | None = setting(
        "CORS_ALLOWED_ORIGINS",
        parse.origins,
        "comma-separated exact origins (`https://panel.example.com`; the host in any case, no "
        "path or user name) whose pages may call the API; setting it replaces the development "
        "default. Never with credentials (`docs/http.md`)",
        default=None,
        shown="development: `http://localhost:*`, `http://127.0.0.1:*`; production: none",
    )
    persisted_queries_cache_bytes: int = setting(
        "PERSISTED_QUERIES_CACHE_BYTES",
        parse.Whole(0, 1_000_000_000),
        "memory (bytes) each process gives the texts, hashes and bookkeeping it keeps for "
        "automatic persisted queries (0: APQ off, `PERSISTED_QUERY_NOT_SUPPORTED`)",
        default=4_000_000,
    )
    trusted_documents_file: Path = setting(
        "TRUSTED_DOCUMENTS_FILE",
        parse.path,
        "the store `tenantry trust-documents` writes and every server process reads "
        "(re-read when it changes)",
        factory=default_trusted_documents,
        shown="`<cwd>/trusted-documents.json`",
    )
    trusted_documents_only: bool = setting(
        "TRUSTED_DOCUMENTS_ONLY",
        parse.flag,
        "`true`: run only trusted documents; anything else answers `PERSISTED_QUERY_NOT_ALLOWED`",
        default=False,
    )
    fast_path: bool = setting(
        "FAST_PATH",
        parse.flag,
        "`off` (or `false`) executes queries the stock Strawberry and graphql-core way, "
        "without the planned execution and `@direct` resolvers of `gql/fastpath/` (the same "
        "answers, ~35\N{EN DASH}40 % slower on list pages): to rule it out when an answer "
        "looks wrong",
        default=True,
    )
    embedded_scheduler: bool = setting(
        "EMBEDDED_SCHEDULER",
        parse.flag,
        "without `BROKER_URL`, `serve` also runs the scheduler; `false` leaves it to a "
        "`tenantry scheduler` (or cron with `--once`)",
        default=True,
    )
    # The WebSocket endpoint (docs/websocket.md). Seconds are floats so tests can go small;
    # the environment gives whole seconds.
    ws_init_timeout_seconds: float = setting(
        "WS_INIT_TIMEOUT_SECONDS",
        parse.Whole(1, 600),
        "a WebSocket that sends no `connection_init` within this is closed (4408) ({bounds})",
        default=10,
    )
    ws_max_subscriptions: int = setting(
        "WS_MAX_SUBSCRIPTIONS",
        parse.Whole(1, 1_000),
        "operations at once per login (a user, or an API key) across its WebSockets, per API "
        "process ({bounds})",
        default=20,
    )
    ws_max_sockets_per_login: int = setting(
        "WS_MAX_SOCKETS_PER_LOGIN",
        parse.Whole(1, 1_000),
        "WebSockets open at once per login, per API process; one more closes with 4429 ({bounds})",
        default=10,
    )
    ws_session_check_seconds: float = setting(
        "WS_SESSION_CHECK_SECONDS",
        parse.Whole(1, 3_600),
        "how often an open WebSocket's session is checked again, besides before each value "
        "({bounds})",
        default=30,
    )
    subscription_poll_seconds: float = setting(
        "SUBSCRIPTION_POLL_SECONDS",
        parse.Whole(1, 600),
        "how often subscriptions read jobs and the audit log for changes ({bounds})",
        default=2,
    )
    # Operations (ops/, docs/operations.md): log lines, /metrics, production's refusals.
    log_format: Literal["json", "text"] = setting(
        "LOG_FORMAT",
        parse.log_format,
        "one JSON object or one text line per log record, each with its request id "
        "([operations](docs/operations.md#request-ids-and-logs))",
        default="text",
        shown="`json` in production, `text` otherwise",
    )
    metrics_token: str | None = setting(
        "METRICS_TOKEN",
        parse.token(_MIN_METRICS_TOKEN_LENGTH),
        f"bearer token `/metrics` requires (≥ {_MIN_METRICS_TOKEN_LENGTH} characters); "
        f"without it production serves no metrics ([operations](docs/operations.md#metrics))",
        default=None,
        secret=True,
    )
    allow_sqlite_in_production: bool = setting(
        "ALLOW_SQLITE_IN_PRODUCTION",
        parse.flag,
        "`true` lets production run on SQLite",
        default=False,
    )
    allow_embedded_broker_in_production: bool = setting(
        "ALLOW_EMBEDDED_BROKER_IN_PRODUCTION",
        parse.flag,
        "`true` lets production run without `BROKER_URL` (jobs in-process)",
        default=False,
    )
    # Webhook delivery (docs/webhook-delivery.md). Private networks: None takes the
    # environment's default (refused in production, allowed otherwise, where receivers
    # usually run on the developer's own machine). Seconds are floats so tests can go small.
    webhook_allow_private_networks: bool | None = setting(
        "WEBHOOK_ALLOW_PRIVATE_NETWORKS",
        parse.flag_set_in_development,
        "`true` lets webhooks reach loopback, private, link-local and other non-public "
        "addresses; `false` refuses any receiver whose host resolves to one "
        "([webhook delivery](docs/webhook-delivery.md#where-a-webhook-may-go))",
        default=None,
        shown="`false` in production, `true` otherwise",
    )
    webhook_timeout_seconds: float = setting(
        "WEBHOOK_TIMEOUT_SECONDS",
        parse.Whole(1, 60),
        "a webhook attempt's connect and read timeouts, each ({bounds}); the whole attempt is "
        "bounded by twice that",
        default=10,
    )
    # Finished deliveries (and their attempts) older than this are deleted by the scheduler.
    webhook_log_days: int = setting(
        "WEBHOOK_LOG_DAYS",
        parse.Whole(1, 3650),
        "how long finished webhook deliveries and their attempts stay in the delivery log "
        "(`webhookDeliveries`) before the scheduler deletes them ({bounds})",
        default=30,
    )
    webhook_disable_after_seconds: float = setting(
        "WEBHOOK_DISABLE_AFTER_SECONDS",
        parse.Whole(1, 90 * 24 * 3600),
        "an endpoint whose deliveries failed this long in a row is disabled and its owners "
        "emailed ({bounds})",
        default=3 * 24 * 3600,
        shown="{default} (3 days)",
    )

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


def declared_variables() -> list[tuple[Field[Any], Variable]]:
    """Each setting's field and variable, in declaration order."""
    return [(f, f.metadata[_VARIABLE]) for f in fields(Settings) if _VARIABLE in f.metadata]


def _default(declared: Field[Any]) -> Any:
    if declared.default_factory is not MISSING:
        return declared.default_factory()
    return declared.default


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read and validate the configuration; raises ConfigurationError with the variable's name."""
    env = os.environ if environ is None else environ
    values = {
        declared.name: variable.parse(env, variable.name, _default(declared))
        for declared, variable in declared_variables()
    }
    return Settings(**values)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return load_settings()
