"""No silent lost update: an edit form carries the version it was read at as a hidden field; a save
over a newer version, or without a valid version, is refused, says why, and keeps the input."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from programma.models import Fase
from tavoli.models import TavoloConfronto
from tests import factories

pytestmark = pytest.mark.django_db


def versione_letta(response) -> dict[str, str]:
    """The hidden version field of the page's form, as a browser would post it back."""
    (valore,) = re.findall(r'<input type="hidden" name="versione" value="([^"]*)"', response.content.decode())
    return {"versione": valore}


def test_the_form_carries_its_version_as_a_hidden_field_not_in_its_address(client_operatore, tavolo):
    response = client_operatore.get(reverse("tavoli:modifica", args=[tavolo.pk]))
    assert versione_letta(response) == factories.versione(tavolo)
    assert "?versione=" not in response.content.decode()


def test_the_second_of_two_concurrent_saves_is_refused(client_operatore, tavolo, dati_tavolo):
    url = reverse("tavoli:modifica", args=[tavolo.pk])
    mio = versione_letta(client_operatore.get(url))  # read by me...
    collega = Client()
    collega.force_login(factories.operatore("lombardia", username="collega-lombardia"))
    assert collega.post(url, {**dati_tavolo, **versione_letta(collega.get(url)), "titolo": "Titolo del collega"}).status_code == 302

    # ...saved after my colleague: refused, told who and what, my input kept.
    response = client_operatore.post(url, {**dati_tavolo, **mio, "titolo": "Il mio titolo"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "collega-lombardia ha salvato questo record" in body and re.search(r"cambiati: [^)]*titolo", body)
    assert 'value="Il mio titolo"' in body
    assert TavoloConfronto.objects.get(pk=tavolo.pk).titolo == "Titolo del collega"

    # Saving again, knowingly, applies my input: the refused form carries the newest version.
    assert versione_letta(response) == factories.versione(tavolo)
    assert client_operatore.post(url, {**dati_tavolo, **versione_letta(response), "titolo": "Il mio titolo"}).status_code == 302
    assert TavoloConfronto.objects.get(pk=tavolo.pk).titolo == "Il mio titolo"


def test_a_save_without_anyone_else_goes_through(client_operatore, tavolo, dati_tavolo):
    url = reverse("tavoli:modifica", args=[tavolo.pk])
    assert client_operatore.post(url, {**dati_tavolo, **versione_letta(client_operatore.get(url))}).status_code == 302


@pytest.mark.parametrize(
    "versione",
    [None, "", "abc", "-1", "1.0", "99999999999999999999999", "0"],
    ids=["missing", "empty", "letters", "negative", "decimal", "huge", "zero"],
)
def test_a_save_without_a_valid_version_is_refused_like_a_stale_one(client_operatore, tavolo, dati_tavolo, versione):
    """The version travelled only in the form's address: a POST without it was saved over newer data."""
    tavolo.save()  # a recorded change, so that "0" (no change yet) is stale too
    url = reverse("tavoli:modifica", args=[tavolo.pk])
    dati = {**dati_tavolo, "titolo": "Il mio titolo"}
    if versione is not None:
        dati["versione"] = versione
    response = client_operatore.post(url, dati)
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert "Non è stato salvato nulla" in body
    assert 'value="Il mio titolo"' in body
    assert TavoloConfronto.objects.get(pk=tavolo.pk).titolo == "Tavolo sulla logistica"
    # The page now carries the version: saving again is a knowing choice.
    assert client_operatore.post(url, {**dati, **versione_letta(response)}).status_code == 302


def test_the_version_of_another_record_is_refused(client_operatore, tavolo, progetto, dati_tavolo):
    altro = factories.TavoloConfrontoFactory(progetto=progetto)
    altro.save()
    response = client_operatore.post(reverse("tavoli:modifica", args=[tavolo.pk]), {**dati_tavolo, **factories.versione(altro)})
    assert response.status_code == 200
    assert "non indica la versione del record" in html.unescape(response.content.decode())
    assert TavoloConfronto.objects.get(pk=tavolo.pk).titolo == "Tavolo sulla logistica"


def test_phases_are_protected_too(client_operatore, progetto):
    fase = Fase.objects.get(progetto=progetto, numero=1)
    url = reverse("programma:fase_modifica", args=[fase.pk])
    mio = versione_letta(client_operatore.get(url))
    fase.note = "cambiata da un altro"
    fase.save()
    response = client_operatore.post(url, {"stato": "in_corso", "avanzamento": "10", "note": "mia", **mio})
    assert response.status_code == 200 and "ha salvato questo record" in response.content.decode()
    assert Fase.objects.get(pk=fase.pk).note == "cambiata da un altro"
