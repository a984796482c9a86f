from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from programma.models import OperaPrioritaria
from programma.scaricamenti import risposta_allegato
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
)

def conta_organizzazioni() -> Subquery:
    through = TavoloConfronto.organizzazioni.through.objects.filter(tavoloconfronto_id=OuterRef("pk"))
    conteggio = Subquery(
        through.values("tavoloconfronto_id").annotate(n=Count("organizzazione_id")).values("n")[:1],
        output_field=IntegerField(),
    )
    return Coalesce(conteggio, 0)


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
        queryset = super().get_queryset().select_related("progetto__regione", "provincia").annotate(
            totale_partecipanti=PARTECIPANTI
        )
        if self.ordinamento().lstrip("-") == "organizzazioni":
            # Counting every tavolo's organisations is only worth it to sort by them.
            queryset = queryset.annotate(totale_organizzazioni=conta_organizzazioni())
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tavoli = [t for t in context["object_list"] if not hasattr(t, "totale_organizzazioni")]
        # One grouped query for the rows of this page only, whatever the total.
        conteggi = dict(
            TavoloConfronto.organizzazioni.through.objects.filter(tavoloconfronto_id__in=[t.pk for t in tavoli])
            .values_list("tavoloconfronto_id")
            .annotate(n=Count("organizzazione_id"))
        )
        for tavolo in tavoli:
            tavolo.totale_organizzazioni = conteggi.get(tavolo.pk, 0)
        return context

    def colonne_proprie(self) -> list[tuple[str, str]]:
        return [
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
