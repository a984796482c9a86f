"""A send-back comment leaves the strategic project's page once the region resubmits it (issue #20):
the coordinator reads the new proposal, not the old objection; the history keeps the comment."""

import pytest
from django.urls import reverse

from programma.models import ProgettoStrategico

pytestmark = pytest.mark.django_db


def test_the_send_back_comment_shows_on_the_draft_and_goes_at_the_resubmission(strategico, operatore, coordinatore, client):
    strategico.invia(operatore)
    strategico.rimanda(coordinatore, "Manca l'analisi dei porti.")
    pagina = reverse("programma:strategico", args=[strategico.progetto_id])
    client.force_login(operatore)
    assert "Manca l&#x27;analisi dei porti." in client.get(pagina).content.decode()

    assert client.post(reverse("programma:strategico_invia", args=[strategico.progetto_id])).status_code == 302
    strategico = ProgettoStrategico.objects.get(pk=strategico.pk)
    assert (strategico.stato, strategico.commento) == (ProgettoStrategico.Stato.IN_REVISIONE, "")
    client.force_login(coordinatore)
    html = client.get(pagina).content.decode()
    assert 'data-testid="commento"' not in html  # the history below still lists it, as a change
    assert "Manca l'analisi dei porti." in strategico.history.values_list("commento", flat=True)
