import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def url(evento):
    return reverse("eventi:dettaglio", args=[evento.pk])


def test_it_works(client_operatore, evento):
    response = client_operatore.get(url(evento))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Banda ultralarga a Bergamo" in body
    assert "Sensibilizzazione PMI su BUL, 5G e digitale" in body
    assert "Banda ultralarga (BUL)" in body
    assert reverse("eventi:materiali", args=[evento.pk]) in body
    assert reverse("eventi:modifica", args=[evento.pk]) in body
    assert "Storico delle modifiche" not in body


def test_it_checks_owner(client, altro_operatore, evento):
    client.force_login(altro_operatore)
    assert client.get(url(evento)).status_code == 404


def test_coordinatore_reads_with_history(client_coordinatore, evento):
    response = client_coordinatore.get(url(evento))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Storico delle modifiche" in body
    assert reverse("eventi:modifica", args=[evento.pk]) not in body


def test_it_requires_login(client, evento):
    response = client.get(url(evento))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
