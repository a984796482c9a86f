"""Building blocks shared by the activity pages (tavoli and eventi).

Filtered, sorted and paginated lists, the region switcher for national roles,
and the scoped download of uploaded files (never served from MEDIA_URL).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import django_filters
from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row, Submit
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from programma.selectors import progetto_corrente, storico_di
from regioni.models import Provincia, Regione
from regioni.scoping import ModificaMixin, Ruolo, ScopedMixin, ambito_di, regione_id_di

PER_PAGINA = 25


def campo_data(**attrs: Any) -> forms.DateInput:
    """The browser's date picker; the ISO value is what it sends and expects."""
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")


class FiltriAttivita(django_filters.FilterSet):
    """Filters every activity list has. `regione` is the switcher, kept for national roles only."""

    q = django_filters.CharFilter(method="cerca", label=_("Cerca"))
    regione = django_filters.ModelChoiceFilter(
        field_name="progetto__regione",
        queryset=Regione.objects.none(),
        label=_("Regione"),
        empty_label=_("Tutte le regioni"),
    )
    provincia = django_filters.ModelChoiceFilter(
        queryset=Provincia.objects.none(), label=_("Provincia"), empty_label=_("Tutte")
    )
    data_dal = django_filters.DateFilter(field_name="data", lookup_expr="gte", label=_("Dal"), widget=campo_data())
    data_al = django_filters.DateFilter(field_name="data", lookup_expr="lte", label=_("Al"), widget=campo_data())

    campi_ricerca: tuple[str, ...] = ("titolo", "luogo")

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        user = request.user
        if ambito_di(user).nazionale:
            self.filters["regione"].queryset = Regione.objects.for_user(user)
        else:
            del self.filters["regione"]
        self.filters["provincia"].queryset = Provincia.objects.for_user(user)

    def cerca(self, queryset: models.QuerySet, name: str, value: str) -> models.QuerySet:
        condizione = models.Q()
        for campo in self.campi_ricerca:
            condizione |= models.Q(**{f"{campo}__icontains": value.strip()})
        return queryset.filter(condizione) if value.strip() else queryset

    @property
    def helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_method = "get"
        helper.form_class = "mb-4"
        helper.attrs = {"role": "search", "aria-label": _("Filtri")}
        helper.layout = Layout(
            Row(*[Column(nome, css_class="col-12 col-md-6 col-lg-3") for nome in self.form.fields]),
            StrictButton(_("Filtra"), type="submit", css_class="btn btn-primary"),
            HTML(
                '<a class="btn btn-outline-primary ms-2" href="?">{% load i18n %}{% translate "Azzera i filtri" %}</a>'
            ),
        )
        return helper


@dataclass(frozen=True)
class Colonna:
    """A column of a list table; `chiave` set means it can be sorted by the `ordina` parameter."""

    etichetta: str
    chiave: str = ""
    valore: str = ""  # the `ordina` value its header links to
    aria_sort: str = ""  # "ascending" / "descending" on the current sort column


class ElencoAttivitaMixin:
    """A scoped ListView with filters, whitelisted sorting and 25 rows a page.

    `ordinamenti` maps the public `ordina` values to ORM expressions: only those
    are accepted, so a user cannot sort by an arbitrary (or private) field.
    """

    filterset_class: type[FiltriAttivita]
    ordinamenti: dict[str, str]
    ordinamento_predefinito = "-data"
    paginate_by = PER_PAGINA
    request: HttpRequest

    def colonne_proprie(self) -> list[tuple[str, str]]:
        """(label, sort key or "") for the columns after date, title and region, in order."""
        raise NotImplementedError

    def colonne(self) -> list[tuple[str, str]]:
        colonne = [(_("Data"), "data"), (_("Titolo"), "titolo")]
        if ambito_di(self.request.user).nazionale:
            colonne.append((_("Regione"), "regione"))
        return colonne + self.colonne_proprie()

    def ordinamento(self) -> str:
        richiesto = self.request.GET.get("ordina", "")
        return richiesto if richiesto.lstrip("-") in self.ordinamenti else self.ordinamento_predefinito

    def get_queryset(self) -> models.QuerySet:
        queryset = super().get_queryset()  # type: ignore[misc]
        self.filterset = self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request)
        ordina = self.ordinamento()
        campo = self.ordinamenti[ordina.lstrip("-")]
        espressione = models.F(campo).desc(nulls_last=True) if ordina.startswith("-") else models.F(campo).asc()
        # pk last: a stable order, so pages never repeat or skip rows.
        return self.filterset.qs.order_by(espressione, "-pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        attuale = self.ordinamento()
        intestazioni = []
        for etichetta, chiave in self.colonne():
            if not chiave:
                intestazioni.append(Colonna(etichetta=etichetta))
                continue
            aria = ""
            valore = chiave
            if attuale == chiave:
                aria, valore = "ascending", f"-{chiave}"
            elif attuale == f"-{chiave}":
                aria = "descending"
            intestazioni.append(Colonna(etichetta=etichetta, chiave=chiave, valore=valore, aria_sort=aria))
        ambito = ambito_di(self.request.user)
        context.update(
            filtro=self.filterset,
            colonne=intestazioni,
            nazionale=ambito.nazionale,
            progetto_corrente=progetto_corrente(self.request.user) if ambito.ruolo == Ruolo.OPERATORE else None,
            totale=context["paginator"].count if context.get("paginator") else len(context["object_list"]),
        )
        return context


class DettaglioAttivitaMixin(ScopedMixin):
    """Detail page: visible in scope (else 404); history for national roles only."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        ambito = self.ambito
        context["puo_modificare"] = ambito.puo_modificare(regione_id_di(self.object))  # type: ignore[attr-defined]
        context["nazionale"] = ambito.nazionale
        if ambito.nazionale:
            context["storico"] = storico_di(self.object)  # type: ignore[attr-defined]
        return context


class SalvaAttivitaMixin:
    """Create and edit: the form gets the user (for its scoped choices); the write is one transaction."""

    request: HttpRequest
    messaggio_salvato: str  # "%(titolo)s" is the object

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["user"] = self.request.user
        return kwargs

    def form_valid(self, form: forms.ModelForm) -> HttpResponse:
        with transaction.atomic():
            self.object = form.save()
        messages.success(self.request, self.messaggio_salvato % {"titolo": self.object})
        return HttpResponseRedirect(self.object.get_absolute_url())


class NuovaAttivitaMixin(SalvaAttivitaMixin, LoginRequiredMixin):
    """Only an Operatore creates activities, always in their region's current project."""

    model: type[models.Model]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if ambito_di(request.user).ruolo != Ruolo.OPERATORE:
            raise PermissionDenied
        self.progetto = progetto_corrente(request.user)
        if self.progetto is None:
            messages.warning(
                request,
                _t(
                    "La tua regione non ha un progetto regionale nell'edizione attiva del programma: "
                    "chiedi al coordinamento nazionale di crearlo, poi potrai registrare le attività."
                ),
            )
            return redirect(f"{self.model._meta.app_label}:lista")
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.model(progetto=self.progetto)
        return kwargs


class ModificaAttivitaMixin(SalvaAttivitaMixin, ModificaMixin):
    """Edit: another region's object is a 404, a read-only role a 403."""


class EliminaAttivitaMixin(ModificaMixin):
    """GET asks for confirmation, POST deletes."""

    request: HttpRequest
    messaggio_eliminato: str

    def get_success_url(self) -> str:
        return reverse(f"{self.model._meta.app_label}:lista")

    def get_form(self, form_class: Any = None) -> forms.Form:
        form = super().get_form(form_class)  # type: ignore[misc]
        form.helper = FormHelper()
        form.helper.add_input(Submit("elimina", _("Elimina definitivamente"), css_class="btn-danger"))
        return form

    def form_valid(self, form: forms.Form) -> HttpResponse:
        titolo = str(self.object)  # type: ignore[attr-defined]
        # Uploaded files stay in storage: the change history still points at them.
        with transaction.atomic():
            self.object.delete()  # type: ignore[attr-defined]
        messages.success(self.request, self.messaggio_eliminato % {"titolo": titolo})
        return HttpResponseRedirect(self.get_success_url())
