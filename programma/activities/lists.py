"""One list base for every staff list: scoped, filtered, searchable, sorted on a whitelist, paginated.

A list view declares its columns once (`colonne`): the header, the sort key users may ask for
(`?ordina=key`, `-key` for descending) and the ORM expression it sorts by. Anything else in
`ordina` is ignored, so nobody sorts by an arbitrary (or private) field. The context names are
the same for every list: `filtro`, `colonne`, `totale`, `riepiloghi`, `nazionale`, `puo_creare`,
plus Django's `object_list`, `page_obj`, `paginator`.

A list may also declare summary figures of its filtered rows (`riepiloghi`: participants, amounts, an
average): they come in the same query as the row count, so they cost nothing more, and they are what a
counter's drill-through link is checked against (the counter's number is the list's count or one of these).

Every list exports what it shows: `?formato=csv` (Italian Excel: semicolons, decimal comma, BOM) or
`?formato=xlsx` (a formatted sheet), with the list's own scope, filters and order, every row of them
(not a page). The columns are the list's own (`Colonna.valore` says what a cell holds, `formato` its
number format in the XLSX); the file says above the table which list, edition, region, filters and
order it is, and when it was made. The rows are read in chunks of `BLOCCO_ESPORTAZIONE` and written as
they come (programma.spreadsheets), so neither the queries per chunk nor the memory grow with the rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any

import django_filters
from django import forms
from django.contrib import messages
from django.core.cache import caches
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from programma.activities.autocomplete import condizione_ricerca
from programma.activities.editing import TipoMixin
from programma.activities.forms import DataInput
from programma.activities.parametri import PAGINA, PAGINE_MASSIME, ParametroNonValido, parametro_intero, risposta_non_valida
from programma.activities.workflow import StatoDocumento
from programma.models import StatoAttivita
from programma.numbers import data_breve, numero_italiano
from programma.selectors import edizione_scelta
from programma.spreadsheets import DATA as FORMATO_DATA
from programma.spreadsheets import FORMATI, INTERO, Foglio, risposta_csv_excel, risposta_xlsx
from regioni.models import Ente, Provincia, Regione
from regioni.scoping import ScopedMixin, ambito_di

PER_PAGINA = 25
_ETICHETTA = re.compile(r"get_(\w+)_display")
# Rows an export reads at a time (and the prefetches of each chunk): its queries grow by one per
# prefetch every this many rows, its memory not at all.
BLOCCO_ESPORTAZIONE = 2000
# The empty choice of a filter, agreeing with its label: TUTTI for a masculine one (Tipo, Stato, Tema),
# TUTTE for a feminine one (Fase, Modalità, Priorità, Provincia, Edizione).
TUTTI = _("Tutti")
TUTTE = _("Tutte")
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


class SiNoFilter(django_filters.ChoiceFilter):
    """A yes/no question answered by a rule of the queryset (the counters' own): "Sì" keeps the rows
    `regola(queryset)` returns, "No" all the others."""

    def __init__(self, regola: Callable[[models.QuerySet], models.QuerySet], **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", TUTTI)
        super().__init__(choices=SI_NO, **kwargs)
        self.regola = regola

    def filter(self, qs: models.QuerySet, value: Any) -> models.QuerySet:
        if value in EMPTY_VALUES:
            return qs
        scelti = self.regola(qs)
        return scelti if value in (True, "True") else qs.exclude(pk__in=scelti.values("pk"))


# --- the filters' form, kept ---------------------------------------------------------------------
# Drawing a list's filters (crispy's fields, a template for every <option>) was a third of a list
# page's time. The form of a list opened without filters (a page number or an order aside) is the
# same for the same list, scope, edition and language, and its choices are reference data (regions,
# provinces, enti, themes, editions): it is kept FILTRI_SECONDI (`{% in_cache %}` in
# includes/filtri.html, key `ListaMixin.chiave_filtri`), and forgotten at once when a row of those
# models is saved or deleted (`dimentica_filtri`, connected in programma/apps.py); a change made
# outside the web processes (a command) shows within the minute. A filtered list draws its form:
# no query string can fill the cache with copies.
FILTRI_SECONDI = 60
NON_FILTRI = ("page", "ordina", "formato")
CHIAVE_VERSIONE_FILTRI = "filtri:versione"
MODELLI_DELLE_SCELTE = {"regioni.regione", "regioni.provincia", "regioni.ente"}


def versione_filtri() -> Any:
    return caches["pagine"].get(CHIAVE_VERSIONE_FILTRI, 0)


def dimentica_filtri(sender: type[models.Model], **kwargs: Any) -> None:
    """post_save/post_delete of any model: one that a list's choices come from makes a new version."""
    if sender._meta.label_lower in MODELLI_DELLE_SCELTE:
        with contextlib.suppress(Exception):  # fail-open cache: the kept forms lapse within the minute
            caches["pagine"].set(CHIAVE_VERSIONE_FILTRI, time.time_ns(), None)


class FiltriLista(django_filters.FilterSet):
    """Filters every list has: `q` searches `campi_ricerca`; `regione` is the national roles' switcher;
    `ente`, on the kinds that record one, the Camera or Unione that ran the record.

    The region filter follows the model's own path to its region (`ScopedQuerySet.regione_field`),
    the ente filter its path to its ente (`ScopedQuerySet.ente_field`), and the provinces and enti
    offered are those in the user's scope.
    """

    campi_ricerca: tuple[str, ...] = ("titolo",)

    q = django_filters.CharFilter(method="cerca", label=_("Cerca"))
    regione = django_filters.ModelChoiceFilter(
        queryset=Regione.objects.none(), label=_("Regione"), empty_label=_("Tutte le regioni")
    )
    ente = django_filters.ModelChoiceFilter(queryset=Ente.objects.none(), label=_("Ente"), empty_label=_("Tutti gli enti"))

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # The models a list's choices come from: a change to one of them forgets the kept forms.
        for filtro in cls.__dict__.get("declared_filters", {}).values():
            if getattr(filtro, "queryset", None) is not None:
                MODELLI_DELLE_SCELTE.add(filtro.queryset.model._meta.label_lower)

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        user = request.user
        if ambito_di(user).nazionale and getattr(self.queryset, "regione_field", ""):
            self.filters["regione"].queryset = Regione.objects.for_user(user)
            self.filters["regione"].field_name = self.queryset.regione_field
        else:
            # An Operatore's lists are already their region's, and records of no region have none to
            # switch between: no switcher.
            del self.filters["regione"]
        if "provincia" in self.filters:
            self.filters["provincia"].queryset = Provincia.objects.for_user(user)
        ente_field = getattr(self.queryset, "ente_field", None)
        if ente_field:
            self.filters["ente"].queryset = Ente.objects.for_user(user)
            self.filters["ente"].field_name = ente_field
        else:
            del self.filters["ente"]

    def cerca(self, queryset: models.QuerySet, name: str, value: str) -> models.QuerySet:
        """Every word in one of `campi_ricerca`: the same search as the forms' choices."""
        if not value.strip():
            return queryset
        return queryset.filter(condizione_ricerca(self.campi_ricerca, value))


@dataclass(frozen=True)
class Colonna:
    """A column of a list: its header and, when sortable, the `ordina` key and the ORM field it sorts
    by; what an export writes in it (`valore`: a path of attributes, "progetto.regione.nome_breve",
    whose last may be a method, "get_stato_display"; or a function of the row) and the XLSX number
    format of that value (`formato`: programma.spreadsheets' INTERO, IMPORTO, DATA...)."""

    etichetta: str
    chiave: str = ""
    campo: str = ""
    solo_nazionale: bool = False  # the region column: national roles see every region
    classe: str = ""  # e.g. "text-end" for numbers
    valore: str | Callable[[Any], Any] = ""
    formato: str | None = None

    def valore_di(self, oggetto: Any) -> Any:
        """The cell of `oggetto` in an export (None along an empty optional relation)."""
        if callable(self.valore):
            return self.valore(oggetto)
        if not self.valore:
            raise ValueError(f"La colonna «{self.etichetta}» non dice che cosa esportare (Colonna.valore).")
        valore = oggetto
        for parte in self.valore.split("."):
            if valore is None:
                return None
            try:
                valore = getattr(valore, parte)
            except ObjectDoesNotExist:  # an empty reverse one-to-one (a project without its strategic project)
                return None
        return valore() if callable(valore) else valore

    def lettore(self, modello: type[models.Model]) -> Callable[[Any], Any]:
        """`valore_di` for the rows of `modello`, with a choice's label ("…get_stato_display") read
        from a dict made once: Django's get_FOO_display translates every label of the field at every
        call, which costs an export more than everything else together."""
        if callable(self.valore) or not (scelta := _ETICHETTA.fullmatch(self.valore.rsplit(".", 1)[-1])):
            return self.valore_di
        *percorso, _ultimo = self.valore.split(".")
        for parte in percorso:
            modello = modello._meta.get_field(parte).related_model
        etichette = {k: str(v) for k, v in modello._meta.get_field(scelta.group(1)).flatchoices}
        campo = Colonna(self.etichetta, valore=".".join([*percorso, scelta.group(1)]))

        def leggi(oggetto: Any) -> Any:
            valore = campo.valore_di(oggetto)
            return etichette.get(valore, valore)

        return leggi


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
DATA = Colonna(_("Data"), "data", "data", valore="data", formato=FORMATO_DATA)
TITOLO = Colonna(_("Titolo"), "titolo", "titolo", valore="titolo")
REGIONE = Colonna(_("Regione"), "regione", "progetto__regione__codice_istat", solo_nazionale=True, valore="progetto.regione.nome_breve")
STATO = Colonna(_("Stato"), "stato", "stato", valore="get_stato_display")
TIPO = Colonna(_("Tipo"), "tipo", "tipo", valore="get_tipo_display")
FASE = Colonna(_("Fase"), "fase", "fase__numero", valore="fase.numero", formato=INTERO)
LUOGO = Colonna(_("Luogo"), "provincia", "provincia__nome", valore="dove")
FILE = Colonna(_("File"), valore=lambda documento: bool(documento.file))  # whether the document has its file


class ListaMixin(TipoMixin, ScopedMixin):
    """A scoped ListView with a FilterSet, whitelisted sorting, 25 rows a page, and its export
    (`?formato=csv|xlsx`: every filtered row, see the module's docstring).

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

    # --- the export -------------------------------------------------------------------------------

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        """The page, or its export (`?formato=csv|xlsx`)."""
        formato = request.GET.get("formato")
        if formato in FORMATI:
            return self.esporta(formato)
        if formato is not None:
            messages.error(request, _t("Formato di esportazione non disponibile: scegli CSV oppure XLSX."))
        # A page number within bounds (Django's "last" too); beyond the last page is Django's 404.
        if request.GET.get(PAGINA, "") != "last":
            try:
                parametro_intero(request, PAGINA, predefinito=1, massimo=PAGINE_MASSIME)
            except ParametroNonValido as errore:
                return risposta_non_valida(request, errore)
        return super().get(request, *args, **kwargs)  # type: ignore[misc]

    def queryset_esportazione(self, queryset: models.QuerySet) -> models.QuerySet:
        """The list's rows for an export: a list whose page computes a column per page adds it here."""
        return queryset

    @staticmethod
    def righe_esportazione(queryset: models.QuerySet, colonne: list[Colonna]) -> Iterator[list[Any]]:
        lettori = [colonna.lettore(queryset.model) for colonna in colonne]
        for oggetto in queryset.iterator(chunk_size=BLOCCO_ESPORTAZIONE):
            yield [leggi(oggetto) for leggi in lettori]

    def premessa_esportazione(self) -> list[list[Any]]:
        """What the file says above its table: the list, its edition, the user's region, the filters,
        the order and when it was made."""
        ambito = ambito_di(self.request.user)
        premessa: list[list[Any]] = [[str(self.titolo_lista)]]
        edizione = getattr(self, "edizione", None)
        if edizione is not None and hasattr(self.filterset.queryset, "nell_edizione"):
            premessa.append([_t("Edizione"), edizione.nome])
        if getattr(self.filterset.queryset, "regione_field", "") and not ambito.nazionale and ambito.regione:
            premessa.append([_t("Regione"), ambito.regione.nome])
        premessa.append([_t("Filtri"), self.descrizione_filtri() or _t("nessuno")])
        if self.request.GET.get("ordina", ""):
            colonna = next((c for c in self.colonne_visibili() if c.chiave and c.chiave == self.ordinamento().lstrip("-")), None)
            if colonna is not None:
                verso = _t("decrescente") if self.ordinamento().startswith("-") else _t("crescente")
                premessa.append([_t("Ordinamento"), f"{colonna.etichetta} ({verso})"])
        premessa.append([_t("Estratto il"), data_breve(timezone.now())])
        return premessa

    def descrizione_filtri(self) -> str:
        """The filters the list applied, as the form shows them: "Stato: Svolto; Provincia: Milano (MI)"."""
        form = self.filterset.form
        parti = []
        for nome, campo in form.fields.items():
            valore = getattr(form, "cleaned_data", {}).get(nome)
            if valore in (None, "", [], ()):
                continue
            if isinstance(campo, forms.ModelChoiceField):
                testo = str(valore)
            elif isinstance(campo, forms.ChoiceField):
                testo = str({str(k): v for k, v in campo.choices}.get(str(valore), valore))
            elif isinstance(valore, dt.date):
                testo = data_breve(valore)
            else:
                testo = str(valore)
            parti.append(f"{campo.label}: {testo}")
        return "; ".join(parti)

    def esporta(self, formato: str) -> HttpResponseBase:
        """Every row of the list as it is filtered and sorted, streamed as a CSV or an XLSX."""
        queryset = self.queryset_esportazione(self.get_queryset())  # also reads the filters
        colonne = self.colonne_visibili()
        intestazione = [str(c.etichetta) for c in colonne]
        premessa = self.premessa_esportazione()
        nome = f"{slugify(str(self.titolo_lista))}-{timezone.localtime():%Y%m%d-%H%M}.{formato}"
        righe = self.righe_esportazione(queryset, colonne)
        if formato == "csv":
            return risposta_csv_excel(chain(premessa, [[]], [intestazione], righe), nome)
        foglio = Foglio(str(self.titolo_lista), chain([intestazione], righe), [c.formato for c in colonne], premessa)
        return risposta_xlsx([foglio], nome)

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

    def chiave_filtri(self) -> str:
        """What the filters' form of an unfiltered list depends on: the list, the user's scope (its
        choices), the edition, the language and the version of the choices' models."""
        ambito = ambito_di(self.request.user)
        edizione = getattr(self, "edizione", None)
        parti = (
            type(self).__module__,
            type(self).__qualname__,
            ambito.ruolo,
            *(o.pk if o else None for o in (ambito.regione, ambito.ente, ambito.camera, edizione)),
            get_language(),
            versione_filtri(),
        )
        return hashlib.sha256(repr(parti).encode()).hexdigest()[:32]

    def secondi_filtri(self) -> int:
        """FILTRI_SECONDI for a list opened without filters; 0 (drawn, not kept) for a filtered one."""
        return 0 if any(k not in NON_FILTRI for k in self.request.GET) else FILTRI_SECONDI

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        ambito = ambito_di(self.request.user)
        paginator = context.get("paginator")
        valori = getattr(self, "valori_riepilogo", {})
        context.update(
            filtro=self.filterset,
            filtri_chiave=self.chiave_filtri(),
            filtri_secondi=self.secondi_filtri(),
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

    stato = django_filters.ChoiceFilter(choices=StatoAttivita.choices, label=_("Stato"), empty_label=TUTTI)
    provincia = django_filters.ModelChoiceFilter(
        queryset=Provincia.objects.none(), label=_("Provincia"), empty_label=TUTTE
    )
    data_dal = django_filters.DateFilter(field_name="data", lookup_expr="gte", label=_("Dal"), widget=DataInput())
    data_al = django_filters.DateFilter(field_name="data", lookup_expr="lte", label=_("Al"), widget=DataInput())
