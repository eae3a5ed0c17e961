"""`GET /readyz`: can this server do its work? (DESIGN §18)

`/healthz` says the process answers; `/readyz` asks each service it depends on: the
database, the cache (Redis itself when REDIS_URL is set, never the per-process fallback
that keeps sign-in working without it) and the task broker when CELERY_BROKER_URL is set.
A load balancer sends traffic only while it answers 200. The answer names each check and
the type of error, never an address or a message.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

OK = "ok"
NOT_CONFIGURED = "not configured"
BROKER_TIMEOUT = 0.5  # seconds, to connect and to answer


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {name: _outcome(check) for name, check in CHECKS.items()}
    down = [name for name, outcome in checks.items() if outcome not in (OK, NOT_CONFIGURED)]
    body = {"status": "unavailable" if down else "ready", "down": down, "checks": checks}
    return JsonResponse(body, status=503 if down else 200)


def _outcome(check: Callable[[], str]) -> str:
    try:
        return check()
    except Exception as error:  # whatever fails, the answer is "down", never a 500
        return f"down ({type(error).__name__})"


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return OK


def check_cache() -> str:
    ping = getattr(cache, "ping", None)  # Redis: ask the server, not the fallback
    if ping is not None:
        ping()
        return OK
    token = uuid.uuid4().hex
    cache.set("skillgap:readyz", token, timeout=10)
    if cache.get("skillgap:readyz") != token:
        raise LookupError("the cache did not keep a value")
    return OK


def check_broker() -> str:
    url = getattr(settings, "CELERY_BROKER_URL", "")
    if not url:
        return NOT_CONFIGURED
    client = redis.Redis.from_url(
        url, socket_connect_timeout=BROKER_TIMEOUT, socket_timeout=BROKER_TIMEOUT
    )
    try:
        client.ping()
    finally:
        client.close()
    return OK


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
}
