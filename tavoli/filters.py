import django_filters
from django.utils.translation import gettext_lazy as _

from programma.activities.lists import TUTTE, FiltriAttivita
from tavoli.models import TavoloConfronto


class FiltriTavolo(FiltriAttivita):
    modalita = django_filters.ChoiceFilter(
        choices=TavoloConfronto.Modalita.choices, label=_("Modalità"), empty_label=TUTTE
    )

    campi_ricerca = ("titolo", "luogo", "sintesi")

    class Meta:
        model = TavoloConfronto
        fields = ["q", "regione", "stato", "modalita", "provincia", "data_dal", "data_al"]
