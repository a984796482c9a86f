import django_filters
from django.utils.translation import gettext_lazy as _

from eventi.models import Evento, Tema
from programma.activities.lists import FiltriAttivita
from programma.models import Fase


class FiltriEvento(FiltriAttivita):
    tipo = django_filters.ChoiceFilter(choices=Evento.Tipo.choices, label=_("Tipo"), empty_label=_("Tutti"))
    fase = django_filters.ChoiceFilter(
        field_name="fase__numero", choices=Fase.Numero.choices, label=_("Fase"), empty_label=_("Tutte")
    )
    tema = django_filters.ModelChoiceFilter(
        field_name="temi", queryset=Tema.objects.all(), label=_("Tema"), empty_label=_("Tutti")
    )

    campi_ricerca = ("titolo", "luogo", "descrizione")

    class Meta:
        model = Evento
        fields = ["q", "regione", "stato", "tipo", "fase", "tema", "provincia", "data_dal", "data_al"]
