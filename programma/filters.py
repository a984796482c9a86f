"""Filters of the programme's lists (regional projects, reports, works, imports), on the shared list base."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from programma.activities.forms import DataInput
from programma.activities.lists import SI_NO, TUTTE, TUTTI, FiltriLista, SiNoFilter, StatoDocumentoFilter
from programma.importazione.models import Importazione
from programma.models import Fase, Modalita, OperaPrioritaria, ProgettoRegionale, ProgettoStrategico, Report
from regioni.models import Provincia


class ProgettoFilter(FiltriLista):
    campi_ricerca = ("titolo", "regione__nome", "ente_capofila__nome")

    strategico = django_filters.ChoiceFilter(
        field_name="strategico__stato",
        choices=ProgettoStrategico.Stato.choices,
        label=_("Progetto strategico"),
        empty_label=TUTTI,
    )
    # Approved, published or not (what the counter of approved strategic projects counts).
    strategico_approvato = SiNoFilter(
        lambda progetti: progetti.filter(strategico__in=ProgettoStrategico.objects.approvati()),
        label=_("Progetto strategico approvato"),
    )

    # Published with its Libro Bianco ready (what the counter of published strategic projects counts).
    strategico_pubblicato = SiNoFilter(
        lambda progetti: progetti.filter(strategico__in=ProgettoStrategico.objects.pubblicati()),
        label=_("Libro Bianco pubblicato"),
    )

    class Meta:
        model = ProgettoRegionale
        fields = ["q", "regione", "strategico", "strategico_approvato", "strategico_pubblicato"]


class ReportFilter(FiltriLista):
    campi_ricerca = ("titolo", "abstract")

    tipo = django_filters.ChoiceFilter(choices=Report.Tipo.choices, label=_("Tipo"), empty_label=TUTTI)
    fase = django_filters.ChoiceFilter(
        field_name="fase__numero", choices=Fase.Numero.choices, label=_("Fase"), empty_label=TUTTE
    )
    stato = StatoDocumentoFilter()

    class Meta:
        model = Report
        fields = ["q", "regione", "tipo", "fase", "stato"]


class OperaFilter(FiltriLista):
    campi_ricerca = ("codice", "titolo", "cup")

    modalita = django_filters.ChoiceFilter(choices=Modalita.choices, label=_("Modalità"), empty_label=TUTTE)
    livello_priorita = django_filters.ChoiceFilter(
        choices=OperaPrioritaria.Priorita.choices, label=_("Priorità"), empty_label=TUTTE
    )
    stato = django_filters.ChoiceFilter(choices=OperaPrioritaria.Stato.choices, label=_("Stato"), empty_label=TUTTI)
    semaforo = django_filters.ChoiceFilter(
        choices=OperaPrioritaria.Semaforo.choices, label=_("Semaforo"), empty_label=TUTTI
    )
    finanziamento_pnrr = django_filters.ChoiceFilter(choices=SI_NO, label=_("PNRR"), empty_label=TUTTI)
    provincia = django_filters.ModelChoiceFilter(
        field_name="province", queryset=Provincia.objects.none(), label=_("Provincia"), empty_label=TUTTE
    )

    class Meta:
        model = OperaPrioritaria
        fields = ["q", "regione", "modalita", "livello_priorita", "stato", "semaforo", "finanziamento_pnrr", "provincia"]


class FaseFilter(FiltriLista):
    """The phases of the regional projects: by number, state, and late (the counters' own rule)."""

    campi_ricerca = ("progetto__titolo", "progetto__regione__nome", "note")

    numero = django_filters.ChoiceFilter(choices=Fase.Numero.choices, label=_("Fase"), empty_label=TUTTE)
    stato = django_filters.ChoiceFilter(choices=Fase.Stato.choices, label=_("Stato"), empty_label=TUTTI)
    in_ritardo = SiNoFilter(lambda fasi: fasi.in_ritardo(), label=_("In ritardo"))

    class Meta:
        model = Fase
        fields = ["q", "regione", "numero", "stato", "in_ritardo"]


class ImportazioneFilter(FiltriLista):
    """The history of the works' imports: by file or user name, state and day of upload."""

    campi_ricerca = ("nome_file", "utente__username")

    stato = django_filters.ChoiceFilter(choices=Importazione.Stato.choices, label=_("Stato"), empty_label=TUTTI)
    caricata_dal = django_filters.DateFilter(field_name="creata_il", lookup_expr="date__gte", label=_("Caricata dal"), widget=DataInput())
    caricata_al = django_filters.DateFilter(field_name="creata_il", lookup_expr="date__lte", label=_("Caricata al"), widget=DataInput())

    class Meta:
        model = Importazione
        fields = ["q", "stato", "caricata_dal", "caricata_al"]
