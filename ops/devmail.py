"""GET /dev/mail (development only): the latest emails of the outbox, in full.

Without SMTP_URL, development sends emails to the log (in full, see domain/jobs/outbox.py);
this page shows the same emails, newest first, with their links clickable, so a password
reset can be followed in a browser. It is never routed in production, and answers only
the machine it runs on: a development server started with `--host 0.0.0.0` (or a
production one that forgot TENANTRY_ENV) must not show reset links to its network.
"""

from __future__ import annotations

import html
import ipaddress
import re

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from models import OutboxEmail

SHOWN = 50
_LINK = re.compile(r"https?://[^\s<>\"']+")


def _linked(text: str) -> str:
    """Escaped text whose http(s) URLs are links (the URL escaped too)."""
    parts: list[str] = []
    last = 0
    for match in _LINK.finditer(text):
        parts.append(html.escape(text[last : match.start()]))
        url = html.escape(match.group())
        parts.append(f'<a href="{url}">{url}</a>')
        last = match.end()
    parts.append(html.escape(text[last:]))
    return "".join(parts)


def _email(email: OutboxEmail) -> str:
    return (
        "<article>"
        f"<h2>{html.escape(email.subject)}</h2>"
        f"<p>To <b>{html.escape(email.to_address)}</b> · {html.escape(email.kind)} · "
        f"{email.status.value} · {email.created_at:%Y-%m-%d %H:%M:%S} UTC</p>"
        f"<pre>{_linked(email.body)}</pre>"
        "</article>"
    )


def _from_this_machine(request: Request) -> bool:
    # The socket's peer, never X-Forwarded-For: a proxy on this machine is not its user.
    peer = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(peer).is_loopback
    except ValueError:
        return False


async def dev_mail(request: Request) -> Response:
    if not _from_this_machine(request):
        # As for a path that does not exist: the page is no one else's business.
        raise HTTPException(404, "Not Found")
    emails = await OutboxEmail.all().order_by("-created_at").limit(SHOWN)
    listing = "".join(_email(email) for email in emails) or "<p>No emails yet.</p>"
    page = (
        "<!doctype html><meta charset=utf-8><title>Tenantry development mail</title>"
        "<style>body{font:14px sans-serif;max-width:60em;margin:auto}"
        "article{border-bottom:1px solid #ccc}pre{white-space:pre-wrap}</style>"
        f"<h1>Development mail (latest {SHOWN})</h1>{listing}"
    )
    return HTMLResponse(page)
