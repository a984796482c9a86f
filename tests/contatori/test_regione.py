import pytest

from contatori.services import ricalcola

pytestmark = pytest.mark.django_db


def test_it_works(dati, client_coordinatore):
    ricalcola(origine="test")
    response = client_coordinatore.get("/cruscotto/regioni/sicilia/")
    assert response.status_code == 200
    scheda = next(s for s in response.context["schede"]() if s["contatore"].chiave == "stakeholder_distinti")
    assert scheda["valore"] == "2"
    assert "Aggiornato alle" in response.content.decode()


def test_it_shows_the_operatore_their_region(dati, client_operatore):
    ricalcola(origine="test")
    response = client_operatore.get("/cruscotto/regioni/lombardia/")
    assert response.status_code == 200
    scheda = next(s for s in response.context["schede"]() if s["contatore"].chiave == "tavoli_svolti")
    assert scheda["valore"] == "2"


def test_it_checks_owner(client_operatore):
    assert client_operatore.get("/cruscotto/regioni/sicilia/").status_code == 404


def test_it_handles_bad_slug(client_coordinatore):
    assert client_coordinatore.get("/cruscotto/regioni/atlantide/").status_code == 404


def test_it_shows_late_phases_in_red(dati, client_coordinatore):
    html = client_coordinatore.get("/cruscotto/regioni/lombardia/").content.decode()
    assert "bg-danger" in html and "In ritardo" in html
