"""The counter pages: national dashboard, region page, public page, API and exports.

They read snapshot rows only (contatori.selectors); the recount writes them. What they show of
the snapshots is cached per generation (contatori.generation) as template fragments and bodies;
what is per user (scope, the recount button, the menu) is rendered around the fragments.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import condition, require_GET, require_POST

from contatori import presentation
from contatori.coda import avvia_ricalcolo_manuale
from contatori.export import numero, risposta_csv, risposta_xlsx
from contatori.generation import etag, generazione_di, in_cache, secondi_in_cache, ultima_modifica
from contatori.obiettivi import obiettivi as tutti_gli_obiettivi
from contatori.registry import CONTATORI, PER_CHIAVE, REGIONALI, Contatore
from contatori.selectors import (
    ENTI_IN_CRUSCOTTO,
    AttivitaEnti,
    Quadro,
    attivita_enti,
    fasi_per_regione,
    freschezza,
    quadro_attuale,
    serie_per_regione,
    serie_storiche,
    stato_ricalcolo,
    ultimo_ricalcolo,
)
from contatori.services import ricalcola_se_modificati
from contatori.views.vivo import contesto_vivo
from programma.cache import pagina_pubblica, parametri
from programma.dati_aperti import con_licenza, licenza
from programma.selectors import edizione_scelta
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


def _id(quadro: Any) -> int | None:
    return quadro.programma.pk if quadro.programma else None


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


class _Dati:
    """The snapshot data behind a page, read on first use: a fragment served from the cache reads none.

    With the request, the snapshot, the targets, the phases, the activity per ente and the series are
    kept per generation (`in_cache`): every counter page of a generation (the dashboard, twenty region
    pages, the public ones, the API) reads them once, not once a page. They are read, never changed,
    by the pages.

    The pages' fragments are kept by `impronta`, a digest of what they draw, not by the generation:
    every save of counted data makes a new generation, but most (a tavolo's summary, a report's text)
    change no number, no target, no phase and no ente's count, and then every fragment stays warm."""

    def __init__(self, regione: Regione | None = None, *, programma: Any = None, request: HttpRequest | None = None) -> None:
        self.regione = regione
        self.programma = programma  # the edition chosen in the header; None: the active one
        self.request = request

    def _per_generazione(self, nome: str, calcola: Callable[[], Any], *, della_regione: bool = False) -> Any:
        if self.request is None:
            return calcola()
        edizione = self.programma.pk if self.programma is not None else ""
        regione = self.regione.pk if della_regione and self.regione is not None else ""
        return in_cache(generazione_di(self.request), f"dati:{edizione}:{regione}:{nome}", calcola)

    @cached_property
    def quadro(self) -> Quadro:
        return self._per_generazione("quadro", lambda: quadro_attuale(self.programma))

    @cached_property
    def obiettivi(self) -> dict[str, dict[int | None, Any]]:
        return self._per_generazione("obiettivi", lambda: tutti_gli_obiettivi(self.quadro.programma))

    @cached_property
    def fasi(self) -> dict[int, list[Any]]:
        return self._per_generazione("fasi", lambda: fasi_per_regione(self.quadro.programma))

    @cached_property
    def attivita(self) -> AttivitaEnti:
        return self._per_generazione("attivita", lambda: attivita_enti(self.quadro.programma))

    @cached_property
    def collegamenti(self) -> presentation.Collegamenti:
        return presentation.Collegamenti(_id(self.quadro))

    @cached_property
    def serie(self) -> dict[str, list]:
        if self.quadro.programma is None:
            return {}
        return self._per_generazione(
            "serie",
            lambda: serie_storiche(self.quadro.programma, regione_id=self.regione.pk if self.regione else None, ultimo=self.quadro.giorno),
            della_regione=True,
        )

    @cached_property
    def impronta(self) -> str:
        """What the counter fragments are kept by: a digest of all they draw, worked out once a generation.

        That is today (targets and phases are judged against it), the edition, the newest day's values
        of every counter in every region (the charts' older days never change: the recount writes only
        today's rows), the targets, the phases, the regions, and the held activities per ente and region
        with those enti. A fragment that draws anything else must add it here."""
        if self.request is None or generazione_di(self.request) is None:
            return ""
        return self._per_generazione("impronta", self._impronta)

    def _impronta(self) -> str:
        q = self.quadro
        parti = (
            timezone.localdate(),
            _campi(q.programma),
            q.giorno,
            sorted((chiave, sorted(per.items(), key=_per_regione)) for chiave, per in q.valori.items()),
            sorted((chiave, sorted(((r, _campi(o)) for r, o in per.items()), key=_per_regione)) for chiave, per in self.obiettivi.items()),
            sorted((r, [_campi(f) for f in fasi]) for r, fasi in self.fasi.items()),
            [_campi(r) for r in Regione.objects.order_by("pk")],
            self.attivita.conteggi,
            sorted(_campi(e) for e in self.attivita.enti.values()),
        )
        return hashlib.blake2b(repr(parti).encode(), digest_size=16).hexdigest()


def _campi(oggetto: Model | None) -> tuple[Any, ...]:
    """A row's stored values, in the order of its fields."""
    return tuple(getattr(oggetto, f.attname) for f in oggetto._meta.concrete_fields) if oggetto is not None else ()


def _per_regione(voce: tuple[int | None, Any]) -> tuple[bool, int]:
    """Italy (None) first, then the regions by id: a sort key for {region id: value} items."""
    return (voce[0] is not None, voce[0] or 0)


def _pigri(**calcoli: Callable[[], Any]) -> dict[str, Callable[[], Any]]:
    """Context values the template computes when (and if) a cache miss renders them: templates
    call a callable variable, and functools.cache makes each one run at most once per request."""
    return {nome: functools.cache(calcolo) for nome, calcolo in calcoli.items()}


def _frammenti(request: HttpRequest, scelto: str, d: _Dati) -> dict[str, Any]:
    """What the templates' {% in_cache %} blocks vary on: the digest of what they draw (`_Dati.impronta`,
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
    d = _Dati(programma=edizione_scelta(request), request=request)
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
    d = _Dati(regione, programma=edizione_scelta(request), request=request)

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
        return risposta_xlsx(righe, f"contatori-{giorno}.xlsx", titolo=_("Contatori"), formati=formati)
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
    d = _Dati(request=request)
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


# The open data: bodies built once per generation, with an ETag and Last-Modified from the same
# generation so that clients and proxies revalidate with a 304 instead of downloading again.


def _corpo_api(d: _Dati) -> bytes:
    quadro = d.quadro
    regioni = list(Regione.objects.all())
    corpo: dict[str, Any] = {
        "programma": quadro.programma.nome if quadro.programma else None,
        "aggiornato_il": timezone.localtime(quadro.aggiornato_il).isoformat() if quadro.aggiornato_il else None,
        "nazionale": {c.chiave: numero(quadro.valore(c.chiave)) for c in CONTATORI},
        "regioni": {
            r.codice_istat: {c.chiave: numero(quadro.valore(c.chiave, r.pk)) for c in CONTATORI} for r in regioni
        },
        "definizioni": {c.chiave: {"etichetta": str(c.etichetta), "unita": str(c.unita)} for c in CONTATORI},
        "obiettivi": _obiettivi_api(d.obiettivi, regioni),
        # Added beside the first keys (docs/INTERFACES.md documents them all): the regions' names, and the licence.
        "nomi_regioni": {r.codice_istat: r.nome for r in regioni},
        "licenza": licenza(),
    }
    return JsonResponse(corpo, json_dumps_params={"ensure_ascii": False}).content


@require_GET
@_contatori_aggiornati  # before the ETag: it may make a new generation
@condition(etag_func=etag, last_modified_func=ultima_modifica)
def api(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(in_cache(generazione_di(request), "api-2.json", lambda: _corpo_api(_Dati(request=request))), content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"  # open data
    return con_licenza(response)


def _csv_api(d: _Dati) -> tuple[bytes, dict[str, str]]:
    righe = presentation.righe_esportazione(d.quadro, list(Regione.objects.all()), d.obiettivi)
    risposta = risposta_csv(righe, "contatori.csv")
    return risposta.content, dict(risposta.headers)


@require_GET
@_contatori_aggiornati
@condition(etag_func=etag, last_modified_func=ultima_modifica)
def api_csv(request: HttpRequest) -> HttpResponse:
    corpo, intestazioni = in_cache(generazione_di(request), "api.csv", lambda: _csv_api(_Dati(request=request)))
    return con_licenza(HttpResponse(corpo, headers=intestazioni))


def _obiettivi_api(obiettivi: dict, regioni: list[Regione]) -> dict[str, Any]:
    """Approved targets only: {"nazionale": {key: number}, "regioni": {codice_istat: {key: number}}} (docs/INTERFACES.md)."""
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
