import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from programma.models import Programma

pytestmark = pytest.mark.django_db

URL = reverse("programma:edizione_nuova")
DATI = {"nome": "Programma Infrastrutture 2027-2028", "data_inizio": "2027-01-01", "data_fine": "2028-12-31", "attivo": "on"}


def test_it_works(client_coordinatore, programma):
    assert client_coordinatore.get(URL).status_code == 200
    response = client_coordinatore.post(URL, DATI)
    assert response.url == reverse("programma:edizioni")
    nuova = Programma.objects.get(nome=DATI["nome"])
    assert nuova.attivo and nuova.data_fine == dt.date(2028, 12, 31)
    # Activating an edition retires the previous one.
    programma.refresh_from_db()
    assert not programma.attivo


def test_it_rejects_dates_out_of_order(client_coordinatore):
    response = client_coordinatore.post(URL, {**DATI, "data_fine": "2026-12-31"})
    assert response.status_code == 200
    assert "La data di fine non può precedere la data di inizio." in response.content.decode()
    assert not Programma.objects.exists()


def test_it_is_for_national_roles(client_operatore):
    assert client_operatore.get(URL).status_code == 403
    assert client_operatore.post(URL, DATI).status_code == 403
    assert not Programma.objects.exists()


def test_it_enforces_csrf(coordinatore):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinatore)
    assert client.post(URL, DATI).status_code == 403
    assert not Programma.objects.exists()


def test_it_requires_login(client, login_url):
    assert client.get(URL).url == login_url(URL)
