"""Priority works: list, page and forms, from the shared activity framework."""

from __future__ import annotations

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from programma.activities.editing import (
    AggiornaMixin,
    DettaglioMixin,
    EliminaMixin,
    NuovoMixin,
)
from programma.activities.lists import STATO, TITOLO, Colonna, ListaMixin, Riepilogo
from programma.activities.urls import Pagine
from programma.filters import OperaFilter
from programma.forms import OperaForm
from programma.models import OperaPrioritaria
from programma.spreadsheets import IMPORTO, INTERO


class OperaMixin:
    model = OperaPrioritaria
    form_class = OperaForm
    context_object_name = "opera"
    pagine = Pagine("programma", "opere", "opera_nuova", "opera", "opera_modifica", "opera_elimina")
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
