"""A planned event asks for no participants (issue #20): the model's rule (`Evento.chiede_partecipanti`)
decides; the form shows the figures only while the state asks for them, and the model keeps none
for a planned or cancelled event, whatever was typed."""

import pytest
from django.urls import reverse

from eventi.models import Evento
from programma.models import StatoAttivita

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("stato", "partecipanti", "imprese"), [("svolto", 60, 35), ("pianificato", 0, 0), ("annullato", 0, 0)])
def test_only_a_held_event_keeps_its_participants(client_operatore, progetto, dati_evento, stato, partecipanti, imprese):
    dati_evento.update(stato=stato, data="2099-10-02" if stato == "pianificato" else "2025-10-02")
    assert client_operatore.post(reverse("eventi:nuovo"), dati_evento).status_code == 302
    evento = Evento.objects.get()
    assert (evento.n_partecipanti, evento.n_imprese) == (partecipanti, imprese)
    dettaglio = client_operatore.get(evento.get_absolute_url()).content.decode()
    assert ('data-testid="partecipanti"' in dettaglio) is (stato == "svolto")


def test_the_form_shows_the_figures_while_the_state_asks_for_them(client_operatore, progetto):
    html = client_operatore.get(reverse("eventi:nuovo")).content.decode()
    # "" is the state left to the date (held if past); the values come from the model's rule.
    assert f'data-mostra-se-campo="stato" data-mostra-se-valori=" {StatoAttivita.SVOLTO}"' in html
    assert Evento.STATI_CON_PARTECIPANTI == {StatoAttivita.SVOLTO}
