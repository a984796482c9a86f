import pytest
from django.urls import reverse

from tests import factories
from tests.tavoli.conftest import PDF

pytestmark = pytest.mark.django_db


def url(tavolo):
    return reverse("tavoli:verbale", args=[tavolo.pk])


def test_it_works(client_operatore, tavolo):
    response = client_operatore.get(url(tavolo))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"


def test_coordinatore_can_download(client_coordinatore, tavolo):
    assert client_coordinatore.get(url(tavolo)).status_code == 200


def test_it_checks_owner(client, altro_operatore, tavolo):
    client.force_login(altro_operatore)
    assert client.get(url(tavolo)).status_code == 404


def test_it_requires_login(client, tavolo):
    response = client.get(url(tavolo))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_handles_missing_file(client_operatore, progetto):
    senza = factories.TavoloConfrontoFactory(progetto=progetto)
    assert client_operatore.get(url(senza)).status_code == 404


def test_it_rejects_post(client_operatore, tavolo):
    assert client_operatore.post(url(tavolo)).status_code == 405


def test_media_url_does_not_serve_it(client_operatore, tavolo):
    assert client_operatore.get(f"/media/{tavolo.verbale.name}").status_code == 404
