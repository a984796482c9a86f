from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from eventi.filters import FiltriEvento
from eventi.forms import EventoForm
from eventi.models import Evento
from programma.scaricamenti import risposta_allegato
from regioni.scoping import ScopedMixin, get_for_user_or_404
from tavoli.viste_attivita import (
    DettaglioAttivitaMixin,
    ElencoAttivitaMixin,
    EliminaAttivitaMixin,
    ModificaAttivitaMixin,
    NuovaAttivitaMixin,
)


class EventoLista(ElencoAttivitaMixin, ScopedMixin, ListView):
    model = Evento
    template_name = "eventi/lista.html"
    filterset_class = FiltriEvento
    ordinamenti = {
        "data": "data",
        "titolo": "titolo",
        "regione": "progetto__regione__nome",
        "tipo": "tipo",
        "fase": "fase__numero",
        "provincia": "provincia__nome",
        "stato": "stato",
        "partecipanti": "n_partecipanti",
        "imprese": "n_imprese",
    }

    def get_queryset(self) -> QuerySet[Evento]:
        return super().get_queryset().select_related("progetto__regione", "provincia", "fase").prefetch_related("temi")

    def colonne_proprie(self) -> list[tuple[str, str]]:
        return [
            (_("Tipo"), "tipo"),
            (_("Fase"), "fase"),
            (_("Luogo"), "provincia"),
            (_("Temi"), ""),
            (_("Stato"), "stato"),
            (_("Partecipanti"), "partecipanti"),
            (_("Imprese"), "imprese"),
        ]


class EventoDettaglio(DettaglioAttivitaMixin, DetailView):
    model = Evento
    template_name = "eventi/dettaglio.html"

    def get_queryset(self) -> QuerySet[Evento]:
        return (
            super()
            .get_queryset()
            .select_related("progetto__regione", "progetto__programma", "provincia", "fase")
            .prefetch_related("temi")
        )


class EventoNuovo(NuovaAttivitaMixin, CreateView):
    model = Evento
    form_class = EventoForm
    template_name = "eventi/form.html"
    messaggio_salvato = _("Evento «%(titolo)s» registrato.")


class EventoModifica(ModificaAttivitaMixin, UpdateView):
    model = Evento
    form_class = EventoForm
    template_name = "eventi/form.html"
    messaggio_salvato = _("Evento «%(titolo)s» aggiornato.")

    def get_queryset(self) -> QuerySet[Evento]:
        return super().get_queryset().select_related("progetto__regione")


class EventoElimina(EliminaAttivitaMixin, DeleteView):
    model = Evento
    template_name = "eventi/elimina.html"
    messaggio_eliminato = _("Evento «%(titolo)s» eliminato.")

    def get_queryset(self) -> QuerySet[Evento]:
        return super().get_queryset().select_related("progetto__regione")


@require_GET
@login_required
def materiali(request: HttpRequest, pk: int) -> FileResponse:
    evento = get_for_user_or_404(Evento.objects, request.user, pk=pk)
    return risposta_allegato(evento.materiali)
