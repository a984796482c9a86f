"""Eventi: list, detail, create, edit, delete and the materials' download."""

from __future__ import annotations

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from eventi.filters import FiltriEvento
from eventi.forms import EventoForm
from eventi.models import Evento
from programma.activities.editing import AggiornaMixin, DettaglioMixin, EliminaMixin, NuovoMixin, TipoAttivitaMixin
from programma.activities.lists import DATA, FASE, LUOGO, REGIONE, STATO, TIPO, TITOLO, Colonna, ListaMixin, Riepilogo
from programma.activities.urls import Pagine
from programma.spreadsheets import INTERO


class EventoMixin(TipoAttivitaMixin):
    model = Evento
    form_class = EventoForm
    pagine = Pagine("eventi", allegati={"materiali": "materiali"})
    collegati = (*TipoAttivitaMixin.collegati, "fase")


class EventoLista(EventoMixin, ListaMixin, ListView):
    filterset_class = FiltriEvento
    template_name = "eventi/lista.html"
    colonne = (
        DATA,
        TITOLO,
        REGIONE,
        TIPO,
        FASE,
        LUOGO,
        Colonna(_("Temi"), valore=lambda evento: ", ".join(t.nome for t in evento.temi.all())),
        STATO,
        Colonna(_("Partecipanti"), "partecipanti", "n_partecipanti", classe="text-end", valore="n_partecipanti", formato=INTERO),
        Colonna(_("Imprese"), "imprese", "n_imprese", classe="text-end", valore="n_imprese", formato=INTERO),
    )
    riepiloghi = (
        Riepilogo("partecipanti", _("partecipanti"), Sum("n_partecipanti")),
        Riepilogo("imprese", _("imprese"), Sum("n_imprese")),
    )

    def get_queryset(self) -> QuerySet[Evento]:
        return super().get_queryset().prefetch_related("temi")


class EventoDettaglio(EventoMixin, DettaglioMixin, DetailView):
    template_name = "eventi/dettaglio.html"

    def get_queryset(self) -> QuerySet[Evento]:
        return super().get_queryset().prefetch_related("temi", "partner_rete", "comuni_informati__provincia")


class EventoNuovo(EventoMixin, NuovoMixin, CreateView):
    pass


class EventoModifica(EventoMixin, AggiornaMixin, UpdateView):
    pass


class EventoElimina(EventoMixin, EliminaMixin, DeleteView):
    pass
