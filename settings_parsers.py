"""How settings.py turns an environment variable into a typed value, and what it refuses.

Every parser is called as `parse(environ, name, default)`: the environment, the variable's
name (every error message names it) and the declared default. A parser whose default
depends on the environment kind reads TENANTRY_ENV itself (`in_production`), which the
loader has validated first.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, urlsplit

Environment = Literal["development", "production"]
Parse = Callable[[Mapping[str, str], str, Any], Any]

_MIN_SECRET_KEY_LENGTH = 32


class ConfigurationError(ValueError):
    """An environment variable is missing or malformed."""


def in_production(environ: Mapping[str, str]) -> bool:
    return environ.get("TENANTRY_ENV", "development") == "production"


def environment(environ: Mapping[str, str], name: str, default: Environment) -> Environment:
    mode = environ.get(name, default)
    if mode not in ("development", "production"):
        raise ConfigurationError(f"{name} must be development or production, got {mode!r}")
    return "production" if mode == "production" else "development"


def text(environ: Mapping[str, str], name: str, default: str) -> str:
    return environ.get(name, default)


def base_url(environ: Mapping[str, str], name: str, default: str) -> str:
    """A URL links are appended to: without its trailing slash."""
    return environ.get(name, default).rstrip("/")


def path(environ: Mapping[str, str], name: str, default: Path) -> Path:
    return Path(environ.get(name) or default).absolute()


def scheme_url(schemes: tuple[str, ...], said: str) -> Parse:
    """A URL starting with one of `schemes` (`said` in the error), or None when unset."""

    def parse(environ: Mapping[str, str], name: str, default: None) -> str | None:
        url = environ.get(name) or default
        if url and not url.startswith(schemes):
            raise ConfigurationError(f"{name} must start with {said}")
        return url

    return parse


def secret_key(environ: Mapping[str, str], name: str, default: str) -> str:
    """Only ever the development default outside production: production requires one."""
    key = environ.get(name, "")
    if not key:
        if in_production(environ):
            raise ConfigurationError(f"{name} is required when TENANTRY_ENV=production")
        return default
    if len(key) < _MIN_SECRET_KEY_LENGTH:
        raise ConfigurationError(f"{name} must be at least {_MIN_SECRET_KEY_LENGTH} characters")
    return key


def token(minimum: int) -> Parse:
    """A secret of at least `minimum` characters, or None when unset."""

    def parse(environ: Mapping[str, str], name: str, default: None) -> str | None:
        value = environ.get(name) or default
        if value is not None and len(value) < minimum:
            raise ConfigurationError(f"{name} must be at least {minimum} characters")
        return value

    return parse


def log_format(
    environ: Mapping[str, str], name: str, default: Literal["json", "text"]
) -> Literal["json", "text"]:
    """Unset: JSON lines in production (for a log collector), text otherwise (`default`)."""
    chosen = environ.get(name) or ("json" if in_production(environ) else default)
    if chosen not in ("json", "text"):
        raise ConfigurationError(f"{name} must be json or text, got {chosen!r}")
    return "json" if chosen == "json" else "text"


def _whole_number(
    environ: Mapping[str, str], name: str, default: int, minimum: int, maximum: int
) -> int:
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


@dataclass(frozen=True)
class Whole:
    """A whole number within bounds, which the README's description may show as
    `{bounds}` (written here only)."""

    minimum: int
    maximum: int

    def __call__(self, environ: Mapping[str, str], name: str, default: int) -> int:
        return _whole_number(environ, name, default, self.minimum, self.maximum)

    @property
    def bounds(self) -> str:
        return f"{self.minimum}\N{EN DASH}{self.maximum}"


_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def flag(environ: Mapping[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ConfigurationError(f"{name} must be true or false, got {environ[name]!r}")


def flag_set_in_development(environ: Mapping[str, str], name: str, default: None) -> bool:
    """A flag whose unset value is the environment's: on in development, off in production
    (the declared default, None, leaves that choice to `Settings` built by hand)."""
    return flag(environ, name, not in_production(environ))


def networks(
    environ: Mapping[str, str], name: str, default: tuple[()]
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    raw = environ.get(name, "")
    try:
        return tuple(ipaddress.ip_network(part.strip()) for part in raw.split(",") if part.strip())
    except ValueError as error:
        raise ConfigurationError(f"{name}: {error}") from None


def origins(environ: Mapping[str, str], name: str, default: None) -> tuple[str, ...] | None:
    """Exact origins (scheme://host[:port]), comma-separated; None (the environment's
    default) when unset."""
    found = []
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
        found.append(f"{parts.scheme}://{parts.netloc.lower()}")
    return tuple(found) or default


# Numbers DATABASE_URL may carry as query parameters (SQLite's busy timeout, the size of
# the PostgreSQL pool): checked here, since the drivers would fail on a bad one deep inside,
# or for SQLite silently take it as 0.
_DATABASE_URL_NUMBERS = {
    "busy_timeout": Whole(0, 3_600_000),
    "minsize": Whole(0, 1_000),
    "maxsize": Whole(1, 1_000),
}


def database_url(environ: Mapping[str, str], name: str, default: str) -> str:
    url = environ.get(name) or default
    if not url.startswith(("sqlite://", "postgres://", "postgresql://")):
        raise ConfigurationError(f"{name} must start with sqlite:// or postgres://")
    query = dict(parse_qsl(urlsplit(url).query))
    for parameter, number in _DATABASE_URL_NUMBERS.items():
        try:
            number(query, parameter, number.minimum)
        except ConfigurationError as error:
            raise ConfigurationError(f"{name}'s {error}") from None
    return url


def replica_urls(environ: Mapping[str, str], name: str, default: tuple[()]) -> tuple[str, ...]:
    """Comma-separated PostgreSQL URLs of read replicas; only beside a PostgreSQL
    DATABASE_URL (SQLite has no replicas to read from)."""
    urls = tuple(part.strip() for part in environ.get(name, "").split(",") if part.strip())
    if not urls:
        return default
    for index, url in enumerate(urls, start=1):
        if not url.startswith(("postgres://", "postgresql://")):
            raise ConfigurationError(
                f"{name}'s URL number {index} must start with postgres:// or postgresql://"
            )
        try:
            database_url({"url": url}, "url", url)
        except ConfigurationError as error:
            raise ConfigurationError(f"{name}'s URL number {index}: {error}") from None
    if not environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        raise ConfigurationError(f"{name} needs a PostgreSQL DATABASE_URL (the primary)")
    if len(set(urls)) != len(urls):
        raise ConfigurationError(f"{name} names the same replica twice")
    return urls
