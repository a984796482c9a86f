"""The live pages' poll (contatori/views/vivo.py): a 304 costs one cache read and no query, a change
counted anywhere is a 200 with a new ETag, and the pages carry their generation and fragments."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from contatori.generation import CHIAVE_GENERAZIONE
from contatori.services import ricalcola
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/contatori/generazione/"


def _impronte(html: str) -> dict[str, str]:
    return dict(re.findall(r'id="vivo-([\w-]+)" data-frammento data-impronta="(\w+)"', html))


def test_an_unchanged_generation_is_a_304_without_a_query(client, coordinatore, django_assert_num_queries):
    factories.TavoloConfrontoFactory()
    ricalcola(origine="test")
    assert reverse("contatori:generazione") == URL
    prima = client.get(URL)
    assert prima.status_code == 200 and prima["ETag"]
    assert prima.json()["generazione"] in prima["ETag"]
    assert "no-cache" in prima["Cache-Control"]
    with django_assert_num_queries(0):
        assert client.get(URL, HTTP_IF_NONE_MATCH=prima["ETag"]).status_code == 304
    # A coordinator with a session: the poll never reads the session or the user.
    client.force_login(coordinatore)
    with django_assert_num_queries(0):
        risposta = client.get(URL, HTTP_IF_NONE_MATCH=prima["ETag"])
    assert risposta.status_code == 304 and risposta["ETag"] == prima["ETag"]


def test_a_change_counted_without_a_worker_is_a_new_etag(client, django_capture_on_commit_callbacks):
    progetto = factories.ProgettoRegionaleFactory()
    ricalcola(origine="test")
    etag = client.get(URL)["ETag"]
    connection.run_on_commit[:] = []  # the fixtures' own callbacks, never committed, would absorb ours
    with django_capture_on_commit_callbacks(execute=True):
        factories.TavoloConfrontoFactory(progetto=progetto)
    # In-process (no worker): the save dropped the cached generation, the poll recounts.
    risposta = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert risposta.status_code == 200
    assert risposta["ETag"] != etag
    assert client.get(URL, HTTP_IF_NONE_MATCH=risposta["ETag"]).status_code == 304


def test_a_recount_by_a_worker_is_seen_at_the_next_poll(client):
    """With a worker the save only queues; the recount that completes writes the new generation."""
    from django.core.cache import caches

    factories.TavoloConfrontoFactory()
    ricalcola(origine="test")
    etag = client.get(URL)["ETag"]
    factories.TavoloConfrontoFactory()
    ricalcola(origine="worker")
    assert caches["pagine"].get(CHIAVE_GENERAZIONE) is not None
    risposta = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert risposta.status_code == 200 and risposta["ETag"] != etag


def test_before_any_recount_the_poll_says_so(client):
    risposta = client.get(URL)
    assert risposta.status_code == 200 and risposta.json() == {"generazione": None, "aggiornato_il": None}
    assert not risposta.has_header("ETag")


def test_pages_carry_their_generation_and_fragments(client, coordinatore):
    progetto = factories.ProgettoRegionaleFactory(regione=factories.regione("lombardia"))
    factories.TavoloConfrontoFactory(progetto=progetto)
    ricalcola(origine="test")
    etag = client.get(URL)["ETag"]
    for url, frammenti in (
        ("/", {"aggiornato", "schede", "mappa"}),
        ("/contatori/", {"aggiornato", "schede", "mappa", "tabella-regioni", "dati"}),
        ("/regioni/lombardia/", {"aggiornato", "fasi", "confronto"}),
    ):
        html = client.get(url).content.decode()
        assert f'data-etag="{etag.replace(chr(34), "&quot;")}"' in html, url
        assert set(_impronte(html)) == frammenti, url
    client.force_login(coordinatore)
    for url, frammenti in (
        ("/cruscotto/", {"aggiornato", "stato", "schede", "mappa", "fasi", "dati", "tabella-regioni", "per-ente"}),
        ("/cruscotto/regioni/lombardia/", {"aggiornato", "schede", "fasi", "confronto", "per-ente", "dati"}),
    ):
        html = client.get(url).content.decode()
        assert "build/vivo.js" in html and set(_impronte(html)) == frammenti, url


def test_only_the_fragments_that_changed_get_a_new_digest(client):
    """Another region's new tavolo changes Italy's numbers, not Sicilia's phases."""
    lombardia = factories.ProgettoRegionaleFactory(regione=factories.regione("lombardia"))
    factories.ProgettoRegionaleFactory(regione=factories.regione("sicilia"), programma=lombardia.programma)
    ricalcola(origine="test")
    prima = _impronte(client.get("/regioni/sicilia/").content.decode())
    factories.TavoloConfrontoFactory(progetto=lombardia)
    ricalcola(origine="test")
    dopo = _impronte(client.get("/regioni/sicilia/").content.decode())
    assert dopo["confronto"] != prima["confronto"]  # Italy's column
    assert dopo["fasi"] == prima["fasi"]
