"""/healthz: the database, the broker and the age of the counters.

It lives with the counters because it reads them (`stato_per_healthz`): a layer below may not.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from contatori.selectors import stato_per_healthz
from programma.connections import client_redis


def stato_broker() -> dict[str, Any]:
    if not settings.REDIS_URL:
        return {"stato": "eager", "dettaglio": "REDIS_URL non impostata: i task girano nel processo web."}
    try:
        client_redis().ping()
        return {"stato": "ok"}
    except Exception as exc:  # noqa: BLE001 - any failure means the broker is unreachable
        return {"stato": "errore", "dettaglio": type(exc).__name__}


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the database answers; the broker and counters are reported, not required."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database: dict[str, Any] = {"stato": "ok"}
    except Exception as exc:  # noqa: BLE001 - any failure means the database is down
        database = {"stato": "errore", "dettaglio": type(exc).__name__}
    body = {"database": database, "broker": stato_broker()}
    if database["stato"] == "ok":
        body["contatori"] = stato_per_healthz()
    return JsonResponse(body, status=200 if database["stato"] == "ok" else 503)
