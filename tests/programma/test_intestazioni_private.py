"""Pages and files for logged-in users are never kept by a cache; public pages keep theirs."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from tests import factories
from tests.programma.conftest import PDF

pytestmark = pytest.mark.django_db


def _direttive(response) -> set[str]:
    return {parte.strip() for parte in response.get("Cache-Control", "").split(",") if parte.strip()}


@pytest.mark.parametrize("url", ["/", "/tavoli/", "/programma/opere/", "/contatori/", "/api/contatori/"])
def test_every_response_to_a_logged_in_user_is_private_no_store(client_operatore, progetto, url):
    response = client_operatore.get(url, follow=True)
    assert response.status_code == 200
    assert {"private", "no-store"} <= _direttive(response)
    assert "public" not in _direttive(response)


def test_scoped_downloads_are_private_no_store(client_coordinatore, progetto):
    tavolo = factories.TavoloConfrontoFactory(progetto=progetto, verbale=ContentFile(PDF, name="verbale.pdf"))
    response = client_coordinatore.get(f"/tavoli/{tavolo.pk}/verbale/")
    assert response.status_code == 200
    assert {"private", "no-store"} <= _direttive(response)
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("url", ["/", "/contatori/", "/api/contatori/", "/eventi/calendario/", "/dati/"])
def test_public_pages_are_unchanged(db, url):
    response = Client().get(url)
    assert response.status_code == 200
    assert "no-store" not in _direttive(response)
