import pytest
from django.urls import reverse

from tests.factories import versione

pytestmark = pytest.mark.django_db


def url(programma) -> str:
    return reverse("programma:edizione_modifica", args=[programma.pk])


def dati(programma, **altri):
    return {"nome": "Edizione rinominata", "data_inizio": "2025-01-01", "data_fine": "2026-12-31", "attivo": "on", **versione(programma), **altri}


def test_it_works(client_coordinatore, programma, coordinatore):
    assert client_coordinatore.get(url(programma)).status_code == 200
    assert client_coordinatore.post(url(programma), dati(programma)).status_code == 302
    programma.refresh_from_db()
    assert programma.nome == "Edizione rinominata"
    assert programma.history.first().history_user == coordinatore


def test_it_rejects_dates_out_of_order(client_coordinatore, programma):
    response = client_coordinatore.post(url(programma), dati(programma, data_fine="2024-01-01"))
    assert "La data di fine non può precedere la data di inizio." in response.content.decode()
    programma.refresh_from_db()
    assert programma.nome != "Edizione rinominata"


def test_it_is_for_national_roles(client_operatore, programma):
    assert client_operatore.get(url(programma)).status_code == 403
    assert client_operatore.post(url(programma), dati(programma)).status_code == 403


def test_it_handles_a_missing_edition(client_coordinatore, programma):
    assert client_coordinatore.get(url(programma).replace(str(programma.pk), str(programma.pk + 1))).status_code == 404


def test_it_requires_login(client, programma, login_url):
    assert client.get(url(programma)).url == login_url(url(programma))
