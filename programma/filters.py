"""Filters of the staff lists: a search box, sortable columns (`ordina`) and the region switcher."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from programma.models import Fase, Modalita, OperaPrioritaria, ProgettoRegionale, Programma, Report
from regioni.models import Provincia, Regione
from regioni.scoping import ambito_di

# The model's BooleanField reads "True"/"False" back from the query string.
SI_NO = ((True, _("Sì")), (False, _("No")))
TUTTI = _("Tutti")


class Ordina(django_filters.OrderingFilter):
    """Sorting by a whitelist of columns; unknown values are ignored (strict=False in the views)."""

    def filter(self, qs: QuerySet, value: list[str] | None) -> QuerySet:
        if not value:
            return qs
        # The primary key breaks ties, so pages never repeat or skip rows.
        return qs.order_by(*[self.get_ordering_value(p) for p in value if p], "pk")


class ListaFilterSet(django_filters.FilterSet):
    """Common to the lists: `q` searches `campi_ricerca`; `regione` is shown to national roles only."""

    campi_ricerca: tuple[str, ...] = ()

    q = django_filters.CharFilter(method="cerca", label=_("Cerca"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ambito = ambito_di(self.request.user if self.request else None)
        if "regione" in self.filters and not ambito.nazionale:
            # An Operatore's lists are already their region's: no switcher.
            del self.filters["regione"]
        if "provincia" in self.filters and self.request:
            self.filters["provincia"].queryset = Provincia.objects.for_user(self.request.user)

    def cerca(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        condizione = Q()
        for campo in self.campi_ricerca:
            condizione |= Q(**{f"{campo}__icontains": value.strip()})
        return qs.filter(condizione)


class ProgettoFilter(ListaFilterSet):
    campi_ricerca = ("titolo", "regione__nome", "ente_capofila__nome")

    edizione = django_filters.ModelChoiceFilter(
        field_name="programma", queryset=Programma.objects.all(), label=_("Edizione"), empty_label=_("Tutte le edizioni")
    )
    regione = django_filters.ModelChoiceFilter(queryset=Regione.objects.all(), label=_("Regione"), empty_label=TUTTI)
    ordina = Ordina(
        fields=(
            ("regione__codice_istat", "regione"),
            ("titolo", "titolo"),
            ("ente_capofila__nome", "capofila"),
            ("budget", "budget"),
            ("n_tavoli", "tavoli"),
            ("n_eventi", "eventi"),
            ("n_report", "report"),
            ("n_opere", "opere"),
        )
    )

    class Meta:
        model = ProgettoRegionale
        fields: list[str] = []


class ReportFilter(ListaFilterSet):
    campi_ricerca = ("titolo", "abstract")

    tipo = django_filters.ChoiceFilter(choices=Report.Tipo.choices, label=_("Tipo"), empty_label=TUTTI)
    fase = django_filters.ChoiceFilter(
        field_name="fase__numero", choices=Fase.Numero.choices, label=_("Fase"), empty_label=TUTTI
    )
    pubblicato = django_filters.ChoiceFilter(choices=SI_NO, label=_("Pubblicato"), empty_label=TUTTI)
    edizione = django_filters.ModelChoiceFilter(
        field_name="progetto__programma", queryset=Programma.objects.all(), label=_("Edizione"), empty_label=TUTTI
    )
    regione = django_filters.ModelChoiceFilter(
        field_name="progetto__regione", queryset=Regione.objects.all(), label=_("Regione"), empty_label=TUTTI
    )
    ordina = Ordina(
        fields=(
            ("data", "data"),
            ("titolo", "titolo"),
            ("tipo", "tipo"),
            ("fase__numero", "fase"),
            ("progetto__regione__codice_istat", "regione"),
            ("pubblicato", "pubblicato"),
        )
    )

    class Meta:
        model = Report
        fields: list[str] = []


class OperaFilter(ListaFilterSet):
    campi_ricerca = ("codice", "titolo", "cup")

    modalita = django_filters.ChoiceFilter(choices=Modalita.choices, label=_("Modalità"), empty_label=TUTTI)
    livello_priorita = django_filters.ChoiceFilter(
        choices=OperaPrioritaria.Priorita.choices, label=_("Priorità"), empty_label=TUTTI
    )
    stato = django_filters.ChoiceFilter(choices=OperaPrioritaria.Stato.choices, label=_("Stato"), empty_label=TUTTI)
    semaforo = django_filters.ChoiceFilter(
        choices=OperaPrioritaria.Semaforo.choices, label=_("Semaforo"), empty_label=TUTTI
    )
    finanziamento_pnrr = django_filters.ChoiceFilter(choices=SI_NO, label=_("PNRR"), empty_label=TUTTI)
    provincia = django_filters.ModelChoiceFilter(
        field_name="province", queryset=Provincia.objects.all(), label=_("Provincia"), empty_label=TUTTI
    )
    regione = django_filters.ModelChoiceFilter(queryset=Regione.objects.all(), label=_("Regione"), empty_label=TUTTI)
    ordina = Ordina(
        fields=(
            ("codice", "codice"),
            ("titolo", "titolo"),
            ("regione__codice_istat", "regione"),
            ("modalita", "modalita"),
            ("livello_priorita", "priorita"),
            ("stato", "stato"),
            ("urgenza_semaforo", "semaforo"),
            ("costo_stimato", "costo"),
            ("data_completamento_prevista", "completamento"),
        )
    )

    class Meta:
        model = OperaPrioritaria
        fields: list[str] = []
