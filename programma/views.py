"""The programme's pages: home, regional projects and phases, reports, works, editions.

Lists, forms and downloads are built from the shared activity framework (`programma.activities`);
access follows the one policy of `regioni.scoping`.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Avg, Count, QuerySet, Sum
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import CreateView, DeleteView, DetailView, FormView, ListView, UpdateView

from programma.activities.editing import (
    AggiornaMixin,
    DettaglioMixin,
    EliminaMixin,
    NuovoMixin,
    SalvaMixin,
    edizione_chiusa_di,
    nessun_progetto,
)
from programma.activities.files import risposta_allegato
from programma.activities.lists import DATA, REGIONE, STATO, TITOLO, Colonna, ListaMixin, Riepilogo
from programma.activities.notifiche import da_fare
from programma.activities.parametri import leggi_intero
from programma.activities.urls import Pagine
from programma.filters import FaseFilter, OperaFilter, ProgettoFilter, ReportFilter
from programma.forms import AvviaEdizioneForm, EdizioneForm, FaseForm, OperaForm, ProgettoForm, ReportForm
from programma.models import Fase, OperaPrioritaria, ProgettoRegionale, Programma, Report
from programma.selectors import (
    SESSIONE_EDIZIONE,
    attivita_senza_esito,
    edizione_attiva,
    edizione_scelta,
    fasi_da_seguire,
    modifiche_dal,
    progetto_corrente,
    regioni_indietro,
    storico_di,
    ultime_modifiche,
)
from programma.services import EdizioneNonAvviabile, avvia_edizione
from programma.spreadsheets import DATA as FORMATO_DATA
from programma.spreadsheets import IMPORTO, INTERO, PERCENTUALE
from regioni.scoping import Ruolo, ScopedMixin, SoloPerMixin, ambito_di, get_for_user_or_404, puo_modificare_oggetto

ULTIMI = 5
PAGINE_PROGETTI = Pagine("programma", lista="progetti")


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


@login_required
@require_GET
def mio_progetto(request: HttpRequest) -> HttpResponse:
    """The Operatore's project; national roles go to the list, or to the region they picked."""
    ambito = ambito_di(request.user)
    if ambito.nazionale:
        regione = leggi_intero(request.GET.get("regione", ""))
        if regione is None:
            return redirect("programma:progetti")
        progetti = ProgettoRegionale.objects.for_user(request.user).filter(regione=regione)
        return redirect(get_object_or_404(progetti.nell_edizione(edizione_scelta(request))))
    progetto = progetto_corrente(request.user)
    if progetto is None:
        return nessun_progetto(request)
    return redirect(progetto)


def sintesi_fase(fase: Fase) -> str:
    """A phase in a project's row of an export: "1: In corso, 40%"."""
    return f"{fase.numero}: {fase.etichetta_stato}, {fase.avanzamento}%"


class ProgettiView(ListaMixin, ListView):
    model = ProgettoRegionale
    filterset_class = ProgettoFilter
    template_name = "programma/progetti.html"
    pagine = PAGINE_PROGETTI
    titolo_lista = gettext_lazy("Progetti regionali")
    ha_nuovo = False  # the template has its own buttons, for national roles only
    ordinamento_predefinito = ""
    colonne = (
        Colonna(gettext_lazy("Regione"), "regione", "regione__codice_istat", valore="regione.nome_breve"),
        Colonna(gettext_lazy("Progetto"), "titolo", "titolo", valore="titolo"),
        Colonna(gettext_lazy("Ente capofila"), "capofila", "ente_capofila__nome", valore="ente_capofila.nome"),
        Colonna(gettext_lazy("Budget"), "budget", "budget", classe="text-end", valore="budget", formato=IMPORTO),
        Colonna(gettext_lazy("Fasi"), valore=lambda progetto: "; ".join(map(sintesi_fase, progetto.fasi.all()))),
        Colonna(gettext_lazy("Progetto strategico"), "strategico", "strategico__stato", valore="strategico.get_stato_display"),
        Colonna(gettext_lazy("Tavoli"), "tavoli", "n_tavoli", classe="text-end", valore="n_tavoli", formato=INTERO),
        Colonna(gettext_lazy("Eventi"), "eventi", "n_eventi", classe="text-end", valore="n_eventi", formato=INTERO),
        Colonna(gettext_lazy("Report"), "report", "n_report", classe="text-end", valore="n_report", formato=INTERO),
        Colonna(gettext_lazy("Opere"), "opere", "n_opere", classe="text-end", valore="n_opere", formato=INTERO),
    )

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset().select_related("programma", "regione", "ente_capofila", "strategico")
        return queryset.con_conteggi().prefetch_related("fasi")


class ProgettoView(ScopedMixin, DetailView):
    model = ProgettoRegionale
    template_name = "programma/progetto.html"
    context_object_name = "progetto"

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset().select_related("programma", "regione", "ente_capofila")
        return queryset.con_conteggi().prefetch_related("enti_partecipanti", "fasi")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        progetto: ProgettoRegionale = self.object
        edizione_chiusa = edizione_chiusa_di(progetto)
        chiusa = edizione_chiusa is not None
        # The project is in the user's scope, and so is everything that belongs to it.
        fasi = list(progetto.fasi.all())
        context.update(
            edizione_chiusa=edizione_chiusa,
            fasi=fasi,
            # Phases record no ente: the region's writers (not a Camera's Operatore) edit them; a closed
            # edition's project and phases are history: no edit buttons.
            puo_modificare=bool(fasi) and puo_modificare_oggetto(self.request.user, fasi[0]) and not chiusa,
            puo_modificare_progetto=self.ambito.nazionale and not chiusa,
            tavoli=progetto.tavoli.all()[:ULTIMI],
            # Held ones (the counters' rule) and, apart, the ones to come: a planned event is not "last".
            eventi=progetto.eventi.svolti()[:ULTIMI],
            prossimi_eventi=progetto.eventi.in_programma()[:ULTIMI],
            report=progetto.report.select_related("fase")[:ULTIMI],
            opere=progetto.opere.all()[:ULTIMI],
        )
        if self.ambito.nazionale:
            stessa_edizione = ProgettoRegionale.objects.for_user(self.request.user).filter(programma=progetto.programma_id)
            context["altri_progetti"] = stessa_edizione.select_related("regione")
            context["storico"] = storico_di(progetto)
        return context


class ProgettoNuovoView(SoloPerMixin, SalvaMixin, CreateView):
    ruoli_ammessi = Ruolo.NAZIONALI
    model = ProgettoRegionale
    form_class = ProgettoForm
    passa_utente = False
    titolo_nuovo = gettext_lazy("Nuovo progetto regionale")
    pagine = PAGINE_PROGETTI
    titolo_lista = gettext_lazy("Progetti regionali")
    # The model's save() creates the four phases with the project.
    messaggio_salvato = gettext_lazy("Progetto regionale creato con le quattro fasi.")


class ProgettoModificaView(SoloPerMixin, SalvaMixin, ScopedMixin, UpdateView):
    ruoli_ammessi = Ruolo.NAZIONALI
    model = ProgettoRegionale
    form_class = ProgettoForm
    passa_utente = False
    titolo_modifica = gettext_lazy("Modifica progetto: %(titolo)s")
    pagine = PAGINE_PROGETTI
    titolo_lista = gettext_lazy("Progetti regionali")
    messaggio_salvato = gettext_lazy("Progetto regionale aggiornato.")


class FasiView(ListaMixin, ListView):
    """Every phase in scope: what the phase counters count (completed, late) opens here."""

    model = Fase
    filterset_class = FaseFilter
    template_name = "programma/fasi.html"
    pagine = Pagine("programma", lista="fasi")
    titolo_lista = gettext_lazy("Fasi dei progetti regionali")
    ha_nuovo = False
    ordinamento_predefinito = ""
    colonne = (
        Colonna(gettext_lazy("Regione"), "regione", "progetto__regione__codice_istat", valore="progetto.regione.nome_breve"),
        Colonna(gettext_lazy("Fase"), "fase", "numero", valore=str),
        Colonna(gettext_lazy("Stato"), "stato", "stato", valore="etichetta_stato"),
        Colonna(gettext_lazy("Avanzamento"), "avanzamento", "avanzamento", classe="text-end", valore="avanzamento", formato=PERCENTUALE),
        Colonna(gettext_lazy("Fine prevista"), "fine", "data_fine_prevista", valore="data_fine_prevista", formato=FORMATO_DATA),
    )
    riepiloghi = (Riepilogo("avanzamento_medio", gettext_lazy("di avanzamento medio"), Avg("avanzamento"), decimali=1, unita="%"),)

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("progetto__regione")


class FaseModificaView(AggiornaMixin, UpdateView):
    model = Fase
    form_class = FaseForm
    passa_utente = False
    messaggio_salvato = gettext_lazy("Fase aggiornata.")

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("progetto__regione")

    def titolo_pagina(self) -> str:
        return _("Fase %(fase)s — %(regione)s") % {"fase": self.object, "regione": self.object.progetto.regione.nome_breve}

    def get_success_url(self) -> str:
        return self.object.progetto.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["annulla"] = self.get_success_url()
        return context


# --- Reports ---------------------------------------------------------------------------------


class ReportMixin:
    model = Report
    form_class = ReportForm
    pagine = Pagine("programma", "report_lista", "report_nuovo", "report", "report_modifica", "report_elimina")
    pagine_file = {"file": "programma:report_file"}
    titolo_lista = gettext_lazy("Report")
    titolo_nuovo = gettext_lazy("Nuovo report")
    titolo_modifica = gettext_lazy("Modifica report")
    messaggio_salvato = gettext_lazy("Report «%(titolo)s» salvato.")

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("progetto__regione", "progetto__programma", "fase")  # type: ignore[misc]


class ReportListaView(ReportMixin, ListaMixin, ListView):
    filterset_class = ReportFilter
    template_name = "programma/report_lista.html"
    colonne = (
        DATA,
        TITOLO,
        Colonna(gettext_lazy("Tipo"), "tipo", "tipo", valore="get_tipo_display"),
        Colonna(gettext_lazy("Fase"), "fase", "fase__numero", valore="fase.numero", formato=INTERO),
        REGIONE,
        STATO,
        Colonna(gettext_lazy("File"), valore=lambda report: bool(report.file)),
    )


class ReportView(ReportMixin, DettaglioMixin, DetailView):
    template_name = "programma/report.html"


class ReportNuovoView(ReportMixin, NuovoMixin, CreateView):
    pass


class ReportModificaView(ReportMixin, AggiornaMixin, UpdateView):
    pass


class ReportEliminaView(ReportMixin, EliminaMixin, DeleteView):
    pass


@login_required
@require_GET
def report_file(request: HttpRequest, pk: int) -> FileResponse:
    """Whoever may see the report may download its file."""
    return risposta_allegato(get_for_user_or_404(Report.objects, request.user, pk=pk).file)


# --- Priority works --------------------------------------------------------------------------


class OperaMixin:
    model = OperaPrioritaria
    form_class = OperaForm
    context_object_name = "opera"
    pagine = Pagine("programma", "opere", "opera_nuova", "opera", "opera_modifica", "opera_elimina")
    titolo_lista = gettext_lazy("Opere prioritarie")
    titolo_nuovo = gettext_lazy("Nuova opera prioritaria")
    titolo_modifica = gettext_lazy("Modifica opera %(titolo)s")
    messaggio_salvato = gettext_lazy("Opera prioritaria «%(titolo)s» salvata.")


class OpereView(OperaMixin, ListaMixin, ListView):
    filterset_class = OperaFilter
    template_name = "programma/opere.html"
    context_object_name = None
    ordinamento_predefinito = ""
    colonne = (
        Colonna(gettext_lazy("Codice"), "codice", "codice", valore="codice"),
        TITOLO,
        Colonna(gettext_lazy("Regione"), "regione", "regione__codice_istat", solo_nazionale=True, valore="regione.nome_breve"),
        Colonna(gettext_lazy("Province"), valore=lambda opera: " ".join(p.sigla for p in opera.province.all())),
        Colonna(gettext_lazy("Modalità"), "modalita", "modalita", valore="get_modalita_display"),
        Colonna(gettext_lazy("Priorità"), "priorita", "livello_priorita", valore="livello_priorita", formato=INTERO),
        STATO,
        # By urgency (rosso, giallo, verde), not alphabetically.
        Colonna(gettext_lazy("Semaforo"), "semaforo", "urgenza_semaforo", valore="get_semaforo_display"),
        Colonna(gettext_lazy("Costo stimato"), "costo", "costo_stimato", classe="text-end", valore="costo_stimato", formato=IMPORTO),
        Colonna(gettext_lazy("PNRR"), valore="finanziamento_pnrr"),
    )
    riepiloghi = (Riepilogo("valore", gettext_lazy("di costo stimato"), Sum("costo_stimato"), decimali=2, unita="€"),)

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset().select_related("regione").prefetch_related("province")
        return queryset.con_urgenza()


class OperaView(OperaMixin, DettaglioMixin, DetailView):
    template_name = "programma/opera.html"

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset().select_related("regione", "progetto__programma", "programma", "tavolo", "ente")
        return queryset.prefetch_related("province")


class OperaNuovaView(OperaMixin, NuovoMixin, CreateView):
    def nuova_istanza(self) -> OperaPrioritaria:
        return OperaPrioritaria(regione=self.progetto.regione, progetto=self.progetto)


class OperaModificaView(OperaMixin, AggiornaMixin, UpdateView):
    def titolo_pagina(self) -> str:
        return _("Modifica opera %s") % self.object.codice


class OperaEliminaView(OperaMixin, EliminaMixin, DeleteView):
    pass


# --- Editions: national roles ----------------------------------------------------------------


class EdizioniView(SoloPerMixin, ListView):
    ruoli_ammessi = Ruolo.NAZIONALI
    model = Programma
    template_name = "programma/edizioni.html"
    context_object_name = "edizioni"

    def get_queryset(self) -> QuerySet:
        return Programma.objects.annotate(n_progetti=Count("progetti"))


class EdizioneMixin(SoloPerMixin, SalvaMixin):
    ruoli_ammessi = Ruolo.NAZIONALI
    di_edizione = False  # an edition is set up whichever one the header shows
    model = Programma
    form_class = EdizioneForm
    passa_utente = False
    pagine = Pagine("programma", lista="edizioni")
    titolo_lista = gettext_lazy("Edizioni")
    titolo_nuovo = gettext_lazy("Nuova edizione del programma")
    titolo_modifica = gettext_lazy("Modifica edizione")
    messaggio_salvato = gettext_lazy("Edizione «%(titolo)s» salvata.")

    def get_success_url(self) -> str:
        return self.url_lista()


class EdizioneNuovaView(EdizioneMixin, CreateView):
    pass


class EdizioneAvviaView(SoloPerMixin, FormView):
    """Start a new edition: copy the active edition's regional projects (phases reset) and, if asked, its open works."""

    ruoli_ammessi = Ruolo.NAZIONALI
    form_class = AvviaEdizioneForm
    template_name = "programma/avvia_edizione.html"

    def get_form(self, form_class: Any = None) -> AvviaEdizioneForm:
        # After the login and role checks (SoloPerMixin.dispatch): the object comes last.
        self.edizione = get_object_or_404(Programma, pk=self.kwargs["pk"])
        self.da = edizione_attiva()
        return super().get_form(form_class)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(edizione=self.edizione, da=self.da, titolo_lista=_("Edizioni"), url_lista=reverse("programma:edizioni"))
        if self.da is not None:
            context["n_progetti"] = self.da.progetti.count()
            context["n_opere_aperte"] = OperaPrioritaria.objects.nell_edizione(self.da).aperte().count()
        return context

    def form_valid(self, form: AvviaEdizioneForm) -> HttpResponse:
        if self.da is None:
            messages.error(self.request, _("Non c'è un'edizione attiva da cui partire."))
            return redirect("programma:edizioni")
        try:
            avvio = avvia_edizione(self.edizione, da=self.da, porta_opere=form.cleaned_data["porta_opere"])
        except EdizioneNonAvviabile as exc:
            messages.error(self.request, str(exc))
            return redirect("programma:edizioni")
        self.request.session.pop(SESSIONE_EDIZIONE, None)
        messages.success(
            self.request,
            _("Edizione «%(edizione)s» avviata: %(progetti)d progetti regionali e %(opere)d opere riportate. L'edizione «%(da)s» è ora in sola lettura.")
            % {"edizione": self.edizione.nome, "progetti": avvio.progetti, "opere": avvio.opere, "da": self.da.nome},
        )
        return redirect("programma:edizioni")


class EdizioneModificaView(EdizioneMixin, UpdateView):
    pass
