import django_filters
from django.utils.translation import gettext_lazy as _

from eventi.models import Evento, Tema
from programma.activities.lists import TUTTE, TUTTI, FiltriAttivita, SiNoFilter
from programma.models import Fase


class FiltriEvento(FiltriAttivita):
    tipo = django_filters.ChoiceFilter(choices=Evento.Tipo.choices, label=_("Tipo"), empty_label=TUTTI)
    fase = django_filters.ChoiceFilter(
        field_name="fase__numero", choices=Fase.Numero.choices, label=_("Fase"), empty_label=TUTTE
    )
    tema = django_filters.ModelChoiceFilter(
        field_name="temi", queryset=Tema.objects.all(), label=_("Tema"), empty_label=TUTTI
    )

    # The events of phase 3's SME awareness (the rule of the counters of firms and comuni reached).
    bul_5g = SiNoFilter(lambda eventi: eventi.sensibilizzazione_bul_5g(), label=_("Sensibilizzazione BUL/5G"))

    campi_ricerca = ("titolo", "luogo", "descrizione")

    class Meta:
        model = Evento
        fields = ["q", "regione", "stato", "tipo", "fase", "tema", "bul_5g", "provincia", "data_dal", "data_al"]
