"""The HTTP baseline: a plain Starlette endpoint per scenario returning the hand-written
asyncpg + orjson answer (bench/baseline.py), served by uvicorn like `tenantry serve`.

    BENCH_DATABASE_URL=postgres://... SECRET_KEY=... uvicorn bench.baseline_app:app --workers 2
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.baseline import answer
from gql.context import bearer_token

_pool: dict[str, Any] = {}


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    url = os.environ["BENCH_DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    async with asyncpg.create_pool(url, min_size=4, max_size=8) as pool:
        _pool["pool"] = pool
        yield


async def scenario(request: Request) -> Response:
    body = orjson.loads(await request.body())
    async with _pool["pool"].acquire() as db:
        payload = await answer(
            db,
            request.path_params["key"],
            bearer_token(request) or "",
            os.environ["SECRET_KEY"],
            body.get("variables") or {},
        )
    return Response(payload, media_type="application/json")


app = Starlette(routes=[Route("/{key}", scenario, methods=["POST"])], lifespan=lifespan)
