"""No silent lost update: a save over a newer version is refused, says who changed what, keeps the input."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from programma.models import Fase
from tavoli.models import TavoloConfronto
from tests import factories

pytestmark = pytest.mark.django_db


def azione(response) -> str:
    return re.search(r'<form[^>]*action="([^"]*versione=\d+)"', response.content.decode()).group(1)


def test_the_second_of_two_concurrent_saves_is_refused(client_operatore, tavolo, dati_tavolo):
    url = reverse("tavoli:modifica", args=[tavolo.pk])
    mio = azione(client_operatore.get(url))  # read by me...
    collega = Client()
    collega.force_login(factories.operatore("lombardia", username="collega-lombardia"))
    assert collega.post(azione(collega.get(url)), {**dati_tavolo, "titolo": "Titolo del collega"}).status_code == 302

    # ...saved after my colleague: refused, told who and what, my input kept.
    response = client_operatore.post(mio, {**dati_tavolo, "titolo": "Il mio titolo"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "collega-lombardia ha salvato questo record" in body and re.search(r"cambiati: [^)]*titolo", body)
    assert 'value="Il mio titolo"' in body
    assert TavoloConfronto.objects.get(pk=tavolo.pk).titolo == "Titolo del collega"

    # Saving again, knowingly, applies my input.
    assert client_operatore.post(azione(response), {**dati_tavolo, "titolo": "Il mio titolo"}).status_code == 302
    assert TavoloConfronto.objects.get(pk=tavolo.pk).titolo == "Il mio titolo"


def test_a_save_without_anyone_else_goes_through(client_operatore, tavolo, dati_tavolo):
    url = reverse("tavoli:modifica", args=[tavolo.pk])
    assert client_operatore.post(azione(client_operatore.get(url)), dati_tavolo).status_code == 302


def test_phases_are_protected_too(client_operatore, progetto):
    fase = Fase.objects.get(progetto=progetto, numero=1)
    url = reverse("programma:fase_modifica", args=[fase.pk])
    mio = azione(client_operatore.get(url))
    fase.note = "cambiata da un altro"
    fase.save()
    response = client_operatore.post(mio, {"stato": "in_corso", "avanzamento": "10", "note": "mia"})
    assert response.status_code == 200 and "ha salvato questo record" in response.content.decode()
    assert Fase.objects.get(pk=fase.pk).note == "cambiata da un altro"
