"""What production (TENANTRY_ENV=production) refuses to start with, checked by `tenantry`.

Each refusal is one line naming the setting to change; `tenantry` prints them and exits
with status 2 before it serves or works. Checked without the database: SQLite and the
in-process broker (unless explicitly allowed) and a guessable SECRET_KEY. Checked at
`serve` start against the database: demo logins (see `demo_password_in_use`).
"""

from __future__ import annotations

import itertools
import math
import string

from settings import DEVELOPMENT_SECRET_KEY, Settings

# What an estimate of SECRET_KEY's randomness must reach: 128 bits, the strength of the
# HMACs it keys. Estimated generously (as if each character were drawn at random from the
# character classes the key uses), so only keys that are plainly weak are refused.
MIN_SECRET_KEY_BITS = 128
MIN_DISTINCT_CHARACTERS = 10
_CLASSES = (string.ascii_lowercase, string.ascii_uppercase, string.digits)
# What chosen keys are made of: the words of placeholders and passwords, the short words
# around them, keyboard rows. A generated key (secrets.token_urlsafe, openssl rand) holds
# next to none of them, so a key mostly made of them was typed by a person.
_COMMON_WORDS_TEXT = (
    "secret secrets key keys password passwd pass passphrase token change changeme "
    "replace replaceme production prod staging development dev test testing example "
    "sample default insecure unsafe secure django flask tenantry admin root qwerty "
    "qwertyuiop asdf asdfghjkl zxcvbnm letmein welcome random long longer string value "
    "please hello world foo bar baz demo local server session signing sign hmac jwt "
    "private public strong very really super this that with for the and your our here "
    "my is me to of it not only use do app api abc xyz love monkey dragon master shadow "
    "sunshine iloveyou trustno"
)
_COMMON_WORDS = frozenset(_COMMON_WORDS_TEXT.split())
_LONGEST_WORD = max(len(word) for word in _COMMON_WORDS)
# How much of a key may be common words, separators and runs (aaa, abc, 321).
MAX_PREDICTABLE_SHARE = 0.5
# How many Master-organization logins are checked for the demo password at start (each
# check is a bcrypt verification, ~0.3 s at the default cost).
ADMINISTRATORS_CHECKED = 10


def estimated_bits(key: str) -> float:
    """len(key) * log2(the size of the character classes it uses): an upper bound on
    what a random key of that shape holds (a human-chosen one holds far less)."""
    if all(c in string.hexdigits for c in key) and (key.islower() or key.isupper()):
        return len(key) * 4.0  # hex (a letter or more, all of one case): 4 bits a digit
    pool = sum(len(chars) for chars in _CLASSES if any(c in chars for c in key))
    if any(not any(c in chars for chars in _CLASSES) for c in key):
        pool += 33  # punctuation, space and anything else
    return len(key) * math.log2(pool) if pool > 1 else 0.0


def _mostly_consecutive(key: str) -> bool:
    """Whether most neighbours are next to each other in the alphabet ("abcdef", "9876")."""
    steps = [abs(ord(b) - ord(a)) for a, b in itertools.pairwise(key)]
    return sum(step == 1 for step in steps) > len(steps) / 2


def _repeats_itself(key: str) -> bool:
    """Whether the key is a shorter piece repeated ("abcabcabc…")."""
    return (key + key).find(key, 1) < len(key)


def _predictable_share(key: str) -> float:
    """The share of `key`'s characters that are common words (longest first, any case),
    separators (neither letter nor digit), or in runs of three or more that step by -1, 0
    or +1 ("aaa", "abc", "321")."""
    lowered = key.lower()
    covered = [not character.isalnum() for character in key]
    start = 0
    while start < len(key):
        longest = min(_LONGEST_WORD, len(key) - start)
        size = next(
            (n for n in range(longest, 1, -1) if lowered[start : start + n] in _COMMON_WORDS), 0
        )
        covered[start : start + size] = [True] * size
        start += size or 1
    for end in range(2, len(key)):
        first, second = ord(key[end - 1]) - ord(key[end - 2]), ord(key[end]) - ord(key[end - 1])
        if first == second and abs(first) <= 1:
            covered[end - 2 : end + 1] = [True] * 3
    return sum(covered) / len(key) if key else 1.0


def secret_key_problem(key: str) -> str | None:
    """Why `key` is too guessable to sign production sessions with, or None."""
    if key == DEVELOPMENT_SECRET_KEY:
        return "SECRET_KEY is the development default"
    if len(set(key)) < MIN_DISTINCT_CHARACTERS or _repeats_itself(key):
        return (
            f"SECRET_KEY repeats itself (fewer than {MIN_DISTINCT_CHARACTERS} distinct "
            "characters, or one piece over and over)"
        )
    if _mostly_consecutive(key):
        return "SECRET_KEY is mostly a run of consecutive characters (abcd…, 1234…)"
    if _predictable_share(key) >= MAX_PREDICTABLE_SHARE:
        return (
            "SECRET_KEY is mostly common words, separators and runs (secret, password, "
            "production, qwerty, -, aaa, 123…): a chosen phrase, not a generated key"
        )
    bits = estimated_bits(key)
    if bits < MIN_SECRET_KEY_BITS:
        return (
            f"SECRET_KEY has about {bits:.0f} bits of randomness at most, "
            f"{MIN_SECRET_KEY_BITS} are needed"
        )
    return None


def configuration_refusals(settings: Settings) -> list[str]:
    """Every reason the configuration is unsafe for production (none outside it)."""
    if not settings.production:
        return []
    refusals = []
    if settings.database_url.startswith("sqlite://") and not settings.allow_sqlite_in_production:
        refusals.append(
            "DATABASE_URL is SQLite: use PostgreSQL in production "
            "(or set ALLOW_SQLITE_IN_PRODUCTION=true for a single small process)"
        )
    if settings.broker_url is None and not settings.allow_embedded_broker_in_production:
        refusals.append(
            "BROKER_URL is not set, so jobs would run in-process and be lost with it: "
            "use Redis or RabbitMQ (or set ALLOW_EMBEDDED_BROKER_IN_PRODUCTION=true)"
        )
    problem = secret_key_problem(settings.secret_key)
    if problem:
        refusals.append(
            f"{problem}: generate one with `python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(48))'`"
        )
    return refusals


class UnsafeProduction(Exception):
    """The configuration holds something production refuses (`configuration_refusals`)."""


def refuse_unsafe_production(settings: Settings) -> None:
    """Raise when production would be refused: the app's start-up calls it too, so a server
    started without `tenantry` (`uvicorn app:create_app --factory`) refuses the same."""
    refusals = configuration_refusals(settings)
    if refusals:
        raise UnsafeProduction("refusing to start in production: " + "; ".join(refusals))


async def demo_password_in_use(settings: Settings) -> str | None:
    """Why the database holds a login with the demo password, or None.

    Verifying every user's bcrypt hash would take ~0.3 s per user: far too slow for a real
    table. Instead two cheap checks cover the logins the demo password can come from:
    - the demo's own logins: `tenantry demo` creates them, all under the reserved
      `@demo.tenantry.test` domain, all with the demo password; any of them refuses the
      start (one indexed query), whatever its password is now;
    - the Master organization's first logins (at most ADMINISTRATORS_CHECKED), verified
      with bcrypt: the administrator `tenantry bootstrap --password` creates is where a
      copied demo command would have put the demo password, and they hold every right.
    Other logins get their passwords from people, under the password policy.
    """
    from domain.demo import DEMO_DOMAIN, DEMO_PASSWORD
    from domain.security.passwords import verify_password
    from models import Membership, User
    from models.enums import OrganizationKind

    demo_login = await User.filter(email__endswith=f"@{DEMO_DOMAIN}").first()
    if demo_login is not None:
        return (
            f"the database holds the demo's logins (e.g. {demo_login.email}), whose password "
            "is public: production needs a database without demo data"
        )
    staff = (
        await Membership.filter(organization__kind=OrganizationKind.MASTER)
        .order_by("created_at")
        .limit(ADMINISTRATORS_CHECKED)
        .prefetch_related("user")
    )
    for membership in staff:
        user = membership.user
        if user.password_hash and await verify_password(DEMO_PASSWORD, user.password_hash):
            return (
                f"the login {user.email} has the demo password: change it "
                "(changePassword) before serving in production"
            )
    return None
