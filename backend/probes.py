"""What the operators' tools ask: /healthz (alive), /readyz (ready to work), /metrics."""

from __future__ import annotations

import asyncio
import ipaddress
from functools import cache

from aiohttp import web
from prometheus_client.exposition import choose_encoder
from tortoise import connections

from backend import availability
from backend.keys import METRICS, SETTINGS, STORE
from backend.untrusted import same_secret

# A request that came through a proxy carries the proxy's address, not the client's: the
# address list is then no proof, and only the token opens /metrics.
FORWARDED = ("X-Forwarded-For", "X-Real-IP", "Forwarded")
_APPLIED = "SELECT name FROM tortoise_migrations WHERE app = 'models'"


async def healthz(request: web.Request) -> web.Response:
    """The process is alive and its loop answers; nothing else is asked."""
    return web.json_response({"status": "ok"})


@cache
def code_migration() -> str:
    from backend.backups.manifest import code_migrations

    return code_migrations()[-1]


async def applied_migrations() -> list[str]:
    async with asyncio.timeout(availability.PROBE_TIMEOUT):
        rows = await connections.get("default").execute_query_dict(_APPLIED)
    return sorted(row["name"] for row in rows)


def migration_check(applied: list[str]) -> dict[str, str]:
    """`ok` when the code's last migration is applied. Newer ones are named but do not make
    it unready: during an upgrade the new release migrates while this one still serves."""
    expected = code_migration()
    if expected not in applied:
        return {"migrations": f"applied {applied[-1] if applied else 'none'}, code has {expected}"}
    newer = [name for name in applied if name > expected]
    return {"migrations": "ok", **({"newer_migrations": ", ".join(newer)} if newer else {})}


async def readyz(request: web.Request) -> web.Response:
    """200 when the database and the store answer and the code's migrations are applied; else
    503 naming what is not."""
    metrics = request.app[METRICS]
    up = await availability.check(request.app[STORE])
    checks = {name: "ok" if ok else "unavailable" for name, ok in up.items()}
    for name, ok in up.items():
        if not ok:
            metrics.dependency_errors.labels(name).inc()
    if up["database"]:
        try:
            applied = await applied_migrations()
        except Exception:  # gone between the probe and this query
            checks["database"] = "unavailable"
            metrics.dependency_errors.labels("database").inc()
        else:
            checks |= migration_check(applied)
    ready = "migrations" in checks and all(
        value == "ok" for name, value in checks.items() if name != "newer_migrations")
    return web.json_response({"status": "ready" if ready else "not ready", **checks},
                             status=200 if ready else 503)


def _allowed(request: web.Request) -> bool:
    settings = request.app[SETTINGS]
    token = settings.metrics_token
    header = request.headers.get("Authorization", "")
    if token is not None and header.startswith("Bearer "):
        return same_secret(header.removeprefix("Bearer ").strip(), token.get_secret_value())
    if any(name in request.headers for name in FORWARDED) or not request.remote:
        return False
    try:
        address = ipaddress.ip_address(request.remote)
    except ValueError:  # a Unix socket
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in settings.metrics_networks)


async def metrics(request: web.Request) -> web.Response:
    if not _allowed(request):
        raise web.HTTPForbidden(text="forbidden")
    collected = request.app[METRICS]
    await collected.read_state()
    # The text format Prometheus asks for in Accept (0.0.4 when it does not say; OpenMetrics
    # when it asks for that).
    encode, content_type = choose_encoder(request.headers.get("Accept", ""))
    return web.Response(body=encode(collected.registry), headers={"Content-Type": content_type})


def add_routes(app: web.Application) -> None:
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
