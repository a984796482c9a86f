from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from programma.health import stato_broker, stato_contatori
from programma.models import Programma


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"programma": Programma.objects.attivo()})


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
        body["contatori"] = stato_contatori()
    return JsonResponse(body, status=200 if database["stato"] == "ok" else 503)
