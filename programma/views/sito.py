"""The site's own pages: a staff member's home by role, the CSP's reports, the accessibility
statement and the choice of the edition to browse."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from programma.activities.notifiche import da_fare
from programma.activities.parametri import leggi_intero
from programma.models import Programma
from programma.selectors import (
    SESSIONE_EDIZIONE,
    attivita_senza_esito,
    fasi_da_seguire,
    modifiche_dal,
    progetto_corrente,
    regioni_indietro,
    ultime_modifiche,
)
from regioni.scoping import ambito_di


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The day's shortcuts by role: what awaits the user ("Da fare"), an Operatore's tasks and phases,
    a Coordinatore's changes and laggards."""
    ambito = ambito_di(request.user)
    # What awaits the user's action in the publication workflow (the flows' tables), every role.
    context: dict[str, Any] = {"programma": Programma.objects.attivo(), "da_fare": da_fare(request.user)}
    if ambito.regione is not None and not ambito.nazionale:
        context.update(
            progetto=progetto_corrente(request.user),
            fasi=fasi_da_seguire(request.user),
            ultime_modifiche=ultime_modifiche(request.user),
            senza_esito=attivita_senza_esito(request.user),
        )
    elif ambito.nazionale:
        precedente = parse_datetime(request.session.get("visita_precedente") or "")
        context.update(
            visita_precedente=precedente,
            modifiche=modifiche_dal(request.user, precedente) if precedente else [],
            regioni_indietro=regioni_indietro(request.user),
        )
    return render(request, "home.html", context)


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


@require_GET
def accessibilita(request: HttpRequest) -> HttpResponse:
    """The accessibility statement Italian public bodies publish (AgID model); public."""
    return render(request, "accessibilita.html", {"contatto": settings.ACCESSIBILITA_CONTATTO})


@login_required
@require_POST
def scegli_edizione(request: HttpRequest) -> HttpResponse:
    """The header's edition selector: kept in the session; every list, export and counter page follows it."""
    scelta = request.POST.get("edizione", "")
    numero = leggi_intero(scelta)
    edizione = Programma.objects.filter(pk=numero).first() if numero is not None else None
    if edizione is None or edizione.attivo:
        request.session.pop(SESSIONE_EDIZIONE, None)
    else:
        request.session[SESSIONE_EDIZIONE] = edizione.pk
        messages.info(request, _("Stai consultando l'edizione «%(edizione)s»: è in sola lettura.") % {"edizione": edizione.nome})
    successivo = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(successivo, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        successivo = reverse("home")
    # A drill-through link's own ?edizione= would override the choice just made: drop it.
    return redirect(successivo.split("?")[0])


# --- Regional projects and phases --------------------------------------------------------------
