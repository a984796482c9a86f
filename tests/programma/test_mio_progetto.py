import pytest
from django.urls import reverse

from regioni.scoping import Ruolo
from tests import factories

pytestmark = pytest.mark.django_db

URL = reverse("programma:mio_progetto")


def test_it_works(client_operatore, progetto):
    response = client_operatore.get(URL)
    assert response.status_code == 302
    assert response.url == progetto.get_absolute_url()


def test_it_sends_national_roles_to_the_list(client_coordinatore, progetto):
    response = client_coordinatore.get(URL)
    assert response.url == reverse("programma:progetti")


def test_it_switches_region_for_national_roles(client_coordinatore, progetto, altro_progetto):
    response = client_coordinatore.get(URL, {"regione": altro_progetto.regione_id})
    assert response.url == altro_progetto.get_absolute_url()
    assert client_coordinatore.get(URL, {"regione": factories.regione("lazio").pk}).status_code == 404


def test_it_explains_a_missing_project(client_operatore, programma):
    response = client_operatore.get(URL)
    assert response.status_code == 200
    assert "non ha ancora un progetto regionale" in response.content.decode()


def test_it_explains_a_missing_ente(client, programma):
    client.force_login(factories.crea_utente("senza-ente", Ruolo.OPERATORE))
    response = client.get(URL)
    assert response.status_code == 200
    assert "non è associato a un ente" in response.content.decode()


def test_it_requires_login(client, login_url):
    assert client.get(URL).url == login_url(URL)
