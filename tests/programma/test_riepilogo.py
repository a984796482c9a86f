"""The weekly e-mail digest: what each user must act on, and nothing for who has nothing."""

import datetime as dt

import pytest

from programma.models import Fase
from programma.tasks import invia_riepilogo_settimanale
from tests import factories

pytestmark = pytest.mark.django_db


def test_operatore_gets_late_phases_and_activities_without_outcome(mailoutbox, operatore, altro_operatore, progetto, coordinatore):
    for utente in (operatore, altro_operatore, coordinatore):
        utente.email = f"{utente.username}@example.org"
        utente.save()
    Fase.objects.filter(progetto=progetto, numero=1).update(stato="in_corso", data_fine_prevista=dt.date(2020, 3, 1))
    factories.TavoloConfrontoFactory(progetto=progetto, titolo="Tavolo rimasto pianificato", stato="pianificato", data=dt.date(2021, 1, 1))
    assert invia_riepilogo_settimanale() == 2  # the other region's operator has nothing to act on
    per_destinatario = {m.to[0]: m.body for m in mailoutbox}
    corpo = per_destinatario["operatore-lombardia@example.org"]
    assert "Confronto e concertazione" in corpo and "01/03/2020" in corpo
    assert "Tavolo rimasto pianificato" in corpo
    assert "Lombardia: 1 fase in ritardo" in per_destinatario[f"{coordinatore.username}@example.org"]
    assert "operatore-sicilia@example.org" not in per_destinatario


def test_nobody_without_an_address_is_written_to(mailoutbox, operatore, progetto):
    Fase.objects.filter(progetto=progetto, numero=1).update(stato="in_corso", data_fine_prevista=dt.date(2020, 3, 1))
    assert invia_riepilogo_settimanale() == 0
    assert mailoutbox == []
