from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Prefetch, QuerySet
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from programma.models import OperaPrioritaria
from regioni.scoping import ScopedMixin, get_for_user_or_404
from tavoli.filters import FiltriTavolo
from tavoli.forms import TavoloForm
from tavoli.models import Organizzazione, TavoloConfronto
from tavoli.viste_attivita import (
    DettaglioAttivitaMixin,
    ElencoAttivitaMixin,
    EliminaAttivitaMixin,
    ModificaAttivitaMixin,
    NuovaAttivitaMixin,
    risposta_allegato,
)

PARTECIPANTI = F("n_esperti") + F("n_associazioni") + F("n_imprese") + F("n_istituzioni") + F("n_gestori")


class TavoloLista(ElencoAttivitaMixin, ScopedMixin, ListView):
    model = TavoloConfronto
    template_name = "tavoli/lista.html"
    filterset_class = FiltriTavolo
    ordinamenti = {
        "data": "data",
        "titolo": "titolo",
        "regione": "progetto__regione__nome",
        "provincia": "provincia__nome",
        "stato": "stato",
        "partecipanti": "totale_partecipanti",
        "organizzazioni": "totale_organizzazioni",
    }

    def get_queryset(self) -> QuerySet[TavoloConfronto]:
        return (
            super()
            .get_queryset()
            .select_related("progetto__regione", "provincia")
            .annotate(totale_partecipanti=PARTECIPANTI, totale_organizzazioni=Count("organizzazioni", distinct=True))
        )

    def colonne(self) -> list[tuple[str, str]]:
        colonne = [(_("Data"), "data"), (_("Titolo"), "titolo")]
        if self.ambito.nazionale:
            colonne.append((_("Regione"), "regione"))
        return colonne + [
            (_("Luogo"), "provincia"),
            (_("Modalità"), ""),
            (_("Stato"), "stato"),
            (_("Partecipanti"), "partecipanti"),
            (_("Organizzazioni"), "organizzazioni"),
        ]


class TavoloDettaglio(DettaglioAttivitaMixin, DetailView):
    model = TavoloConfronto
    template_name = "tavoli/dettaglio.html"

    def get_queryset(self) -> QuerySet[TavoloConfronto]:
        opere = OperaPrioritaria.objects.for_user(self.request.user).order_by("livello_priorita", "codice")
        return (
            super()
            .get_queryset()
            .select_related("progetto__regione", "progetto__programma", "provincia")
            .prefetch_related(
                Prefetch("organizzazioni", queryset=Organizzazione.objects.order_by("categoria", "nome")),
                Prefetch("opere_discusse", queryset=opere),
                Prefetch("opere_emerse", queryset=opere),
            )
        )


class TavoloNuovo(NuovaAttivitaMixin, CreateView):
    model = TavoloConfronto
    form_class = TavoloForm
    template_name = "tavoli/form.html"
    messaggio_salvato = _("Tavolo «%(titolo)s» registrato.")


class TavoloModifica(ModificaAttivitaMixin, UpdateView):
    model = TavoloConfronto
    form_class = TavoloForm
    template_name = "tavoli/form.html"
    messaggio_salvato = _("Tavolo «%(titolo)s» aggiornato.")

    def get_queryset(self) -> QuerySet[TavoloConfronto]:
        return super().get_queryset().select_related("progetto__regione").prefetch_related("organizzazioni")


class TavoloElimina(EliminaAttivitaMixin, DeleteView):
    model = TavoloConfronto
    template_name = "tavoli/elimina.html"
    messaggio_eliminato = _("Tavolo «%(titolo)s» eliminato.")

    def get_queryset(self) -> QuerySet[TavoloConfronto]:
        return super().get_queryset().select_related("progetto__regione")


@require_GET
@login_required
def verbale(request: HttpRequest, pk: int) -> FileResponse:
    tavolo = get_for_user_or_404(TavoloConfronto.objects, request.user, pk=pk)
    return risposta_allegato(tavolo.verbale)
