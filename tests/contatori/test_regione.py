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


def test_it_has_no_card_for_the_count_of_regions(dati, client_coordinatore):
    ricalcola(origine="test")
    response = client_coordinatore.get("/cruscotto/regioni/lombardia/")
    chiavi = [s["contatore"].chiave for s in response.context["schede"]()]
    assert "regioni_coperte" not in chiavi and "tavoli_svolti" in chiavi
    assert "regioni_coperte" not in [r["contatore"].chiave for r in response.context["confronto"]()]


def test_it_draws_its_series_over_a_chosen_period(dati, client_coordinatore):
    ricalcola(origine="test")
    html = client_coordinatore.get("/cruscotto/regioni/lombardia/").content.decode()
    assert 'data-periodo hidden' in html and 'value="365"' in html and 'value="tutto"' in html
    assert 'id="serie-contatori"' in html


def test_it_links_the_regional_project(dati, progetto, client_coordinatore):
    ricalcola(origine="test")
    response = client_coordinatore.get("/cruscotto/regioni/lombardia/")
    assert response.context["url_progetto"]() == f"/programma/progetti/{progetto.pk}/"
    assert f'href="/programma/progetti/{progetto.pk}/">Vai al progetto regionale' in response.content.decode()
