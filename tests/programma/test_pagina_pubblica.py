"""programma.cache.pagina_pubblica: the public pages' one body per counter generation, day and variant.

What it proves: a visitor with nothing of their own gets a shared body with an ETag and a 304 until
the next recount (or the next day); a made-up parameter or a wrong value is answered but never kept
(no URL can fill the cache, or put itself in a body others share); a 404 is never kept; a logged-in
user's page is theirs; without any recount yet nothing is kept.
"""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from contatori.services import ricalcola
from programma.cache import _memoria
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonimo():
    return Client()


@pytest.fixture
def evento(progetto):
    return factories.EventoFactory(
        progetto=progetto, tipo="seminario", titolo="Seminario sul 5G", data=timezone.localdate() + dt.timedelta(days=10), stato="pianificato"
    )


def test_it_sends_an_etag_and_a_304_until_the_next_recount(evento, anonimo):
    ricalcola(origine="test")
    primo = anonimo.get("/eventi/calendario/")
    assert primo.status_code == 200 and primo["ETag"] and "no-cache" in primo["Cache-Control"] and "Cookie" in primo["Vary"]
    assert anonimo.get("/eventi/calendario/", HTTP_IF_NONE_MATCH=primo["ETag"]).status_code == 304
    factories.EventoFactory(progetto=evento.progetto, tipo="seminario", titolo="Un altro seminario", data=evento.data, stato="pianificato")
    ricalcola(origine="test")
    dopo = anonimo.get("/eventi/calendario/", HTTP_IF_NONE_MATCH=primo["ETag"])
    assert dopo.status_code == 200 and dopo["ETag"] != primo["ETag"] and "Un altro seminario" in dopo.content.decode()


def test_a_kept_body_is_shown_until_the_next_generation(evento, anonimo):
    ricalcola(origine="test")
    assert "Seminario sul 5G" in anonimo.get("/eventi/calendario/").content.decode()
    type(evento).objects.filter(pk=evento.pk).update(titolo="Cambiato alle spalle del ricalcolo")
    assert "Seminario sul 5G" in anonimo.get("/eventi/calendario/").content.decode()


def test_the_day_is_part_of_the_version(evento, anonimo, monkeypatch):
    """Pages list the events to come: tomorrow the same generation is another body."""
    ricalcola(origine="test")
    oggi = anonimo.get("/eventi/calendario/")["ETag"]
    domani = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr("programma.cache.timezone.localdate", lambda *a: domani)
    assert anonimo.get("/eventi/calendario/")["ETag"] != oggi


@pytest.mark.parametrize("query", ["?utm_source=x", "?regione=99", "?tema=nessuno", "?regione=03&regione=19", "?page=uno"])
def test_a_made_up_or_wrong_parameter_is_answered_but_not_kept(evento, anonimo, query):
    ricalcola(origine="test")
    _memoria.clear()
    response = anonimo.get("/eventi/calendario/" + query)
    assert response.status_code == 200 and not response.has_header("ETag")
    assert not [k for k in _memoria if k.startswith("pubblico:")]


def test_a_valid_filter_is_a_variant_of_its_own(evento, anonimo):
    ricalcola(origine="test")
    tutte = anonimo.get("/eventi/calendario/")
    lombardia = anonimo.get("/eventi/calendario/?regione=03")
    sicilia = anonimo.get("/eventi/calendario/?regione=19")
    assert len({tutte["ETag"], lombardia["ETag"], sicilia["ETag"]}) == 3
    assert "Seminario sul 5G" in lombardia.content.decode() and "Seminario sul 5G" not in sicilia.content.decode()


def test_a_404_is_not_kept(anonimo, programma):
    ricalcola(origine="test")
    _memoria.clear()
    assert anonimo.get("/regioni/atlantide/").status_code == 404
    assert not [k for k in _memoria if k.startswith("pubblico:")]


def test_a_logged_in_user_gets_their_own_page(evento, anonimo, client_coordinatore):
    ricalcola(origine="test")
    anonima = anonimo.get("/eventi/calendario/")
    propria = client_coordinatore.get("/eventi/calendario/")
    assert not propria.has_header("ETag") and "no-store" in propria["Cache-Control"]
    assert "Esci" in propria.content.decode() and "Esci" not in anonima.content.decode()


def test_nothing_is_kept_before_the_first_recount(evento, anonimo):
    response = anonimo.get("/eventi/calendario/")
    assert response.status_code == 200 and not response.has_header("ETag")


def test_it_rejects_post(anonimo, programma):
    assert anonimo.post("/eventi/calendario/").status_code == 405


def test_a_kept_body_is_sent_compressed_as_it_was_kept(evento, anonimo):
    """The body is compressed once, when it is kept: a visitor who accepts gzip gets those bytes (the
    same page), with a weak ETag that still revalidates; one who does not gets the plain body."""
    import gzip

    ricalcola(origine="test")
    chiaro = anonimo.get("/eventi/calendario/")
    compresso = anonimo.get("/eventi/calendario/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert "Content-Encoding" not in chiaro and compresso["Content-Encoding"] == "gzip"
    assert gzip.decompress(compresso.content) == chiaro.content
    assert "Accept-Encoding" in compresso["Vary"] and "Cookie" in compresso["Vary"]
    assert compresso["ETag"] == f"W/{chiaro['ETag']}"
    assert anonimo.get("/eventi/calendario/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=compresso["ETag"]).status_code == 304
    kept = [v for k, v in _memoria.items() if k.startswith("pubblico:")]
    assert kept and all(gzip.decompress(v[3]) == v[1] for v in kept)


def test_a_body_served_while_the_new_one_is_made_carries_its_own_etag(evento, anonimo, monkeypatch):
    """The previous version's body, served while another request makes the new one, keeps its own
    ETag: a client revalidating with it gets the new body once it is made, never a 304 for old data."""
    from django.core.cache import caches

    from contatori.generation import generazione
    from programma import cache

    nome = "http://testserver/eventi/calendario/?"
    ricalcola(origine="test")
    primo = anonimo.get("/eventi/calendario/")
    assert cache._ultimi[f"pubblico:{nome}"][1] == primo.content
    ricalcola(origine="test")
    monkeypatch.setattr(cache, "ATTESA_MASSIMA_SECONDI", 0)
    # Another request is making the new generation's body: its mark is set, its value not yet.
    volo = f"pubblico:{generazione().chiave}:{timezone.localdate().isoformat()}:{nome}:in-volo"
    caches["pagine"].add(volo, 1, 30)
    intanto = anonimo.get("/eventi/calendario/")
    assert intanto.content == primo.content and intanto["ETag"] == primo["ETag"]
    caches["pagine"].delete(volo)
    dopo = anonimo.get("/eventi/calendario/", HTTP_IF_NONE_MATCH=primo["ETag"])
    assert dopo.status_code == 200 and dopo["ETag"] != primo["ETag"]
