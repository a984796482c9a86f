import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def url(report) -> str:
    return reverse("programma:report", args=[report.pk])


def test_it_works(client_operatore, report):
    response = client_operatore.get(url(report))
    assert response.status_code == 200
    body = response.content.decode()
    assert report.titolo in body
    assert reverse("programma:report_modifica", args=[report.pk]) in body
    # A document on its way to publication shows its state and history to the region too: why it was sent back.
    assert "Storico delle modifiche" in body and "Bozza" in body


def test_it_checks_owner(client_operatore, altro_report):
    assert client_operatore.get(url(altro_report)).status_code == 404


def test_coordinators_read_but_do_not_write(client_coordinatore, report):
    response = client_coordinatore.get(url(report))
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("programma:report_modifica", args=[report.pk]) not in body
    assert "Storico delle modifiche" in body


def test_it_requires_login(client, report, login_url):
    assert client.get(url(report)).url == login_url(url(report))
