"""One list base for every staff list: scoped, filtered, searchable, sorted on a whitelist, paginated.

A list view declares its columns once (`colonne`): the header, the sort key users may ask for
(`?ordina=key`, `-key` for descending) and the ORM expression it sorts by. Anything else in
`ordina` is ignored, so nobody sorts by an arbitrary (or private) field. The context names are
the same for every list: `filtro`, `colonne`, `totale`, `riepiloghi`, `nazionale`, `puo_creare`,
plus Django's `object_list`, `page_obj`, `paginator`.

A list may also declare summary figures of its filtered rows (`riepiloghi`: participants, amounts, an
average): they come in the same query as the row count, so they cost nothing more, and they are what a
counter's drill-through link is checked against (the counter's number is the list's count or one of these).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import django_filters
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from programma.activities.autocomplete import condizione_ricerca
from programma.activities.editing import TipoMixin
from programma.activities.parametri import PAGINE_MASSIME, ParametroNonValido, parametro_intero, risposta_non_valida
from programma.activities.forms import DataInput
from programma.activities.workflow import StatoDocumento
from programma.models import StatoAttivita
from programma.numbers import numero_italiano
from programma.selectors import edizione_scelta
from regioni.models import Provincia, Regione
from regioni.scoping import ScopedMixin, ambito_di

PER_PAGINA = 25
TUTTI = _("Tutti")
# A BooleanField reads "True"/"False" back from the query string.
SI_NO = ((True, _("Sì")), (False, _("No")))


class StatoDocumentoFilter(django_filters.ChoiceFilter):
    """The state of a report or a national document. "Pubblicato" is the queryset's rule
    (`pubblicati()`: published and with its file), so the list shows exactly what the counters count."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=StatoDocumento.choices, label=_("Stato"), empty_label=TUTTI, **kwargs)

    def filter(self, qs: models.QuerySet, value: Any) -> models.QuerySet:
        if value == StatoDocumento.PUBBLICATO:
            return qs.pubblicati()  # type: ignore[attr-defined]
        return super().filter(qs, value)


class FiltriLista(django_filters.FilterSet):
    """Filters every list has: `q` searches `campi_ricerca`; `regione` is the national roles' switcher.

    The region filter follows the model's own path to its region (`ScopedQuerySet.regione_field`),
    and the provinces offered are those in the user's scope.
    """

    campi_ricerca: tuple[str, ...] = ("titolo",)

    q = django_filters.CharFilter(method="cerca", label=_("Cerca"))
    regione = django_filters.ModelChoiceFilter(
        queryset=Regione.objects.none(), label=_("Regione"), empty_label=_("Tutte le regioni")
    )

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        user = request.user
        if ambito_di(user).nazionale:
            self.filters["regione"].queryset = Regione.objects.for_user(user)
            self.filters["regione"].field_name = self.queryset.regione_field or "pk"
        else:
            # An Operatore's lists are already their region's: no switcher.
            del self.filters["regione"]
        if "provincia" in self.filters:
            self.filters["provincia"].queryset = Provincia.objects.for_user(user)

    def cerca(self, queryset: models.QuerySet, name: str, value: str) -> models.QuerySet:
        """Every word in one of `campi_ricerca`: the same search as the forms' choices."""
        if not value.strip():
            return queryset
        return queryset.filter(condizione_ricerca(self.campi_ricerca, value))


@dataclass(frozen=True)
class Colonna:
    """A column of a list: its header and, when sortable, the `ordina` key and the ORM field it sorts by."""

    etichetta: str
    chiave: str = ""
    campo: str = ""
    solo_nazionale: bool = False  # the region column: national roles see every region
    classe: str = ""  # e.g. "text-end" for numbers


@dataclass(frozen=True)
class Intestazione:
    """A header as the template draws it: the `ordina` value its link sets and its aria-sort."""

    colonna: Colonna
    valore: str = ""
    aria_sort: str = ""

    @property
    def etichetta(self) -> str:
        return self.colonna.etichetta

    @property
    def chiave(self) -> str:
        return self.colonna.chiave

    @property
    def classe(self) -> str:
        return self.colonna.classe


@dataclass(frozen=True)
class Riepilogo:
    """A figure of a list's filtered rows shown beside their count (a sum, an average): key, label, aggregate."""

    chiave: str
    etichetta: str
    aggregato: models.Aggregate
    decimali: int = 0
    unita: str = ""

    def testo(self, valore: Any) -> str:
        testo = numero_italiano(valore or 0, self.decimali)
        return f"{testo} {self.unita}" if self.unita else testo


# The columns most lists share.
DATA = Colonna(_("Data"), "data", "data")
TITOLO = Colonna(_("Titolo"), "titolo", "titolo")
REGIONE = Colonna(_("Regione"), "regione", "progetto__regione__codice_istat", solo_nazionale=True)


class ListaMixin(TipoMixin, ScopedMixin):
    """A scoped ListView with a FilterSet, whitelisted sorting and 25 rows a page.

    The create button links to the kind's `nuovo` page, titled `titolo_nuovo`, when it has one.
    """

    filterset_class: type[FiltriLista]
    colonne: tuple[Colonna, ...] = ()
    riepiloghi: tuple[Riepilogo, ...] = ()
    # An `ordina` value ("-data"), or "" for the model's own ordering.
    ordinamento_predefinito = "-data"
    paginate_by = PER_PAGINA
    template_name = "activities/lista.html"
    ha_nuovo = True
    request: HttpRequest

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        # A page number within bounds (Django's "last" too); beyond the last page is Django's 404.
        if request.GET.get("page", "") != "last":
            try:
                parametro_intero(request, "page", predefinito=1, massimo=PAGINE_MASSIME)
            except ParametroNonValido as errore:
                return risposta_non_valida(request, errore)
        return super().get(request, *args, **kwargs)  # type: ignore[misc]

    def colonne_visibili(self) -> list[Colonna]:
        nazionale = ambito_di(self.request.user).nazionale
        return [c for c in self.colonne if nazionale or not c.solo_nazionale]

    def ordinamenti(self) -> dict[str, str]:
        return {c.chiave: c.campo for c in self.colonne_visibili() if c.chiave}

    def ordinamento(self) -> str:
        richiesto = self.request.GET.get("ordina", "")
        return richiesto if richiesto.lstrip("-") in self.ordinamenti() else self.ordinamento_predefinito

    def get_queryset(self) -> models.QuerySet:
        queryset = super().get_queryset()
        # Every list is for one edition, the one chosen in the header (or a drill-through's ?edizione=),
        # by the model's own rule (`nell_edizione`).
        self.edizione = edizione_scelta(self.request)
        if self.edizione is not None and hasattr(queryset, "nell_edizione"):
            queryset = queryset.nell_edizione(self.edizione)
        self.filterset = self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request)
        # Filters that do not validate are ignored rather than emptying the list.
        queryset = self.filterset.qs
        ordina = self.ordinamento()
        if not ordina:
            return queryset.order_by(*queryset.model._meta.ordering, "-pk")
        campo = self.ordinamenti()[ordina.lstrip("-")]
        espressione = models.F(campo).desc(nulls_last=True) if ordina.startswith("-") else models.F(campo).asc()
        # pk last: a stable order, so pages never repeat or skip rows.
        return queryset.order_by(espressione, "-pk")

    def get_paginator(self, queryset: models.QuerySet, *args: Any, **kwargs: Any) -> Any:
        paginator = super().get_paginator(queryset, *args, **kwargs)  # type: ignore[misc]
        self.valori_riepilogo: dict[str, Any] = {}
        if self.riepiloghi:
            # The count and the figures in one query: the paginator is told the count instead of counting again.
            valori = queryset.aggregate(_totale=models.Count("pk"), **{r.chiave: r.aggregato for r in self.riepiloghi})
            paginator.count = valori.pop("_totale")
            self.valori_riepilogo = valori
        return paginator

    def intestazioni(self) -> list[Intestazione]:
        attuale = self.ordinamento()
        risultato = []
        for colonna in self.colonne_visibili():
            if not colonna.chiave:
                risultato.append(Intestazione(colonna))
            elif attuale == colonna.chiave:
                risultato.append(Intestazione(colonna, valore=f"-{colonna.chiave}", aria_sort="ascending"))
            elif attuale == f"-{colonna.chiave}":
                risultato.append(Intestazione(colonna, valore=colonna.chiave, aria_sort="descending"))
            else:
                risultato.append(Intestazione(colonna, valore=colonna.chiave))
        return risultato

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        ambito = ambito_di(self.request.user)
        paginator = context.get("paginator")
        valori = getattr(self, "valori_riepilogo", {})
        context.update(
            filtro=self.filterset,
            colonne=self.intestazioni(),
            nazionale=ambito.nazionale,
            puo_creare=ambito.puo_registrare,
            totale=paginator.count if paginator else len(context["object_list"]),
            riepiloghi=[
                {"chiave": r.chiave, "etichetta": r.etichetta, "valore": valori.get(r.chiave) or 0, "testo": r.testo(valori.get(r.chiave))}
                for r in self.riepiloghi
            ],
            titolo=self.titolo_lista,
            url_nuovo=self.pagine.url("nuovo") if self.pagine and self.ha_nuovo else "",
            etichetta_nuovo=self.titolo_nuovo,
            edizione=getattr(self, "edizione", None),
        )
        if context["edizione"] is not None and not context["edizione"].attivo:
            # A closed edition is history: nothing is created in it.
            context["puo_creare"] = False
        return context


class FiltriAttivita(FiltriLista):
    """What the activity lists (tavoli, eventi) filter by besides search and region."""

    campi_ricerca = ("titolo", "luogo")

    stato = django_filters.ChoiceFilter(choices=StatoAttivita.choices, label=_("Stato"), empty_label=_("Tutti"))
    provincia = django_filters.ModelChoiceFilter(
        queryset=Provincia.objects.none(), label=_("Provincia"), empty_label=_("Tutte")
    )
    data_dal = django_filters.DateFilter(field_name="data", lookup_expr="gte", label=_("Dal"), widget=DataInput())
    data_al = django_filters.DateFilter(field_name="data", lookup_expr="lte", label=_("Al"), widget=DataInput())
