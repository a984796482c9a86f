"""The programme's public face: the home for visitors and a page per region.

They gather what the apps below publish (the counters' snapshot, the published documents, the
public events to come, the enti of a region), so they live in the top layer. Like the public
counters page they are kept per counter generation (`programma.cache.pagina_pubblica`); every
piece they read is bounded (a few rows each), whatever the amount of data.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from contatori import presentation
from contatori.dati import Dati
from contatori.registry import PER_CHIAVE
from contatori.selectors import fasi_per_regione
from contatori.views.vivo import contesto_vivo
from eventi.models import Evento
from programma.cache import pagina_pubblica
from programma.models import OperaPrioritaria
from programma.risultati.pubblico import FiltriDocumenti, _voce, voci_pubblicate
from programma.views import sito
from regioni.models import Ente, Regione

# The national numbers the home shows first (all of them are one click away, on /contatori/).
CONTATORI_IN_HOME = (
    "regioni_coperte",
    "tavoli_svolti",
    "stakeholder_distinti",
    "opere_individuate",
    "valore_opere",
    "eventi_svolti",
    "imprese_bul_5g",
    "strategici_pubblicati",
)
ULTIMI_DOCUMENTI = 5
PROSSIMI_EVENTI = 5


def documenti_recenti(regione: Regione | None = None, quanti: int = ULTIMI_DOCUMENTI) -> list[dict[str, Any]]:
    """The latest published documents (all, or a region's), as /documenti/ lists them: one query."""
    filtri = FiltriDocumenti({"regione": regione.slug} if regione else None)
    return [_voce(riga) for riga in voci_pubblicate(filtri)[:quanti]]


def eventi_in_programma(regione: Regione | None = None, quanti: int = PROSSIMI_EVENTI) -> list[Evento]:
    eventi = Evento.objects.pubblici().in_programma().select_related("progetto__regione", "provincia")
    if regione is not None:
        eventi = eventi.filter(progetto__regione=regione)
    return list(eventi[:quanti])


def home(request: HttpRequest) -> HttpResponse:
    """Staff keep their role's home; a visitor gets the programme's public home."""
    if request.user.is_authenticated:
        return sito.home(request)
    return home_pubblica(request)


@pagina_pubblica
def home_pubblica(request: HttpRequest) -> HttpResponse:
    d = Dati(request=request)
    regioni = list(Regione.objects.all())
    schede = presentation.schede(d.quadro, {}, None, None, d.obiettivi)
    in_home = {s["contatore"].chiave: s for s in schede}
    context = {
        "quadro": d.quadro,
        "schede": [in_home[chiave] for chiave in CONTATORI_IN_HOME],
        "mappa": presentation.dati_mappa(
            d.quadro, regioni, presentation.PREDEFINITO, pagina_regione="contatori:regione_pubblica", obiettivi=d.obiettivi
        ),
        "contatore_mappa": PER_CHIAVE[presentation.PREDEFINITO],
        "documenti": documenti_recenti(),
        "eventi": eventi_in_programma(),
        **contesto_vivo(request),
    }
    return render(request, "pubblico/home.html", context)


@pagina_pubblica
def regione(request: HttpRequest, slug: str) -> HttpResponse:
    """A region's public page: its counters against its targets, its phases, documents, events and enti."""
    regione = get_object_or_404(Regione, slug=slug)
    d = Dati(regione, request=request)
    enti = list(Ente.objects.filter(regione=regione).order_by("-tipo", "nome"))
    confronto = presentation.confronto_regione(d.quadro, regione, d.obiettivi)
    context = {
        "regione": regione,
        "quadro": d.quadro,
        "confronto": confronto,
        "con_obiettivi": any(riga["progresso"] for riga in confronto),
        "fasi": fasi_per_regione(d.quadro.programma, regione_id=regione.pk).get(regione.pk, []),
        "documenti": documenti_recenti(regione, quanti=10),
        "eventi": eventi_in_programma(regione, quanti=10),
        "unioni": [e for e in enti if e.tipo == Ente.Tipo.UNIONE_REGIONALE],
        "camere": [e for e in enti if e.tipo == Ente.Tipo.CAMERA_COMMERCIO],
        "opere_pubbliche": OperaPrioritaria.objects.pubbliche().filter(regione=regione).count(),
        **contesto_vivo(request),
    }
    return render(request, "pubblico/regione.html", context)
