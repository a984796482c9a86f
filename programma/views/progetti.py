"""Regional projects and their phases: the Operatore's own project, the list, the page, the forms."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Avg, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from programma.activities.editing import (
    AggiornaMixin,
    SalvaMixin,
    edizione_chiusa_di,
    nessun_progetto,
)
from programma.activities.lists import Colonna, ListaMixin, Riepilogo
from programma.activities.parametri import leggi_intero
from programma.activities.urls import Pagine
from programma.filters import FaseFilter, ProgettoFilter
from programma.forms import FaseForm, ProgettoForm
from programma.models import Fase, ProgettoRegionale
from programma.selectors import (
    edizione_scelta,
    progetto_corrente,
    storico_di,
)
from programma.spreadsheets import DATA as FORMATO_DATA
from programma.spreadsheets import IMPORTO, INTERO, PERCENTUALE
from regioni.scoping import Ruolo, ScopedMixin, SoloPerMixin, ambito_di, puo_modificare_oggetto

ULTIMI = 5
PAGINE_PROGETTI = Pagine("programma", "progetti", "progetto_nuovo", "progetto", "progetto_modifica", elimina="")


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


class ProgettoFormMixin(SoloPerMixin, SalvaMixin):
    """A regional project is created and edited by the national roles only."""

    ruoli_ammessi = Ruolo.NAZIONALI
    model = ProgettoRegionale
    form_class = ProgettoForm
    passa_utente = False
    pagine = PAGINE_PROGETTI
    titolo_nuovo = gettext_lazy("Nuovo progetto regionale")
    titolo_modifica = gettext_lazy("Modifica progetto: %(titolo)s")
    # The model's save() creates the four phases with the project.
    messaggio_creato = gettext_lazy("Progetto regionale creato con le quattro fasi.")
    messaggio_salvato = gettext_lazy("Progetto regionale aggiornato.")


class ProgettoNuovoView(ProgettoFormMixin, CreateView):
    pass


class ProgettoModificaView(ProgettoFormMixin, ScopedMixin, UpdateView):
    pass


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
    collegati = ("progetto__regione",)


class FaseModificaView(AggiornaMixin, UpdateView):
    model = Fase
    form_class = FaseForm
    passa_utente = False
    messaggio_salvato = gettext_lazy("Fase aggiornata.")
    collegati = ("progetto__regione",)

    def titolo_pagina(self) -> str:
        return _("Fase %(fase)s — %(regione)s") % {"fase": self.object, "regione": self.object.progetto.regione.nome_breve}

    def get_success_url(self) -> str:
        return self.object.progetto.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["annulla"] = self.get_success_url()
        return context


# --- Reports ---------------------------------------------------------------------------------
