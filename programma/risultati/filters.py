"""Filters of the results' lists, on the shared list base."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from programma.activities.lists import TUTTE, TUTTI, FiltriLista, StatoDocumentoFilter
from programma.models import DocumentoNazionale, Programma


class DocumentoNazionaleFilter(FiltriLista):
    campi_ricerca = ("titolo", "abstract")

    tipo = django_filters.ChoiceFilter(choices=DocumentoNazionale.Tipo.choices, label=_("Tipo"), empty_label=TUTTI)
    edizione = django_filters.ModelChoiceFilter(
        field_name="programma", queryset=Programma.objects.all(), label=_("Edizione"), empty_label=TUTTE
    )
    stato = StatoDocumentoFilter()

    class Meta:
        model = DocumentoNazionale
        fields = ["q", "tipo", "edizione", "stato"]
