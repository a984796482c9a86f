"""The lists' filter form is drawn once and kept (programma.activities.lists, "the filters' form, kept").

What it proves: a second visit draws no choices (fewer queries, the same form); each scope keeps its
own form (an Operatore of Sicilia never gets Lombardia's provinces); a filtered list draws its own
form (the chosen option is the one selected) and keeps nothing, so no query string fills the cache;
a province renamed or an ente added shows at the next visit, without waiting for the form to lapse.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programma.activities.lists import dimentica_filtri
from programma.cache import _memoria
from regioni.models import Ente, Provincia

pytestmark = pytest.mark.django_db

URL = "/tavoli/"


def _query(client, url=URL):
    with CaptureQueriesContext(connection) as ctx:
        risposta = client.get(url)
    assert risposta.status_code == 200
    return len(ctx.captured_queries), risposta.content.decode()


def _filtri(html):
    return html[html.index('id="filtri-lista"'):html.index("</form>", html.index('id="filtri-lista"'))]


def test_a_second_visit_draws_no_choices(client_operatore, progetto):
    client_operatore.get(URL)  # the session's first-visit work
    dimentica_filtri(Provincia)  # as after a change to the choices: the next visit draws the form
    prima, html_prima = _query(client_operatore)
    dopo, html_dopo = _query(client_operatore)
    assert dopo < prima  # the provinces and enti offered are not read again
    assert _filtri(html_dopo) == _filtri(html_prima)


def test_each_scope_keeps_its_own_form(client, operatore, altro_operatore, progetto, altro_progetto):
    client.force_login(operatore)
    lombardia = _filtri(client.get(URL).content.decode())
    client.force_login(altro_operatore)
    sicilia = _filtri(client.get(URL).content.decode())
    assert "Milano" in lombardia and "Palermo" not in lombardia
    assert "Palermo" in sicilia and "Milano" not in sicilia


def test_a_filtered_list_draws_its_form_and_keeps_nothing(client_operatore, progetto):
    """The chosen option is the one selected; and no query string can fill the cache with copies."""
    assert 'value="svolto" selected' not in _filtri(client_operatore.get(URL).content.decode())
    tenuti = set(_memoria)
    for parola in ("uno", "due", "tre"):
        assert 'value="svolto" selected' in _filtri(client_operatore.get(URL, {"stato": "svolto", "q": parola}).content.decode())
    assert set(_memoria) == tenuti
    client_operatore.get(URL, {"page": "1", "ordina": "-data"})  # a page or an order is not a filter
    assert set(_memoria) == tenuti


def test_a_change_to_the_choices_shows_at_the_next_visit(client_operatore, progetto):
    client_operatore.get(URL)
    milano = Provincia.objects.get(regione__slug="lombardia", sigla="MI")
    milano.nome = "Milano (Città metropolitana)"
    milano.save()
    assert "Milano (Città metropolitana)" in _filtri(client_operatore.get(URL).content.decode())
    Ente.objects.create(regione=milano.regione, tipo=Ente.Tipo.CAMERA_COMMERCIO, nome="Camera di commercio di prova")
    assert "Camera di commercio di prova" in _filtri(client_operatore.get(URL).content.decode())
