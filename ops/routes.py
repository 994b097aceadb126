"""The operations routes the app mounts beside /graphql."""

from __future__ import annotations

from starlette.routing import Route

from ops import devmail, probes, scrape
from settings import Settings


def operations_routes(settings: Settings) -> list[Route]:
    readyz = probes.readyz_endpoint(settings)
    routes = [
        Route("/livez", probes.livez, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/healthz", readyz, methods=["GET"]),  # the older name, kept for balancers
        Route("/metrics", scrape.metrics_endpoint(settings), methods=["GET"]),
    ]
    if not settings.production:
        routes.append(Route("/dev/mail", devmail.dev_mail, methods=["GET"]))
    return routes
