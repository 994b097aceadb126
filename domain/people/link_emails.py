"""The emails that carry a set-password link: a new login's welcome link and a reset link.

Their wording is the WELCOME and PASSWORD_RESET email templates
(domain/hierarchy/email_templates.py):
the built-in text, or the one the platform or a reseller set for the organizations below
it, so a reseller's customers' logins get their provider's words. This module only names
the values the templates are filled with.
"""

from __future__ import annotations

from datetime import datetime

from domain.hierarchy import email_templates
from domain.hierarchy.email_templates import Text
from domain.hierarchy.notifications import when
from models import Organization
from models.enums import EmailTemplateKind

# `{password_note}` of a welcome email when its creator was also shown (or chose) a
# password: the login may use that instead of the link.
ALSO_TOLD_NOTE = "Or log in with the password your administrator gave you, and change it.\n"


async def welcome_link_email(
    organization: Organization,
    login: str,
    link: str,
    expires_at: datetime,
    *,
    password_told: bool,
) -> Text:
    """The welcome of a new login of `organization`, with the link to choose its first
    password (and, when its administrator was given one, word that it may use that)."""
    return await email_templates.render(
        EmailTemplateKind.WELCOME,
        organization,
        {
            "email": login,
            "link": link,
            "link_expires_at": when(expires_at),
            "password_note": ALSO_TOLD_NOTE if password_told else "",
        },
    )


async def reset_link_email(
    organization: Organization, login: str, link: str, expires_at: datetime
) -> Text:
    """A password reset link for the login `login` of `organization` (sent to it, or to a
    contact address of its organizations)."""
    return await email_templates.render(
        EmailTemplateKind.PASSWORD_RESET,
        organization,
        {"email": login, "link": link, "link_expires_at": when(expires_at)},
    )
