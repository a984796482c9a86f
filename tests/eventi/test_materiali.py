import pytest
from django.urls import reverse

from tests import factories
from tests.eventi.conftest import PDF

pytestmark = pytest.mark.django_db


def url(evento):
    return reverse("eventi:materiali", args=[evento.pk])


def test_it_works(client_operatore, evento):
    response = client_operatore.get(url(evento))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")


def test_coordinatore_can_download(client_coordinatore, evento):
    assert client_coordinatore.get(url(evento)).status_code == 200


def test_it_checks_owner(client, altro_operatore, evento):
    client.force_login(altro_operatore)
    assert client.get(url(evento)).status_code == 404


def test_it_requires_login(client, evento):
    response = client.get(url(evento))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_handles_missing_file(client_operatore, progetto):
    assert client_operatore.get(url(factories.EventoFactory(progetto=progetto))).status_code == 404


def test_it_rejects_post(client_operatore, evento):
    assert client_operatore.post(url(evento)).status_code == 405
