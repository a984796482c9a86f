"""Choices that scale: a scoped, paged JSON endpoint per kind of record, and the form widgets that use it.

A long or searchable choice (the works of a region, comuni, enti, provinces, organisations) is not
written out in full in the form. A `Sorgente` names the model, the fields searched and the text of
an option; an app registers it once (`path("scelte/opere/", OPERE.vista, name="scelte_opere")`) and
wires a form field to it (`OPERE.collega(form.fields["opere_discusse"], regione_id=...)`).

The endpoint, `GET ?q=&page=&regione=`, answers
`{"risultati": [{"value": ..., "text": ..., "dettaglio": ...}], "altre": bool}`, 20 rows a page:
login required, rows from `Model.objects.for_user(user)` (an Operatore's region only; a national
role sees all, or one region with `?regione=<id>`), every word of `q` found in one of the fields.

The widget writes out only the options already chosen (`tutte=False`, for lists that may hold
thousands of rows: one query whatever their number), or every option (`tutte=True`, for short
lists such as a region's provinces, so that the form works in full without JavaScript), and carries
the endpoint's address in `data-autocomplete-url`: `frontend/autocomplete.js` turns it into a Tom
Select combobox that loads the matching rows as the user types.

A one-per-line textarea (comuni informed, organisations of a tavolo) keeps its text as the input;
`Sorgente.suggerimenti` gives it a search box that adds the chosen row as a line (`valore` is the
line the textarea's parser reads).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from programma.activities.parametri import INTERO_MASSIMO, PAGINE_MASSIME, ParametroNonValido, leggi_intero, parametro_intero
from regioni.scoping import ScopedQuerySet

PER_PAGINA = 20
# A search is a few words: longer input is cut rather than turned into a long query.
LUNGHEZZA_MASSIMA = 100
PAROLE_MASSIME = 6


def condizione_ricerca(campi: Iterable[str], testo: str) -> models.Q:
    """Every word of `testo` in one of `campi` (any case): the search of the lists and the choices.
    A few words of a few characters: longer input is cut rather than turned into a long query."""
    condizione = models.Q()
    for parola in testo[: LUNGHEZZA_MASSIMA * PAROLE_MASSIME].split()[:PAROLE_MASSIME]:
        parola = parola[:LUNGHEZZA_MASSIMA]
        una = models.Q()
        for campo in campi:
            una |= models.Q(**{f"{campo}__icontains": parola})
        condizione &= una
    return condizione


@dataclass(frozen=True, eq=False)
class Sorgente:
    """Where a choice's options come from, and how one reads.

    `testo` is the option's text in the form's `<option>` and in the endpoint alike; `dettaglio` a
    second line shown in the list of suggestions; `valore` the submitted value (the pk, or for a
    textarea's suggestions the line to add). `nome_url` is the name the app registers `vista` under.
    """

    model: type[models.Model]
    nome_url: str
    cerca_in: tuple[str, ...]
    testo: Callable[[Any], str] = str
    dettaglio: Callable[[Any], str] | None = None
    valore: Callable[[Any], Any] = field(default=lambda obj: obj.pk)
    ordine: tuple[Any, ...] = ()
    # select_related, annotations the order or the text need; applied before the search and the order.
    prepara: Callable[[models.QuerySet], models.QuerySet] = field(default=lambda righe: righe)

    # --- the endpoint ---------------------------------------------------------------------------

    def righe(self, user: Any, testo: str = "", regione_id: int | None = None) -> models.QuerySet:
        """The rows `user` may see, narrowed to a region and to `testo`, in the source's order."""
        righe: ScopedQuerySet = self.prepara(self.model._default_manager.for_user(user))
        if regione_id is not None:
            righe = righe.nella_regione(regione_id)
        testo = " ".join(testo[:LUNGHEZZA_MASSIMA].split())
        if testo:
            righe = righe.filter(condizione_ricerca(self.cerca_in, testo))
            # Rows whose first field starts with the text come first ("Mil" → Milano before Camilla).
            inizio = models.Case(
                models.When(**{f"{self.cerca_in[0]}__istartswith": testo}, then=0),
                default=1,
                output_field=models.IntegerField(),
            )
            righe = righe.annotate(_inizio=inizio).order_by("_inizio", *self.ordine)
        elif self.ordine:
            righe = righe.order_by(*self.ordine)
        return righe

    def opzione(self, obj: Any) -> dict[str, Any]:
        opzione = {"value": str(self.valore(obj)), "text": self.testo(obj)}
        if self.dettaglio is not None:
            opzione["dettaglio"] = self.dettaglio(obj)
        return opzione

    def risposta(self, request: HttpRequest) -> JsonResponse:
        try:
            pagina = parametro_intero(request, "page", predefinito=1, massimo=PAGINE_MASSIME)
            regione_id = parametro_intero(
                request, "regione", predefinito=None, massimo=INTERO_MASSIMO,
                messaggio=_("Il parametro «regione» deve essere il numero di una regione."),
            )  # fmt: skip
        except ParametroNonValido as errore:
            return JsonResponse({"errore": str(errore)}, status=400, json_dumps_params={"ensure_ascii": False})
        assert pagina is not None
        inizio = (pagina - 1) * PER_PAGINA
        trovate = list(self.righe(request.user, request.GET.get("q", ""), regione_id)[inizio : inizio + PER_PAGINA + 1])
        return JsonResponse(
            {"risultati": [self.opzione(obj) for obj in trovate[:PER_PAGINA]], "altre": len(trovate) > PER_PAGINA},
            json_dumps_params={"ensure_ascii": False},
        )

    @property
    def vista(self) -> Callable[[HttpRequest], JsonResponse]:
        """The endpoint: login first (anonymous → login page), then GET only (405)."""

        def scelte(request: HttpRequest) -> JsonResponse:
            return self.risposta(request)

        scelte.__doc__ = f"Autocomplete choices of {self.model._meta.verbose_name_plural} (programma.activities.autocomplete)."
        return login_required(require_GET(scelte))

    # --- the form side ----------------------------------------------------------------------------

    def attributi(self, regione_id: int | None) -> dict[str, Any]:
        """The data- attributes frontend/autocomplete.js reads (address, region, the Italian texts)."""
        attributi = {
            "data-autocomplete-url": reverse(self.nome_url),
            "data-autocomplete-vuoto": _("Nessun risultato"),
            "data-autocomplete-invito": _("Scrivi per cercare…"),
            "data-autocomplete-rimuovi": _("Rimuovi"),
            "data-autocomplete-altri": _("Carico altri risultati…"),
        }
        if regione_id is not None:
            attributi["data-autocomplete-regione"] = regione_id
        return attributi

    def collega(
        self,
        campo: forms.ModelChoiceField,
        *,
        regione_id: int | None = None,
        tutte: bool = False,
        regione_da: str = "",
    ) -> None:
        """Make a model choice field an autocomplete of this source.

        `tutte`: write out every option (short lists), else only the chosen ones. `regione_da`: the
        id of a region `<select>` on the page whose value narrows the search (a form that chooses
        the region too). The field's queryset stays the validation's: set it scoped, as always.
        """
        multipla = isinstance(campo, forms.ModelMultipleChoiceField)
        classe = SceltaAutocompletaMultipla if multipla else SceltaAutocompleta
        attributi = {**campo.widget.attrs, **self.attributi(regione_id)}
        if regione_da:
            attributi["data-autocomplete-regione-da"] = regione_da
        campo.widget = classe(attrs=attributi, tutte=tutte)
        campo.widget.choices = campo.choices
        campo.label_from_instance = self.testo  # the form's options read as the endpoint's

    def suggerimenti(self, campo: forms.CharField, etichetta: str, *, regione_id: int | None = None) -> None:
        """A one-per-line textarea gains a search box (built by the script) that adds a row as a line."""
        campo.widget.attrs.update(self.attributi(regione_id))
        campo.widget.attrs["data-autocomplete-etichetta"] = etichetta


class _SoloScelteMixin:
    """A model select that writes out only the chosen options unless `tutte` (one query for them).

    `noti` ({prepared value: object}, set by `FormSetConScelte`): objects already read, so that the
    rows of a formset do not each query their own choice.
    """

    def __init__(self, attrs: dict[str, Any] | None = None, *, tutte: bool = False) -> None:
        super().__init__(attrs=attrs)  # type: ignore[call-arg]
        self.tutte = tutte
        self.noti: dict[str, Any] | None = None

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        copia = super().__deepcopy__(memo)  # type: ignore[misc]
        copia.tutte = self.tutte
        return copia

    def optgroups(self, name: str, value: list[str], attrs: dict[str, Any] | None = None) -> list[Any]:
        if self.tutte:
            return super().optgroups(name, value, attrs)  # type: ignore[misc]
        iteratore = self.choices  # a ModelChoiceIterator: its field, its queryset
        campo = iteratore.field
        chiave = campo.to_field_name or "pk"
        scelti = [v for v in value if v not in ("", None)]
        if chiave == "pk":
            scelti = [v for v in scelti if leggi_intero(v) is not None]  # anything else is the field's error to report
        gruppi = []
        indice = 0
        if not self.allow_multiple_selected and campo.empty_label is not None:  # type: ignore[attr-defined]
            vuota = self.create_option(name, "", campo.empty_label, not scelti, indice, attrs=attrs)  # type: ignore[attr-defined]
            gruppi.append((None, [vuota], indice))
            indice += 1
        if scelti:
            noti = self.noti
            if noti is not None and all(str(v) in noti for v in scelti):
                oggetti = [noti[str(v)] for v in scelti]
            else:
                oggetti = iteratore.queryset.filter(**{f"{chiave}__in": scelti})
            for obj in oggetti:
                valore = campo.prepare_value(obj)
                opzione = self.create_option(name, valore, campo.label_from_instance(obj), True, indice, attrs=attrs)  # type: ignore[attr-defined]
                gruppi.append((None, [opzione], indice))
                indice += 1
        return gruppi


class SceltaAutocompleta(_SoloScelteMixin, forms.Select):
    pass


class SceltaAutocompletaMultipla(_SoloScelteMixin, forms.SelectMultiple):
    pass


class FormSetConScelte(forms.BaseInlineFormSet):
    """An inline formset whose autocomplete fields read the chosen objects of all rows in one query
    per field, instead of one per row (a strategic project may endorse 200 works)."""

    @cached_property
    def forms(self) -> list[forms.Form]:  # type: ignore[override]
        moduli = super().forms
        if not moduli:
            return moduli
        for nome, campo in moduli[0].fields.items():
            if not isinstance(campo.widget, _SoloScelteMixin) or campo.widget.tutte:
                continue
            chiave = campo.to_field_name or "pk"
            valori: set[str] = set()
            for modulo in moduli:
                valore = modulo[nome].value()
                for v in valore if isinstance(valore, (list, tuple)) else [valore]:
                    if v not in ("", None) and (chiave != "pk" or leggi_intero(v) is not None):
                        valori.add(str(v))
            noti = {str(campo.prepare_value(obj)): obj for obj in campo.queryset.filter(**{f"{chiave}__in": valori})} if valori else {}
            for modulo in moduli:
                modulo.fields[nome].widget.noti = noti
        return moduli
