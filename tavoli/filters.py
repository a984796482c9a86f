import django_filters
from django.utils.translation import gettext_lazy as _

from tavoli.models import StatoAttivita, TavoloConfronto
from tavoli.viste_attivita import FiltriAttivita


class FiltriTavolo(FiltriAttivita):
    stato = django_filters.ChoiceFilter(choices=StatoAttivita.choices, label=_("Stato"), empty_label=_("Tutti"))
    modalita = django_filters.ChoiceFilter(
        choices=TavoloConfronto.Modalita.choices, label=_("Modalità"), empty_label=_("Tutte")
    )

    campi_ricerca = ("titolo", "luogo", "sintesi")

    class Meta:
        model = TavoloConfronto
        fields = ["q", "regione", "stato", "modalita", "provincia", "data_dal", "data_al"]
