import json
import logging
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

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


logger_csp = logging.getLogger("programma.csp")
# A browser's report is well under 2 KB; anything bigger is not one, and is not read further.
CSP_REPORT_MAX_BYTE = 16 * 1024
CAMPI_CSP = ("document-uri", "effective-directive", "violated-directive", "blocked-uri", "source-file", "line-number")


@csrf_exempt  # browsers post reports without a CSRF token
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Log what the Content-Security-Policy blocked, as browsers report it (report-uri)."""
    corpo = request.read(CSP_REPORT_MAX_BYTE + 1)
    if len(corpo) > CSP_REPORT_MAX_BYTE:
        return HttpResponse(status=413)
    try:
        rapporto = json.loads(corpo)["csp-report"]  # the report-uri format
        violazione = {campo: str(rapporto.get(campo, ""))[:300] for campo in CAMPI_CSP}
    except (ValueError, KeyError, TypeError, AttributeError):
        return HttpResponse(status=400)
    # %r keeps a hostile report from forging log lines.
    logger_csp.warning("Violazione della Content-Security-Policy: %r", violazione)
    return HttpResponse(status=204)
