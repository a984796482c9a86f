"""The counter pages: national dashboard, region page, public page, API and exports.

They read snapshot rows only (contatori.selectors); the recount writes them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from contatori import presentation
from contatori.esporta import numero, risposta_csv, risposta_xlsx
from contatori.obiettivi import obiettivi as tutti_gli_obiettivi
from contatori.registry import CONTATORI, PER_CHIAVE
from contatori.selectors import ENTI_IN_CRUSCOTTO, attivita_per_ente, fasi_per_regione, quadro_attuale, serie_storiche, stato_ricalcolo, ultimo_ricalcolo
from contatori.services import avvia_ricalcolo_manuale
from programma.selectors import edizione_scelta
from regioni.models import Regione
from regioni.scoping import Ruolo, ambito_di, solo_per


def _id(quadro: Any) -> int | None:
    return quadro.programma.pk if quadro.programma else None


def _scelto(request: HttpRequest) -> str:
    chiave = request.GET.get("contatore", "")
    return chiave if chiave in PER_CHIAVE else presentation.PREDEFINITO


@solo_per(*Ruolo.NAZIONALI)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    quadro = quadro_attuale(edizione_scelta(request))
    regioni = list(Regione.objects.for_user(request.user))
    fasi = fasi_per_regione(quadro.programma)
    collegamenti = presentation.Collegamenti({rid: f[0].progetto_id for rid, f in fasi.items()}, _id(quadro))
    serie = serie_storiche(quadro.programma, regione_id=None) if quadro.programma else {}
    scelto = _scelto(request)
    obiettivi = tutti_gli_obiettivi(quadro.programma)
    context = {
        "quadro": quadro,
        "contatori": CONTATORI,
        "scelto": scelto,
        "schede": presentation.schede(quadro, serie, collegamenti, None, obiettivi),
        "tabella": presentation.tabella(quadro, regioni, collegamenti, obiettivi),
        "mappa": presentation.dati_mappa(quadro, regioni, scelto, con_link=True),
        "valori_js": presentation.valori_per_js(quadro, regioni),
        "serie_js": presentation.serie_per_js(serie),
        "matrice": presentation.matrice_fasi(regioni, fasi, collegamenti),
        "ricalcolo": ultimo_ricalcolo(),
        "per_ente": attivita_per_ente(quadro.programma, limite=ENTI_IN_CRUSCOTTO),
    }
    return render(request, "contatori/dashboard.html", context)


@login_required
@require_GET
def regione(request: HttpRequest, slug: str) -> HttpResponse:
    # An Operatore reaches only their own region: another is a 404.
    regione = get_object_or_404(Regione.objects.for_user(request.user), slug=slug)
    quadro = quadro_attuale(edizione_scelta(request))
    fasi = fasi_per_regione(quadro.programma).get(regione.pk, [])
    collegamenti = presentation.Collegamenti({regione.pk: fasi[0].progetto_id} if fasi else {}, _id(quadro))
    serie = serie_storiche(quadro.programma, regione_id=regione.pk) if quadro.programma else {}
    obiettivi = tutti_gli_obiettivi(quadro.programma)
    confronto = [
        {
            "contatore": c,
            "regione": presentation.formatta(quadro.valore(c.chiave, regione.pk), c),
            "italia": presentation.formatta(quadro.valore(c.chiave), c),
            "progresso": presentation.progresso_di(quadro, obiettivi, c.chiave, regione.pk),
        }
        for c in CONTATORI
    ]
    context = {
        "regione": regione,
        "quadro": quadro,
        "contatori": CONTATORI,
        "scelto": _scelto(request),
        "schede": presentation.schede(quadro, serie, collegamenti, regione, obiettivi),
        "confronto": confronto,
        "fasi": fasi,
        "url_progetto": collegamenti.url(PER_CHIAVE["fasi_completate"], regione),
        "serie_js": presentation.serie_per_js(serie),
        "nazionale": ambito_di(request.user).nazionale,
        "per_ente": attivita_per_ente(quadro.programma, regione_id=regione.pk),
    }
    return render(request, "contatori/regione.html", context)


@solo_per(*Ruolo.NAZIONALI)
@require_POST
def ricalcola(request: HttpRequest) -> HttpResponse:
    task_id = avvia_ricalcolo_manuale(utente=request.user)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"task": task_id, **stato_ricalcolo(task_id)}, status=202)
    messages.info(request, _("Ricalcolo dei contatori avviato."))
    return redirect("contatori:dashboard")


@solo_per(*Ruolo.NAZIONALI)
@require_GET
@never_cache
def stato(request: HttpRequest) -> JsonResponse:
    return JsonResponse(stato_ricalcolo(request.GET.get("task", "")))


@solo_per(*Ruolo.NAZIONALI)
@require_GET
def esporta(request: HttpRequest, formato: str) -> HttpResponse:
    quadro = quadro_attuale(edizione_scelta(request))
    righe = presentation.righe_esportazione(quadro, list(Regione.objects.for_user(request.user)), tutti_gli_obiettivi(quadro.programma))
    giorno = quadro.giorno.isoformat() if quadro.giorno else "vuoto"
    if formato == "xlsx":
        return risposta_xlsx(righe, f"contatori-{giorno}.xlsx", titolo=_("Contatori"))
    return risposta_csv(righe, f"contatori-{giorno}.csv", per_excel=True)


# --- public: aggregates only, no login -----------------------------------------------------------
# Every region is listed to everyone here (Regione.objects.all(), not for_user): these pages show
# published aggregates, never records, so there is nothing to scope.


@require_GET
def pubblico(request: HttpRequest) -> HttpResponse:
    quadro = quadro_attuale()
    regioni = list(Regione.objects.all())
    scelto = _scelto(request)
    serie = serie_storiche(quadro.programma, regione_id=None) if quadro.programma else {}
    obiettivi = tutti_gli_obiettivi(quadro.programma)
    context = {
        "quadro": quadro,
        "contatori": CONTATORI,
        "scelto": scelto,
        "schede": presentation.schede(quadro, serie, None, None, obiettivi),
        "tabella": presentation.tabella(quadro, regioni, None, obiettivi),
        "mappa": presentation.dati_mappa(quadro, regioni, scelto, con_link=False),
        "valori_js": presentation.valori_per_js(quadro, regioni),
    }
    return render(request, "contatori/pubblico.html", context)


@require_GET
def api(request: HttpRequest) -> JsonResponse:
    quadro = quadro_attuale()
    regioni = list(Regione.objects.all())
    corpo: dict[str, Any] = {
        "programma": quadro.programma.nome if quadro.programma else None,
        "aggiornato_il": timezone.localtime(quadro.aggiornato_il).isoformat() if quadro.aggiornato_il else None,
        "nazionale": {c.chiave: numero(quadro.valore(c.chiave)) for c in CONTATORI},
        "regioni": {
            r.codice_istat: {c.chiave: numero(quadro.valore(c.chiave, r.pk)) for c in CONTATORI} for r in regioni
        },
        "definizioni": {c.chiave: {"etichetta": str(c.etichetta), "unita": str(c.unita)} for c in CONTATORI},
        "obiettivi": _obiettivi_api(tutti_gli_obiettivi(quadro.programma), regioni),
    }
    response = JsonResponse(corpo, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # open data
    return response


@require_GET
def api_csv(request: HttpRequest) -> HttpResponse:
    quadro = quadro_attuale()
    righe = presentation.righe_esportazione(quadro, list(Regione.objects.all()), tutti_gli_obiettivi(quadro.programma))
    return risposta_csv(righe, "contatori.csv")


def _obiettivi_api(obiettivi: dict, regioni: list[Regione]) -> dict[str, Any]:
    """Approved targets only: {"nazionale": {key: number}, "regioni": {codice_istat: {key: number}}} (DESIGN.md)."""
    codici = {r.pk: r.codice_istat for r in regioni}
    corpo: dict[str, Any] = {"nazionale": {}, "regioni": {}}
    for chiave, per in obiettivi.items():
        for regione_id, obiettivo in per.items():
            if obiettivo.valore is None:
                continue
            if regione_id is None:
                corpo["nazionale"][chiave] = numero(obiettivo.valore)
            else:
                corpo["regioni"].setdefault(codici[regione_id], {})[chiave] = numero(obiettivo.valore)
    return corpo
