"""GraphiQL served from this server's own files, so /graphql works on a machine offline.

Strawberry's page loads GraphiQL from a CDN. Ours loads the files pinned in
static/graphiql-manifest.json (package@version, tarball integrity, each file's sha256), which
`scripts/refresh-graphiql` fetches into static/graphiql/. A file is served only when its
sha256 is the pinned one; until every file is there the page says how to fetch them.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

STATIC = Path(__file__).resolve().parent / "static"
ASSET_URL = "/graphiql/"
START_SCRIPT = "graphiql-start.js"

# The pinned files never change under their versioned URLs; our own start script does.
IMMUTABLE = "public, max-age=31536000, immutable"
CONTENT_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
# The browser itself refuses anything from another origin; GraphiQL and CodeMirror set
# inline styles, and the fonts are data: URLs inside graphiql.min.css.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
MISSING_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>GraphiQL is not installed</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>GraphiQL's files are not installed</h1>
<p>This server serves GraphiQL from its own copies of the files, and {problem}.
Fetch them (needs access to the npm registry, once) and reload this page:</p>
<pre>scripts/refresh-graphiql</pre>
<p>(<code>scripts/setup-env</code> runs it too.) The API itself works:
POST GraphQL queries to this URL.</p>
</body></html>
"""


@dataclass(frozen=True)
class PinnedFile:
    path: str  # under static/graphiql/ and ASSET_URL: "graphiql@3.9.0/graphiql.min.js"
    sha256: str

    @property
    def subresource_integrity(self) -> str:
        return "sha256-" + base64.b64encode(bytes.fromhex(self.sha256)).decode()

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[Path(self.path).suffix]


class GraphiQLFiles:
    """The manifest's files, read and checked once they are all present."""

    def __init__(self, directory: Path = STATIC / "graphiql") -> None:
        self.directory = directory
        self._contents: dict[str, bytes] | None = None

    @cached_property
    def pinned(self) -> tuple[PinnedFile, ...]:
        manifest = json.loads((STATIC / "graphiql-manifest.json").read_text())
        return tuple(
            PinnedFile(f"{package['name']}@{package['version']}/{entry['path']}", entry["sha256"])
            for package in manifest["packages"]
            for entry in package["files"]
        )

    def problem(self) -> str | None:
        """Why the page cannot load, or None when every pinned file is there and intact."""
        if self._contents is not None:
            return None
        contents = {}
        for pinned in self.pinned:
            try:
                data = (self.directory / pinned.path).read_bytes()
            except OSError:
                return f"{pinned.path} is missing"
            if hashlib.sha256(data).hexdigest() != pinned.sha256:
                return f"{pinned.path} is not the pinned version (its sha256 differs)"
            contents[pinned.path] = data
        self._contents = contents
        return None

    def content(self, path: str) -> bytes | None:
        if self.problem() is not None or self._contents is None:
            return None
        return self._contents.get(path)


FILES = GraphiQLFiles()


def graphiql_page() -> Response:
    """The IDE page, or (503) instructions for fetching its files."""
    problem = FILES.problem()
    if problem is not None:
        body = MISSING_PAGE.format(problem=html.escape(problem))
        return HTMLResponse(body, status_code=503, headers={"Cache-Control": "no-store"})
    stylesheets, scripts = [], []
    for pinned in FILES.pinned:
        url = html.escape(ASSET_URL + pinned.path)
        sri = pinned.subresource_integrity
        if pinned.path.endswith(".css"):
            stylesheets.append(f'    <link rel="stylesheet" href="{url}" integrity="{sri}" />')
        else:
            scripts.append(f'    <script src="{url}" integrity="{sri}"></script>')
    scripts.append(f'    <script src="{ASSET_URL}{START_SCRIPT}"></script>')
    page = (
        (STATIC / "graphiql.html")
        .read_text()
        .replace("{{ stylesheets }}", "\n".join(stylesheets))
        .replace("{{ scripts }}", "\n".join(scripts))
    )
    headers = {"Content-Security-Policy": PAGE_POLICY, "Cache-Control": "no-cache"}
    return HTMLResponse(page, headers=headers)


async def serve_graphiql_file(request: Request) -> Response:
    path = request.path_params["path"]
    headers = {"X-Content-Type-Options": "nosniff"}
    if path == START_SCRIPT:
        body = (STATIC / START_SCRIPT).read_bytes()
        headers["Cache-Control"] = "no-cache"  # ours, unversioned: changes with a deploy
        return Response(body, media_type=CONTENT_TYPES[".js"], headers=headers)
    data = FILES.content(path)
    if data is None:
        raise HTTPException(404, f"No GraphiQL file {path}.")
    pinned = next(pinned for pinned in FILES.pinned if pinned.path == path)
    headers.update({"Cache-Control": IMMUTABLE, "ETag": f'"{pinned.sha256}"'})
    return Response(data, media_type=pinned.content_type, headers=headers)


def graphiql_routes(graphql_ide: str | None) -> list[BaseRoute]:
    """The files' route, only where the view serves the IDE (not in production)."""
    if graphql_ide is None:
        return []
    return [Route(ASSET_URL + "{path:path}", serve_graphiql_file, methods=["GET"])]
