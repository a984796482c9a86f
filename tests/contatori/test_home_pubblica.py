"""The public home (/) and a region's public page (/regioni/<slug>/).

What it proves: a visitor's home says what the programme is and leads to the numbers (with their
targets), the region pages through the map, the documents, the calendar and the login; staff keep
their role's home; a region page is one click from /contatori/ (map and table) and shows the region's
counters against its targets, its phases, documents, events and enti, nothing of another region;
both cost a bounded number of queries, and a handful when warm.
"""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from contatori.models import Obiettivo
from contatori.services import ricalcola
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonimo():
    return Client()


@pytest.fixture
def pubblico(dati, progetto, altro_progetto):
    domani = timezone.localdate() + dt.timedelta(days=1)
    factories.EventoFactory(progetto=progetto, tipo="seminario", titolo="Seminario di Lombardia", data=domani, stato="pianificato", n_partecipanti=0,
        n_imprese=0)
    factories.EventoFactory(progetto=altro_progetto, tipo="tappa_roadshow", titolo="Tappa di Sicilia", data=domani, stato="pianificato", n_partecipanti=0,
        n_imprese=0)
    Obiettivo.objects.create(programma=progetto.programma, regione=progetto.regione, contatore="tavoli_svolti", valore=4)
    Obiettivo.objects.create(programma=progetto.programma, regione=None, contatore="tavoli_svolti", valore=30)
    ricalcola(origine="test")
    return dati


def test_a_visitor_gets_the_programmes_home(pubblico, anonimo):
    response = anonimo.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Confronto e concertazione" in html and "Roadshow camerale" in html  # the four phases
    assert 'href="/contatori/"' in html and 'href="/documenti/"' in html and 'href="/eventi/calendario/"' in html
    assert 'href="/accounts/login/"' in html and "Accedi" in html
    assert 'href="/regioni/lombardia/"' in html  # the map
    assert "su 30 di obiettivo" in html  # a national number with its target
    assert "Seminario di Lombardia" in html and "Tappa di Sicilia" in html


def test_staff_keep_their_role_home(pubblico, client_operatore):
    html = client_operatore.get("/").content.decode()
    assert "Gestisci le attività del progetto regionale Lombardia" in html
    assert "Le quattro fasi di ogni progetto regionale" not in html


def test_a_region_page_is_one_click_from_the_public_numbers(pubblico, anonimo):
    html = anonimo.get("/contatori/").content.decode()
    assert html.count('href="/regioni/lombardia/"') >= 2  # the map and the table


def test_a_region_page_shows_its_counters_targets_phases_events_and_enti(pubblico, anonimo):
    html = anonimo.get("/regioni/lombardia/").content.decode()
    assert "Il programma in Lombardia" in html
    riga = re.search(r'<tr data-contatore="tavoli_svolti">.*?</tr>', html, re.S).group(0)
    assert ">2<" in riga and ">3<" in riga and "4 · 50%" in riga  # Lombardia, Italy, its own target
    assert 'data-testid="fase-1"' in html and "Completata" in html
    assert "Seminario di Lombardia" in html and "Tappa di Sicilia" not in html
    assert "Unioncamere Lombardia" in html and "Camera di commercio di Bergamo" in html
    assert 'href="/eventi/calendario.ics?regione=03"' in html


def test_an_unknown_region_is_a_404(pubblico, anonimo):
    assert anonimo.get("/regioni/atlantide/").status_code == 404


@pytest.mark.parametrize("url", ["/", "/regioni/lombardia/"])
def test_a_warm_page_costs_at_most_one_query(pubblico, anonimo, url, django_assert_max_num_queries, monkeypatch):
    anonimo.get(url)
    monkeypatch.setattr("contatori.services.in_processo", lambda: False)  # as with a worker
    with django_assert_max_num_queries(1):  # the generation
        assert anonimo.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/", "/regioni/lombardia/"])
def test_a_cold_page_costs_the_same_with_more_data(pubblico, anonimo, url, progetto, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.CONTATORI_CACHE_SECONDI = 0

    def conta() -> int:
        with CaptureQueriesContext(connection) as query:
            assert anonimo.get(url).status_code == 200
        return len(query)

    prima = conta()
    for n in range(10):
        factories.EventoFactory(progetto=progetto, tipo="seminario", data=timezone.localdate() + dt.timedelta(days=n + 2), stato="pianificato",
            n_partecipanti=0, n_imprese=0)
        factories.ReportFactory(progetto=progetto, pubblicato=True)
    ricalcola(origine="test")
    assert conta() == prima
