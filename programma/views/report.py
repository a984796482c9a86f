"""Reports: list, page, forms and the file's download, from the shared activity framework."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from programma.activities.editing import (
    AggiornaMixin,
    DettaglioMixin,
    EliminaMixin,
    NuovoMixin,
)
from programma.activities.lists import DATA, FASE, FILE, REGIONE, STATO, TIPO, TITOLO, ListaMixin
from programma.activities.urls import Pagine
from programma.filters import ReportFilter
from programma.forms import ReportForm
from programma.models import Report


class ReportMixin:
    model = Report
    form_class = ReportForm
    pagine = Pagine(
        "programma", "report_lista", "report_nuovo", "report", "report_modifica", "report_elimina", allegati={"file": "report_file"}
    )
    titolo_nuovo = gettext_lazy("Nuovo report")
    titolo_modifica = gettext_lazy("Modifica report")
    messaggio_salvato = gettext_lazy("Report «%(titolo)s» salvato.")
    collegati = ("progetto__regione", "progetto__programma", "fase")


class ReportListaView(ReportMixin, ListaMixin, ListView):
    filterset_class = ReportFilter
    template_name = "programma/report_lista.html"
    colonne = (
        DATA,
        TITOLO,
        TIPO,
        FASE,
        REGIONE,
        STATO,
        FILE,
    )


class ReportView(ReportMixin, DettaglioMixin, DetailView):
    template_name = "programma/report.html"


class ReportNuovoView(ReportMixin, NuovoMixin, CreateView):
    pass


class ReportModificaView(ReportMixin, AggiornaMixin, UpdateView):
    pass


class ReportEliminaView(ReportMixin, EliminaMixin, DeleteView):
    pass
