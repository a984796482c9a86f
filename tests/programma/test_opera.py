import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def url(opera) -> str:
    return reverse("programma:opera", args=[opera.pk])


def test_it_works(client_operatore, opera):
    response = client_operatore.get(url(opera))
    assert response.status_code == 200
    body = response.content.decode()
    assert opera.titolo in body and "1.234.567,89 €" in body
    assert reverse("programma:opera_modifica", args=[opera.pk]) in body
    assert "Storico delle modifiche" not in body


def test_it_checks_owner(client_operatore, altra_opera):
    assert client_operatore.get(url(altra_opera)).status_code == 404


def test_coordinators_read_but_do_not_write(client_coordinatore, opera):
    response = client_coordinatore.get(url(opera))
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("programma:opera_modifica", args=[opera.pk]) not in body
    assert "Storico delle modifiche" in body


def test_it_requires_login(client, opera, login_url):
    assert client.get(url(opera)).url == login_url(url(opera))
