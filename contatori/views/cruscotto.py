"""The counter pages: national dashboard, region page, public page, API and exports.

They read snapshot rows only (contatori.selectors); the recount writes them. What they show of
the snapshots is read once per generation (contatori.dati, which the recount prepares) and kept as
template fragments (by a digest of what they draw) and bodies (by generation);
what is per user (scope, the recount button, the menu) is rendered around the fragments.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import condition, require_GET, require_POST

from contatori import presentation
from contatori.coda import avvia_ricalcolo_manuale
from contatori.dati import API_CSV, API_JSON, Dati, corpo_api, corpo_csv
from contatori.generation import etag, generazione_di, in_cache, secondi_in_cache, ultima_modifica
from contatori.obiettivi import obiettivi as tutti_gli_obiettivi
from contatori.registry import CONTATORI, PER_CHIAVE, REGIONALI, Contatore
from contatori.selectors import (
    ENTI_IN_CRUSCOTTO,
    freschezza,
    quadro_attuale,
    serie_per_regione,
    stato_ricalcolo,
    ultimo_ricalcolo,
)
from contatori.services import ricalcola_se_modificati
from contatori.views.vivo import contesto_vivo
from programma.cache import pagina_pubblica, parametri
from programma.dati_aperti import dato_aperto
from programma.selectors import edizione_scelta
from programma.spreadsheets import Foglio, risposta_csv, risposta_xlsx
from regioni.models import Regione
from regioni.scoping import Ruolo, ambito_di, solo_per

logger = logging.getLogger(__name__)


def _contatori_aggiornati(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Without a worker, saves only mark the data changed: recount before a page shows counters.
    (After the login and method checks; anything that caches these pages must run after it.)"""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ricalcola_se_modificati()
        return view(request, *args, **kwargs)

    return wrapper


def _scelto(request: HttpRequest) -> str:
    chiave = request.GET.get("contatore", "")
    return chiave if chiave in PER_CHIAVE else presentation.PREDEFINITO


def _confronto(request: HttpRequest) -> Contatore:
    """The counter the regions are compared on: `?confronto=`, else the chosen one (a count of regions,
    always 0 or 1 in each, compares nothing: then the default)."""
    for chiave in (request.GET.get("confronto", ""), _scelto(request)):
        if chiave in PER_CHIAVE and PER_CHIAVE[chiave].per_regione:
            return PER_CHIAVE[chiave]
    return PER_CHIAVE[presentation.PREDEFINITO]


def _pigri(**calcoli: Callable[[], Any]) -> dict[str, Callable[[], Any]]:
    """Context values the template computes when (and if) a cache miss renders them: templates
    call a callable variable, and functools.cache makes each one run at most once per request."""
    return {nome: functools.cache(calcolo) for nome, calcolo in calcoli.items()}


def _frammenti(request: HttpRequest, scelto: str, d: Dati) -> dict[str, Any]:
    """What the templates' {% in_cache %} blocks vary on: the digest of what they draw (`Dati.impronta`,
    which names the edition), or for the line saying when the counters were made, the snapshot
    generation and the edition shown (staff pages follow the header's choice); and the chosen counter."""
    gen = generazione_di(request)
    chiave = f"{gen.chiave}:{d.programma.pk if d.programma else ''}" if gen else ""
    return {
        "generazione": chiave,
        "cache_secondi": secondi_in_cache(gen),
        "scelto": scelto,
        **_pigri(impronta=lambda: d.impronta),
        **contesto_vivo(request),
    }


@solo_per(*Ruolo.NAZIONALI)
@require_GET
@_contatori_aggiornati
def dashboard(request: HttpRequest) -> HttpResponse:
    # Per user, outside the cached fragments: the regions in scope, the last run, the recount button.
    regioni = list(Regione.objects.for_user(request.user))
    d = Dati(programma=edizione_scelta(request), request=request)
    confronto = _confronto(request)
    in_confronto = functools.cache(lambda: presentation.regioni_in_confronto(d.quadro, regioni, confronto))

    def confronto_js() -> dict[str, Any]:
        if d.quadro.programma is None:
            return {}
        serie = serie_per_regione(d.quadro.programma, confronto.chiave, regioni=[r.pk for r in regioni], ultimo=d.quadro.giorno)
        return presentation.confronto_per_js(in_confronto(), confronto, serie)

    context = {
        **_frammenti(request, _scelto(request), d),
        "confronto": confronto,
        # The regions in scope, as a key of the cached fragments (not `ambito`: the header's role and menu).
        "chiave_regioni": ",".join(str(r.pk) for r in regioni),
        "contatori": CONTATORI,
        "regionali": REGIONALI,
        "gruppi_tabella": presentation.GRUPPI_TABELLA,
        "periodi": presentation.PERIODI,
        **_pigri(
            quadro=lambda: d.quadro,
            schede=lambda: presentation.schede(d.quadro, d.serie, d.collegamenti, None, d.obiettivi),
            tabella=lambda: presentation.tabella(d.quadro, regioni, d.collegamenti, d.obiettivi),
            mappa=lambda: presentation.dati_mappa(
                d.quadro, regioni, _scelto(request), pagina_regione="contatori:regione", obiettivi=d.obiettivi
            ),
            valori_js=lambda: presentation.valori_per_js(d.quadro, regioni, d.obiettivi),
            serie_js=lambda: presentation.serie_per_js(d.serie),
            regioni_confronto=in_confronto,
            confronto_js=confronto_js,
            matrice=lambda: presentation.matrice_fasi(regioni, d.fasi),
            per_ente=lambda: d.attivita.per_ente(limite=ENTI_IN_CRUSCOTTO),
        ),
        "ricalcolo": ultimo_ricalcolo(),
        "freschezza": freschezza(d.quadro.aggiornato_il),
    }
    return render(request, "contatori/dashboard.html", context)


@login_required
@require_GET
@_contatori_aggiornati
def regione(request: HttpRequest, slug: str) -> HttpResponse:
    # An Operatore reaches only their own region: another is a 404.
    regione = get_object_or_404(Regione.objects.for_user(request.user), slug=slug)
    d = Dati(regione, programma=edizione_scelta(request), request=request)

    def fasi() -> list[Any]:
        return d.fasi.get(regione.pk, [])

    context = {
        **_frammenti(request, _scelto(request), d),
        "regione": regione,
        "contatori": CONTATORI,
        "periodi": presentation.PERIODI,
        **_pigri(
            quadro=lambda: d.quadro,
            schede=lambda: presentation.schede(d.quadro, d.serie, d.collegamenti, regione, d.obiettivi),
            confronto=lambda: presentation.confronto_regione(d.quadro, regione, d.obiettivi),
            fasi=fasi,
            url_progetto=lambda: reverse("programma:progetto", args=[fasi()[0].progetto_id]) if fasi() else None,
            serie_js=lambda: presentation.serie_per_js(d.serie),
            per_ente=lambda: d.attivita.per_ente(regione_id=regione.pk),
        ),
        "nazionale": ambito_di(request.user).nazionale,
    }
    return render(request, "contatori/regione.html", context)


@solo_per(*Ruolo.NAZIONALI)
@require_POST
def ricalcola(request: HttpRequest) -> HttpResponse:
    json = request.headers.get("Accept", "").startswith("application/json")
    try:
        task_id = avvia_ricalcolo_manuale(utente=request.user)
    except Exception:
        logger.warning("Ricalcolo manuale non accodato", exc_info=True)
        messaggio = _("Impossibile avviare il ricalcolo: il servizio delle code non risponde. Riprovare tra qualche minuto.")
        if json:
            return JsonResponse({"stato": "errore", "messaggio": messaggio}, status=503)
        messages.error(request, messaggio)
        return redirect("contatori:dashboard")
    if json:
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
@_contatori_aggiornati
def esporta(request: HttpRequest, formato: str) -> HttpResponse:
    quadro = quadro_attuale(edizione_scelta(request))
    obiettivi = tutti_gli_obiettivi(quadro.programma)
    righe = presentation.righe_esportazione(quadro, list(Regione.objects.for_user(request.user)), obiettivi)
    giorno = quadro.giorno.isoformat() if quadro.giorno else "vuoto"
    if formato == "xlsx":
        formati = [f for _intestazione, f in presentation.colonne_esportazione(obiettivi)]
        return risposta_xlsx([Foglio(_("Contatori"), righe, formati)], f"contatori-{giorno}.xlsx")
    return risposta_csv(righe, f"contatori-{giorno}.csv", per_excel=True)


# --- public: aggregates only, no login -----------------------------------------------------------
# Every region is listed to everyone here (Regione.objects.all(), not for_user): these pages show
# published aggregates, never records, so there is nothing to scope.


@pagina_pubblica(variante=parametri(contatore=PER_CHIAVE))
def pubblico(request: HttpRequest) -> HttpResponse:
    # A visitor without a session or a pending message shares one body per generation (a press-release
    # burst costs one query a request); pagina_pubblica recounts first when no worker does.
    return _pagina_pubblica(request, _scelto(request))


def _pagina_pubblica(request: HttpRequest, scelto: str) -> HttpResponse:
    d = Dati(request=request)
    regioni = functools.cache(lambda: list(Regione.objects.all()))
    context = {
        **_frammenti(request, scelto, d),
        "contatori": CONTATORI,
        "regionali": REGIONALI,
        "gruppi_tabella": presentation.GRUPPI_TABELLA,
        **_pigri(
            quadro=lambda: d.quadro,
            schede=lambda: presentation.schede(d.quadro, d.serie, None, None, d.obiettivi),
            tabella=lambda: presentation.tabella(d.quadro, regioni(), None, d.obiettivi),
            mappa=lambda: presentation.dati_mappa(
                d.quadro, regioni(), scelto, pagina_regione="contatori:regione_pubblica", obiettivi=d.obiettivi
            ),
            valori_js=lambda: presentation.valori_per_js(d.quadro, regioni(), d.obiettivi),
        ),
    }
    return render(request, "contatori/pubblico.html", context)


@require_GET
@_contatori_aggiornati  # before the ETag: it may make a new generation
@condition(etag_func=etag, last_modified_func=ultima_modifica)
def api(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(in_cache(generazione_di(request), API_JSON, lambda: corpo_api(Dati(request=request))), content_type="application/json")
    return dato_aperto(response)


@require_GET
@_contatori_aggiornati
@condition(etag_func=etag, last_modified_func=ultima_modifica)
def api_csv(request: HttpRequest) -> HttpResponse:
    corpo, intestazioni = in_cache(generazione_di(request), API_CSV, lambda: corpo_csv(Dati(request=request)))
    return dato_aperto(HttpResponse(corpo, headers=intestazioni))


