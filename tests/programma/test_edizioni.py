import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("programma:edizioni")


def test_it_works(client_coordinatore, progetto, altro_progetto):
    response = client_coordinatore.get(URL)
    assert response.status_code == 200
    edizione = response.context["object_list"][0]
    assert (edizione, edizione.n_progetti) == (progetto.programma, 2)
    assert "Attiva" in response.content.decode()


def test_it_is_for_national_roles(client_operatore, programma):
    assert client_operatore.get(URL).status_code == 403


def test_it_requires_login(client, login_url):
    assert client.get(URL).url == login_url(URL)


def test_its_table_stacks_on_phones_like_every_list(client_coordinatore, programma):
    """The table every list shares (tabella.html): rows as cards on a phone, each cell naming its column."""
    html = client_coordinatore.get(URL).content.decode()
    assert '<table class="table table-hover tabella-impilabile">' in html and 'data-etichetta="Inizio"' in html
