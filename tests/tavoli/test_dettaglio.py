import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def url(tavolo):
    return reverse("tavoli:dettaglio", args=[tavolo.pk])


def test_it_works(client_operatore, tavolo, progetto):
    tavolo.organizzazioni.set([factories.OrganizzazioneFactory(nome="Confindustria Lombardia")])
    opera = factories.OperaPrioritariaFactory(titolo="Gronda nord", progetto=progetto)
    tavolo.opere_discusse.add(opera)
    response = client_operatore.get(url(tavolo))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Confindustria Lombardia" in body
    assert "Gronda nord" in body
    assert "20/05/2025" in body
    assert 'data-testid="totale-partecipanti">25<' in body
    assert reverse("tavoli:verbale", args=[tavolo.pk]) in body
    assert reverse("tavoli:modifica", args=[tavolo.pk]) in body
    # The change history is for national roles only.
    assert "Storico delle modifiche" not in body


def test_it_checks_owner(client, altro_operatore, tavolo):
    client.force_login(altro_operatore)
    assert client.get(url(tavolo)).status_code == 404


def test_coordinatore_reads_with_history_and_no_edit_buttons(client_coordinatore, tavolo):
    response = client_coordinatore.get(url(tavolo))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Storico delle modifiche" in body
    assert reverse("tavoli:modifica", args=[tavolo.pk]) not in body
    assert reverse("tavoli:elimina", args=[tavolo.pk]) not in body


def test_amministratore_sees_edit_buttons(client, amministratore, tavolo):
    client.force_login(amministratore)
    body = client.get(url(tavolo)).content.decode()
    assert reverse("tavoli:modifica", args=[tavolo.pk]) in body
    assert "Storico delle modifiche" in body


def test_it_requires_login(client, tavolo):
    response = client.get(url(tavolo))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_handles_missing_object(client_operatore, programma):
    assert client_operatore.get(reverse("tavoli:dettaglio", args=[999999])).status_code == 404
