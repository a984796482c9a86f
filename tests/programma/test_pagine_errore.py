"""Error pages are Italian, like the rest of the site."""

import pytest
from django.template.loader import render_to_string

pytestmark = pytest.mark.django_db


def test_a_forbidden_page_is_explained_in_italian(client_operatore):
    response = client_operatore.get("/cruscotto/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Accesso non consentito" in html and '<html lang="it">' in html
    assert "Forbidden" not in html


def test_a_missing_page_is_explained_in_italian(client_operatore):
    response = client_operatore.get("/pagina-che-non-esiste/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina non trovata" in html and "Not Found" not in html


def test_the_server_error_page_renders_without_a_request():
    assert "Si è verificato un errore" in render_to_string("500.html")
