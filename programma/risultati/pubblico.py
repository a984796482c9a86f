"""The public section: what the programme has published, for anyone, without login.

Three kinds of item, one list: published strategic projects (with their Libro Bianco), published
reports, published national documents. The list is one UNION query of the three, filtered,
sorted and paginated in the database, so a page costs the same few queries however many
documents exist. Nothing unpublished is reachable here: every page and file goes through
`pubblicati()`, so an unpublished item is a 404; and every item listed has a file to download
(a report or national document is published only with its file: `DocumentiQuerySet.pubblicati`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import TruncDate
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from programma.activities.files import risposta_allegato, vista_allegato
from programma.activities.lists import TUTTI
from programma.activities.parametri import leggi_intero, pagina_richiesta
from programma.dati_aperti import dato_aperto, licenza
from programma.models import DocumentoNazionale, Indicazione, ProgettoStrategico, Programma, Report, Stampa
from programma.risultati.libro_bianco import MAX_OPERE, con_contenuti
from programma.risultati.pubblicazioni import nome_del_file
from regioni.models import Regione

PER_PAGINA = 25
PER_PAGINA_API = 100
STRATEGICO = "progetto_strategico"

# The types a visitor filters by: one list across the three kinds.
TIPI = [
    (STRATEGICO, _("Progetto territoriale strategico (Libro Bianco)")),
    (DocumentoNazionale.Tipo.ANALISI_DOMANDA_OFFERTA, DocumentoNazionale.Tipo.ANALISI_DOMANDA_OFFERTA.label),
    (Report.Tipo.REPORT_ANALISI, Report.Tipo.REPORT_ANALISI.label),
    (Report.Tipo.LIBRO_BIANCO, _("Libro bianco (file caricato)")),
    (Report.Tipo.PRESENTAZIONE, Report.Tipo.PRESENTAZIONE.label),
    (Report.Tipo.ALTRO, Report.Tipo.ALTRO.label),
]
ETICHETTE_TIPO = dict(TIPI)
COLONNE = ("genere", "pk", "titolo", "data_voce", "tipo_voce", "regione_nome", "regione_slug", "edizione_nome")


class FiltriDocumenti(forms.Form):
    """The public filters. Not a FiltriLista: there is no user to scope by, and three models to filter."""

    regione = forms.ModelChoiceField(
        Regione.objects.all(), to_field_name="slug", required=False, label=_("Regione"), empty_label=_("Tutte le regioni")
    )
    tipo = forms.ChoiceField(choices=[("", TUTTI)] + TIPI, required=False, label=_("Tipo"))
    edizione = forms.ModelChoiceField(
        Programma.objects.all(), required=False, label=_("Edizione"), empty_label=_("Tutte le edizioni")
    )


def _di_progetto(queryset: QuerySet, regione: Regione | None, edizione: Programma | None, **voce: Any) -> QuerySet:
    """The rows of a kind that belongs to a regional project (filtered by its region and edition);
    `voce` annotates the columns that are the kind's own (genere, data_voce, tipo_voce)."""
    if regione:
        queryset = queryset.filter(progetto__regione=regione)
    if edizione:
        queryset = queryset.filter(progetto__programma=edizione)
    return queryset.annotate(
        **voce,
        regione_nome=F("progetto__regione__nome"),
        regione_slug=F("progetto__regione__slug"),
        edizione_nome=F("progetto__programma__nome"),
    ).values_list(*COLONNE)


def _strategici(regione: Regione | None, tipo: str, edizione: Programma | None) -> QuerySet | None:
    if tipo and tipo != STRATEGICO:
        return None
    return _di_progetto(
        ProgettoStrategico.objects.pubblicati(),
        regione,
        edizione,
        genere=Value("strategico", CharField()),
        data_voce=TruncDate("pubblicato_il"),
        tipo_voce=Value(STRATEGICO, CharField()),
    )


def _report(regione: Regione | None, tipo: str, edizione: Programma | None) -> QuerySet | None:
    if tipo and tipo not in Report.Tipo.values:
        return None
    queryset = Report.objects.pubblicati()
    if tipo:
        queryset = queryset.filter(tipo=tipo)
    return _di_progetto(queryset, regione, edizione, genere=Value("report", CharField()), data_voce=F("data"), tipo_voce=F("tipo"))


def _nazionali(regione: Regione | None, tipo: str, edizione: Programma | None) -> QuerySet | None:
    if regione or (tipo and tipo not in DocumentoNazionale.Tipo.values):
        return None  # a national document belongs to no region
    queryset = DocumentoNazionale.objects.pubblicati()
    if tipo:
        queryset = queryset.filter(tipo=tipo)
    if edizione:
        queryset = queryset.filter(programma=edizione)
    return queryset.annotate(
        genere=Value("nazionale", CharField()),
        data_voce=F("data"),
        tipo_voce=F("tipo"),
        regione_nome=Value("", CharField()),
        regione_slug=Value("", CharField()),
        edizione_nome=F("programma__nome"),
    ).values_list(*COLONNE)


def voci_pubblicate(filtri: FiltriDocumenti) -> QuerySet | list:
    """The published items matching the filters: one UNION query, newest first."""
    dati = filtri.cleaned_data if filtri.is_valid() else {}
    argomenti = (dati.get("regione"), dati.get("tipo") or "", dati.get("edizione"))
    parti = [q for q in (_strategici(*argomenti), _report(*argomenti), _nazionali(*argomenti)) if q is not None]
    if not parti:
        return []
    primo, *altri = [q.order_by() for q in parti]
    unione = primo.union(*altri, all=True) if altri else primo
    # Columns by position: the union's rows are tuples in COLONNE's order.
    return unione.order_by("-data_voce", "genere", "-pk")


def _voce(riga: tuple) -> dict[str, Any]:
    """A row of the union as the page and the API read it."""
    voce = dict(zip(COLONNE, riga))
    genere, pk = voce["genere"], voce["pk"]
    pagina = {"strategico": "documenti:strategico", "report": "documenti:report", "nazionale": "documenti:nazionale"}[genere]
    file = {"strategico": "documenti:libro_bianco", "report": "documenti:report_file", "nazionale": "documenti:nazionale_file"}[genere]
    voce.update(
        tipo_etichetta=str(ETICHETTE_TIPO.get(voce["tipo_voce"], voce["tipo_voce"])),
        url=reverse(pagina, args=[pk]),
        url_file=reverse(file, args=[pk]),
    )
    return voce


@require_GET
def lista(request: HttpRequest) -> HttpResponse:
    filtri = FiltriDocumenti(request.GET or None)
    pagina = pagina_richiesta(request, voci_pubblicate(filtri), PER_PAGINA)
    context = {
        "filtri": filtri,
        "page_obj": pagina,
        "object_list": [_voce(riga) for riga in pagina.object_list],
        "edizione_attiva": Programma.objects.attivo(),
    }
    # The national volume is linked once it is printed (the public side never renders one).
    context["volume"] = (
        _stampe_pubbliche().filter(programma=context["edizione_attiva"], genere=Stampa.Genere.VOLUME_NAZIONALE).order_by("-versione").first()
        if context["edizione_attiva"]
        else None
    )
    return render(request, "documenti/lista.html", context)


@require_GET
def api(request: HttpRequest) -> JsonResponse:
    """Open data: the published items, filtered like the page (?regione=<slug>&tipo=&edizione=), 100 a page."""
    filtri = FiltriDocumenti(request.GET or None)
    if request.GET and not filtri.is_valid():
        return dato_aperto(JsonResponse({"errori": filtri.errors}, status=400, json_dumps_params={"ensure_ascii": False}))
    pagina = Paginator(voci_pubblicate(filtri), PER_PAGINA_API).get_page(request.GET.get("pagina"))
    assoluto = request.build_absolute_uri
    documenti = []
    for voce in map(_voce, pagina.object_list):
        documenti.append(
            {
                "genere": voce["genere"],
                "titolo": voce["titolo"],
                "tipo": voce["tipo_voce"],
                "tipo_etichetta": voce["tipo_etichetta"],
                "data": voce["data_voce"].isoformat() if voce["data_voce"] else None,
                "regione": voce["regione_nome"] or None,
                "edizione": voce["edizione_nome"],
                "pagina": assoluto(voce["url"]),
                "file": assoluto(voce["url_file"]),
            }
        )
    corpo = {
        "totale": pagina.paginator.count,
        "pagina": pagina.number,
        "pagine": pagina.paginator.num_pages,
        "documenti": documenti,
        "licenza": licenza(),
    }
    response = JsonResponse(corpo, json_dumps_params={"ensure_ascii": False})
    return dato_aperto(response)


@require_GET
def strategico(request: HttpRequest, pk: int) -> HttpResponse:
    oggetto = get_object_or_404(con_contenuti(ProgettoStrategico.objects.pubblicati()), pk=pk)
    per_tema: dict[str, list[Indicazione]] = {}
    for indicazione in oggetto.indicazioni.all():
        per_tema.setdefault(indicazione.get_tema_display(), []).append(indicazione)
    versioni = list(oggetto.stampe.pubblicate().order_by("-versione"))
    context = {
        "strategico": oggetto,
        "temi": per_tema.items(),
        "versioni": versioni,
        "opere_totali": oggetto.sostegni.count(),
        "massimo_opere": MAX_OPERE,
    }
    return render(request, "documenti/strategico.html", context)


# The latest version of a book may be replaced by a newer one (a few minutes' cache); a numbered
# version never changes (a year, immutable).
CACHE_ULTIMA = "public, max-age=300"
CACHE_VERSIONE = "public, max-age=31536000, immutable"


def _risposta_stampa(request: HttpRequest, stampa: Stampa | None, *, cache: str, allegato: bool = False) -> HttpResponseBase:
    """A stored print, as it is: never a render, not even for the first visitor after a change."""
    if stampa is None or (allegato and not stampa.allegato):
        raise Http404(_("Questo documento non è disponibile."))
    campo, sha = (stampa.allegato, stampa.allegato_sha256) if allegato else (stampa.file, stampa.sha256)
    return risposta_allegato(
        campo, nome=nome_del_file(stampa, allegato=allegato), in_linea=not allegato, request=request, etag=sha, cache=cache
    )


def _stampe_pubbliche() -> QuerySet:
    return Stampa.objects.pubblicate().select_related("programma", "strategico__progetto__regione")


@require_GET
def libro_bianco(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The latest published version of a region's Libro Bianco."""
    stampa = _stampe_pubbliche().filter(strategico__stato=ProgettoStrategico.Stato.PUBBLICATO, strategico=pk).order_by("-versione").first()
    return _risposta_stampa(request, stampa, cache=CACHE_ULTIMA)


@require_GET
def libro_bianco_versione(request: HttpRequest, pk: int, versione: int) -> HttpResponseBase:
    """One published version of a Libro Bianco, reachable for ever at this address."""
    stampa = _stampe_pubbliche().filter(strategico__stato=ProgettoStrategico.Stato.PUBBLICATO, strategico=pk, versione=versione).first()
    return _risposta_stampa(request, stampa, cache=CACHE_VERSIONE)


@require_GET
def libro_bianco_allegato(request: HttpRequest, pk: int, versione: int) -> HttpResponseBase:
    """A published version's annex: the full list of works and tavoli, when the book prints only the first."""
    stampa = _stampe_pubbliche().filter(strategico__stato=ProgettoStrategico.Stato.PUBBLICATO, strategico=pk, versione=versione).first()
    return _risposta_stampa(request, stampa, cache=CACHE_VERSIONE, allegato=True)


def _edizione(request: HttpRequest) -> Programma:
    scelta = request.GET.get("edizione", "")
    numero = leggi_intero(scelta)
    edizione = get_object_or_404(Programma, pk=numero) if numero is not None else Programma.objects.attivo()
    if edizione is None:
        raise Http404(_("Nessuna edizione attiva."))
    return edizione


@require_GET
def volume_nazionale(request: HttpRequest) -> HttpResponseBase:
    """The latest national volume of an edition (?edizione=<id>, the active one by default)."""
    stampa = _stampe_pubbliche().filter(programma=_edizione(request), genere=Stampa.Genere.VOLUME_NAZIONALE).order_by("-versione").first()
    return _risposta_stampa(request, stampa, cache=CACHE_ULTIMA)


@require_GET
def volume_nazionale_versione(request: HttpRequest, edizione: int, versione: int) -> HttpResponseBase:
    stampa = _stampe_pubbliche().filter(programma=edizione, genere=Stampa.Genere.VOLUME_NAZIONALE, versione=versione).first()
    return _risposta_stampa(request, stampa, cache=CACHE_VERSIONE)


@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = Report.objects.pubblicati().select_related("progetto__regione", "progetto__programma")
    oggetto = get_object_or_404(queryset, pk=pk)
    context = {
        "documento": oggetto,
        "regione": oggetto.progetto.regione,
        "edizione": oggetto.progetto.programma,
        "url_file": reverse("documenti:report_file", args=[pk]),
    }
    return render(request, "documenti/documento.html", context)


report_file = vista_allegato(Report.objects.pubblicati(), "file", pubblica=True)


@require_GET
def nazionale(request: HttpRequest, pk: int) -> HttpResponse:
    oggetto = get_object_or_404(DocumentoNazionale.objects.pubblicati().select_related("programma"), pk=pk)
    context = {
        "documento": oggetto,
        "regione": None,
        "edizione": oggetto.programma,
        "url_file": reverse("documenti:nazionale_file", args=[pk]),
    }
    return render(request, "documenti/documento.html", context)


nazionale_file = vista_allegato(DocumentoNazionale.objects.pubblicati(), "file", pubblica=True)
