"""Tavoli di confronto: list, detail, create, edit, delete and the verbale's download."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from programma.activities.editing import AggiornaMixin, DettaglioMixin, EliminaMixin, NuovoMixin, TipoAttivitaMixin
from programma.activities.lists import DATA, LUOGO, REGIONE, STATO, TITOLO, Colonna, ListaMixin, Riepilogo
from programma.activities.urls import Pagine
from programma.models import OperaPrioritaria
from programma.spreadsheets import INTERO
from tavoli.filters import FiltriTavolo
from tavoli.forms import TavoloForm
from tavoli.models import PARTECIPANTI, Organizzazione, TavoloConfronto


class TavoloMixin(TipoAttivitaMixin):
    model = TavoloConfronto
    form_class = TavoloForm
    pagine = Pagine("tavoli", allegati={"verbale": "verbale"})
    nome = _("tavolo")


class TavoloLista(TavoloMixin, ListaMixin, ListView):
    filterset_class = FiltriTavolo
    template_name = "tavoli/lista.html"
    colonne = (
        DATA,
        TITOLO,
        REGIONE,
        LUOGO,
        Colonna(_("Modalità"), valore="get_modalita_display"),
        STATO,
        Colonna(_("Partecipanti"), "partecipanti", "totale_partecipanti", classe="text-end", valore="totale_partecipanti", formato=INTERO),
        Colonna(_("Organizzazioni"), "organizzazioni", "totale_organizzazioni", classe="text-end", valore="totale_organizzazioni", formato=INTERO),
    )
    riepiloghi = (Riepilogo("partecipanti", _("partecipanti"), Sum(PARTECIPANTI)),)

    def get_queryset(self) -> QuerySet[TavoloConfronto]:
        queryset = super().get_queryset().con_partecipanti()
        if self.ordinamento().lstrip("-") == "organizzazioni":
            # Counting every tavolo's organisations is only worth it to sort by them.
            queryset = queryset.con_organizzazioni()
        return queryset

    def queryset_esportazione(self, queryset: QuerySet[TavoloConfronto]) -> QuerySet[TavoloConfronto]:
        # The page counts the organisations of its own rows; an export counts them in its query.
        return queryset if "totale_organizzazioni" in queryset.query.annotations else queryset.con_organizzazioni()

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


class TavoloDettaglio(TavoloMixin, DettaglioMixin, DetailView):
    template_name = "tavoli/dettaglio.html"

    def get_queryset(self) -> QuerySet[TavoloConfronto]:
        opere = OperaPrioritaria.objects.for_user(self.request.user).order_by("livello_priorita", "codice")
        return super().get_queryset().prefetch_related(
            Prefetch("organizzazioni", queryset=Organizzazione.objects.order_by("categoria", "nome")),
            Prefetch("opere_discusse", queryset=opere),
            Prefetch("opere_emerse", queryset=opere),
        )


class TavoloNuovo(TavoloMixin, NuovoMixin, CreateView):
    pass


class TavoloModifica(TavoloMixin, AggiornaMixin, UpdateView):
    def get_queryset(self) -> QuerySet[TavoloConfronto]:
        return super().get_queryset().prefetch_related("organizzazioni")


class TavoloElimina(TavoloMixin, EliminaMixin, DeleteView):
    pass
