"""The wording of the emails that carry a set-password link: a reset link and a new
login's welcome link. One function per email, returning (subject, body), so that the
platform's and resellers' own templates can take their place in one spot."""

from __future__ import annotations

from datetime import timedelta


def _lifetime(lifetime: timedelta) -> str:
    minutes = int(lifetime.total_seconds() // 60)
    if minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return f"{days} day{'s' if days != 1 else ''}"
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minutes"


def reset_link_email(link: str, lifetime: timedelta, login: str) -> tuple[str, str]:
    """A password reset link for the login `login` (sent to it, or to its contact)."""
    return (
        "Reset your password",
        f"Use this link within {_lifetime(lifetime)} to choose a new password for the login "
        f"{login}:\n{link}\nIf you did not ask for it, ignore this email.\n",
    )


def welcome_link_email(
    organization: str, login: str, link: str, lifetime: timedelta, *, password_told: bool
) -> tuple[str, str]:
    """A new login's welcome, with the link to choose its first password (and, when its
    administrator was given one, word that it may use that instead)."""
    told = (
        "Or log in with the password your administrator gave you, and change it.\n"
        if password_told
        else ""
    )
    return (
        f"Your {organization} login",
        f"A login for {organization} was created for {login}.\n"
        f"Choose your password with this link within {_lifetime(lifetime)}:\n{link}\n"
        f"{told}After that, use 'Forgot password' to get a new link.\n",
    )
